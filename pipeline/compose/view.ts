/**
 * The data a template sees: a brief model seen by one audience — its sections in the audience's order
 * with key points within its budgets, opportunities, risks and actions, key figures and documents.
 * Article text is pre-escaped, so even `{{{…}}}` cannot emit live markup.
 * @module
 */
import Handlebars from "handlebars";
import { type Audience, audienceTitle } from "../config/schema.js";
import type { BriefModel, Point, Section, SectionKind } from "../structure/model.js";
import { selectPoints } from "../structure/points.js";

/** A section as templates see it. */
export interface SectionView {
  id: string;
  kind: SectionKind;
  kindLabel: string;
  heading: string | null;
  paragraphs: string[];
  points: Point[];
  firstParagraph: number;
}

/** Makes article text safe for templates: escaped once, so even `{{{…}}}` cannot emit live markup. */
function safeDeep(value: unknown): unknown {
  if (typeof value === "string") return new Handlebars.SafeString(Handlebars.Utils.escapeExpression(value));
  if (Array.isArray(value)) return value.map(safeDeep);
  if (value && typeof value === "object" && !(value instanceof Handlebars.SafeString)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, safeDeep(v)]));
  }
  return value;
}

const ORDER: SectionKind[] = ["context", "achievements", "challenges", "recommendations", "other"];

const OPPORTUNITY =
  /机遇|机会|契机|潜力|市场|需求|空间|红利|增长|前景|opportunit|demand|market|growth|potential|prospect/iu;
const BUSINESS =
  /企业|产业|行业|金融|资金|投资|融资|市场|平台|出海|走出去|商会|园区|供应链|compan|firm|business|industr|financ|invest|lender|bank|market|supply chain/iu;

/** Candidate points of the sections of some kinds, best first. */
function candidates(model: BriefModel, kinds: readonly SectionKind[]): (Point & { score: number })[] {
  return model.sections
    .filter((s) => kinds.includes(s.kind))
    .flatMap((s) => s.points.map((p) => ({ ...p, score: p.score ?? 0 })))
    .sort((a, b) => b.score - a.score || a.paragraph - b.paragraph);
}

/** Points matching a pattern (or, when none does, the best points), within a budget. */
function pick(
  points: (Point & { score: number })[],
  pattern: RegExp | null,
  budget: { count: number; maxChars: number },
): Point[] {
  const matching = pattern ? points.filter((p) => pattern.test(p.text)) : points;
  return selectPoints(matching.length > 0 ? matching : points, budget);
}

/** The clause of a sentence that holds a figure (split at ，；), for a short key-figures box. */
export function figureClause(sentence: string, value: string, max = 60): string {
  const clauses = sentence.split(/(?<=[，；,;：:])/u);
  const i = clauses.findIndex((c) => c.includes(value));
  if (i === -1) return sentence;
  let text = (clauses[i] as string).replace(/[，；,;：:。.]$/u, "");
  // Add the clause before when the figure's clause is too short to say what it counts.
  if ([...text].length < 14 && i > 0) text = `${(clauses[i - 1] as string).trim()}${text}`;
  const chars = [...text];
  return chars.length > max ? `${chars.slice(0, max - 1).join("")}…` : text;
}

/**
 * Joins sections without a heading that share a kind (an unheaded article's runs), so a brief shows
 * each kind once; headed sections stay as the author wrote them.
 */
function mergeUnheaded(sections: readonly Section[]): Section[] {
  const out: Section[] = [];
  for (const s of sections) {
    const same = s.heading === null ? out.find((o) => o.heading === null && o.kind === s.kind) : undefined;
    if (same) {
      same.paragraphs = [...same.paragraphs, ...s.paragraphs];
      same.points = [...same.points, ...s.points];
    } else out.push({ ...s });
  }
  return out;
}

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

/** The article's own fields as templates see them (`brief.*`). */
function articleFields(model: BriefModel) {
  return {
    title: model.title,
    subtitle: model.subtitle ?? null,
    authors: model.authors,
    column: model.column ?? null,
    date: model.date ?? null,
    authorNote: model.authorNote ?? null,
    fundingNote: model.fundingNote ?? null,
    notes: model.notes,
    source: model.source,
    origin: model.origin ?? null,
    /** The original's address when it is a web page (shown as a link). */
    originUrl: model.origin && /^https?:\/\//i.test(model.origin) ? model.origin : null,
    fetchedAt: model.fetchedAt ?? null,
    slug: model.slug,
  };
}

/**
 * Builds the data a template sees. Article text is pre-escaped (see README, "Templates").
 * @param model the brief model
 * @param key the audience key
 * @param audience the audience's config
 * @param labels labels in the article's language
 * @param date the brief's date
 * @param level shrink level (0 = the audience's own budgets)
 */
export function buildView(
  model: BriefModel,
  key: string,
  audience: Audience,
  labels: Record<string, string>,
  date: Date,
  level = 0,
) {
  const budget = budgetAt(audience, level);
  const pointBudget = { count: budget.points, maxChars: budget.pointChars };
  const kinds = audience.sections;
  const sections: SectionView[] = mergeUnheaded(model.sections)
    .filter((s) => kinds.includes(s.kind))
    .sort(
      (a, b) =>
        kinds.indexOf(a.kind) - kinds.indexOf(b.kind) ||
        ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind) ||
        a.firstParagraph - b.firstParagraph,
    )
    .map((s, i) => ({
      id: String(i + 1),
      kind: s.kind,
      kindLabel: labels[s.kind] ?? s.kind,
      heading: s.heading,
      paragraphs: s.paragraphs,
      firstParagraph: s.firstParagraph,
      points: selectPoints(
        [...s.points]
          .sort((a, b) => (b.score ?? 0) - (a.score ?? 0))
          .map((p) => ({ ...p, score: p.score ?? 0 })),
        pointBudget,
      ),
    }));
  // Dates say when, not how much: they fill the box only when too few other figures exist.
  const ranked = [
    ...model.keyFigures.filter((f) => f.kind !== "date"),
    ...model.keyFigures.filter((f) => f.kind === "date"),
  ];
  const figures = ranked
    .slice(0, budget.figures)
    .map((f) => ({ ...f, clause: figureClause(f.sentence, f.value) }));
  return {
    lang: model.lang,
    labels,
    audience: { key, title: audienceTitle(audience, key, model.lang) },
    date: date.toISOString().slice(0, 10),
    showProvenance: audience.provenance,
    brief: safeDeep(articleFields(model)),
    bottomLine: safeDeep(model.bottomLine),
    sections: sections.map((s) => ({
      ...s,
      heading: safeDeep(s.heading),
      paragraphs: safeDeep(s.paragraphs),
      points: safeDeep(s.points),
    })),
    opportunities: safeDeep(pick(candidates(model, ["context", "achievements"]), OPPORTUNITY, pointBudget)),
    risks: safeDeep(pick(candidates(model, ["challenges"]), null, pointBudget)),
    actions: safeDeep(
      pick(candidates(model, ["recommendations"]), BUSINESS, {
        ...pointBudget,
        count: pointBudget.count + 1,
      }),
    ),
    keyFigures: safeDeep(figures),
    references: safeDeep(model.references),
  };
}
