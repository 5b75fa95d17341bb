/**
 * Budgets: how many points each section shows, how long a point may be, how many key figures. An
 * audience's own budgets show a section's enumeration in full (up to twice its point count); an
 * audience fitted to its pages gets a ladder of ever larger budgets for the fitter to search.
 * @module
 */
import type { Audience } from "../config/schema.js";
import type { SectionKind } from "../structure/model.js";

/** What one brief may hold. */
export interface Budget {
  /** Points per section, in the view's section order. */
  counts: number[];
  /** Characters per point (Chinese; English points may hold twice as many letters). */
  chars: number;
  figures: number;
}

/** What budgets need to know of a section. */
export interface Sized {
  kind: SectionKind;
  /** Candidates available. */
  available: number;
  /** Enumerated items among them. */
  items: number;
  /** Each candidate's worth, in the section's order: 1 for an item, else from its relevance. */
  worth: number[];
}

/** How much an executive reader needs each kind: risks and recommendations first, context last. */
const KIND_WEIGHT: Record<SectionKind, number> = {
  challenges: 1.15,
  recommendations: 1.15,
  achievements: 1,
  context: 0.85,
  other: 0.7,
};

/**
 * Budgets at a shrink level: level 0 is the audience's own; each level takes one point per section,
 * one figure and 10 characters per point off, down to one point, one figure, 30 characters.
 */
export function budgetAt(audience: Audience, level: number) {
  return {
    points: Math.max(1, audience.points - level),
    pointChars: Math.max(30, audience.pointChars - 10 * level),
    figures: Math.max(Math.min(1, audience.figures), audience.figures - level),
  };
}

/**
 * The budget of an audience that is not fitted, at a shrink level: each section shows `points`, or
 * its whole enumeration when it has one (up to twice `points`).
 * @param sections the view's sections
 * @param audience the audience
 * @param level shrink level (0 = the audience's own)
 */
export function ownBudget(sections: readonly Sized[], audience: Audience, level: number): Budget {
  const b = budgetAt(audience, level);
  return {
    counts: sections.map((s) => Math.min(s.available, Math.max(b.points, Math.min(s.items, b.points * 2)))),
    chars: b.pointChars,
    figures: b.figures,
  };
}

/** Most points a fitted section may show. */
const MAX_POINTS = 12;

/** The worth of a section's next point: its kind, the candidate, and how many it already shows. */
const nextWorth = (s: Sized, shown: number) => KIND_WEIGHT[s.kind] * (s.worth[shown] ?? 0) * 0.78 ** shown;

/**
 * Rungs below one point per section, for articles with more sections than a page holds: sections
 * are left out from the least worth on, but each kind keeps its best section. Least content first.
 */
function sparest(sections: readonly Sized[], one: readonly number[], figures: number): Budget[] {
  const best = new Map<SectionKind, number>();
  sections.forEach((s, i) => {
    const b = best.get(s.kind);
    if (s.available > 0 && (b === undefined || nextWorth(s, 0) > nextWorth(sections[b] as Sized, 0)))
      best.set(s.kind, i);
  });
  const droppable = sections
    .map((_, i) => i)
    .filter((i) => (one[i] as number) > 0 && ![...best.values()].includes(i))
    .sort((a, b) => nextWorth(sections[a] as Sized, 0) - nextWorth(sections[b] as Sized, 0));
  const rungs: Budget[] = [];
  const counts = [...one];
  for (const i of droppable) {
    counts[i] = 0;
    rungs.push({ counts: [...counts], chars: 30, figures });
  }
  return rungs.reverse();
}

/**
 * The ladder of budgets for a fitted audience, from the most content down to the least. Going up from
 * the bottom: characters per point grow to the audience's own with one point per section; then points
 * are added one at a time where the next is worth most (its section's kind, its relevance or being an
 * enumerated item, fewer already shown), so a section's enumeration comes whole before its details and
 * distinct sections before a second look at one; once the points left are worth little, points may
 * grow longer.
 * @param sections the view's sections
 * @param audience the audience (its pointChars and figures are the middle of the ladder)
 */
export function fitLadder(sections: readonly Sized[], audience: Audience): Budget[] {
  const up: Budget[] = [];
  const one = sections.map((s) => Math.min(1, s.available));
  const { pointChars, figures } = audience;
  up.push(...sparest(sections, one, Math.min(1, audience.figures)));
  for (let c = 30; c < pointChars; c += 10)
    up.push({
      counts: one,
      chars: c,
      figures: Math.max(Math.min(1, figures), figures - Math.ceil((pointChars - c) / 10)),
    });
  const counts = [...one];
  let chars = pointChars;
  const push = () => up.push({ counts: [...counts], chars, figures });
  push();
  const thresholds = [0.45, 0.3];
  for (;;) {
    let best = -1;
    let worth = 0;
    sections.forEach((s, i) => {
      const shown = counts[i] as number;
      if (shown >= Math.min(s.available, MAX_POINTS)) return;
      const w = nextWorth(s, shown);
      if (w > worth) {
        worth = w;
        best = i;
      }
    });
    if (best === -1) break;
    while (thresholds.length > 0 && worth < (thresholds[0] as number)) {
      thresholds.shift();
      chars += 15;
      push();
    }
    counts[best] = (counts[best] as number) + 1;
    push();
  }
  return up.reverse();
}
