/**
 * `npm run eval`: scores the structure stage against labelled fixtures — the seed gold plus the
 * articles in `test/fixtures/eval/` — and prints per-kind precision/recall, overall accuracy of section
 * kinds, key-figure recall and reference recall.
 * @module
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { z } from "zod";
import { type Cues, loadCues } from "./structure/cues.js";
import { type BriefModel, SECTION_KINDS, type SectionKind } from "./structure/model.js";
import { structureSource } from "./structure/structure.js";

const KindList = z.array(z.enum(SECTION_KINDS)).min(1);
/** One labelled article. */
export const GoldArticleSchema = z.object({
  title: z.string(),
  bodyParagraphs: z.number().int().optional(),
  sections: z.array(z.object({ heading: z.string().nullable(), kinds: KindList })).optional(),
  paragraphs: z.array(z.object({ startsWith: z.string(), kinds: KindList })).optional(),
  keyFigures: z.array(z.string()).default([]),
  references: z.array(z.string()).default([]),
});
/** A labelled article. */
export type GoldArticle = z.infer<typeof GoldArticleSchema>;

/** A fixture: a source and its labels. */
export interface Fixture {
  name: string;
  group: "seed" | "other" | "holdout";
  file: string;
  gold: GoldArticle;
}

/** Counts for one fixture or a group. */
export interface Score {
  units: number;
  correct: number;
  figures: { found: number; total: number };
  references: { found: number; total: number };
  /** kind → true positives, predicted, gold-primary count, recalled */
  perKind: Record<SectionKind, { tp: number; predicted: number; gold: number; recalled: number }>;
  misses: string[];
}

function emptyScore(): Score {
  const perKind = Object.fromEntries(
    SECTION_KINDS.map((k) => [k, { tp: 0, predicted: 0, gold: 0, recalled: 0 }]),
  ) as Score["perKind"];
  return {
    units: 0,
    correct: 0,
    figures: { found: 0, total: 0 },
    references: { found: 0, total: 0 },
    perKind,
    misses: [],
  };
}

/**
 * Lists the fixtures: the seed gold (its articles matched to `sources/<seed>-N.md`) and every
 * `<name>.md` with a `<name>.gold.json` in the eval folder.
 * @param root the project root
 */
export function listFixtures(root: string): Fixture[] {
  const fixtures: Fixture[] = [];
  const seedGold = JSON.parse(readFileSync(join(root, "test/fixtures/seed.gold.json"), "utf8")) as {
    articles: unknown[];
  };
  seedGold.articles.forEach((a, i) => {
    fixtures.push({
      name: `seed-${i + 1}`,
      group: "seed",
      file: join(root, `sources/000_5f243a6afe7eb4cc-${i + 1}.md`),
      gold: GoldArticleSchema.parse(a),
    });
  });
  // eval/: labelled articles used while writing the cue lists; eval-holdout/: never tuned on.
  for (const [folder, group] of [
    ["eval", "other"],
    ["eval-holdout", "holdout"],
  ] as const) {
    const dir = join(root, "test/fixtures", folder);
    if (!existsSync(dir)) continue;
    for (const entry of readdirSync(dir).sort()) {
      if (!entry.endsWith(".gold.json")) continue;
      const name = entry.slice(0, -".gold.json".length);
      const file = join(dir, `${name}.md`);
      if (!existsSync(file)) continue;
      fixtures.push({
        name,
        group,
        file,
        gold: GoldArticleSchema.parse(JSON.parse(readFileSync(join(dir, entry), "utf8"))),
      });
    }
  }
  return fixtures;
}

function unitsOf(
  model: BriefModel,
  gold: GoldArticle,
): { label: string; predicted: SectionKind | undefined; kinds: SectionKind[] }[] {
  if (gold.sections) {
    return gold.sections.map((g) => ({
      label: g.heading ?? "(lead)",
      predicted: model.sections.find((s) => s.heading === g.heading)?.kind,
      kinds: g.kinds,
    }));
  }
  const kinds = model.sections.flatMap((s) => s.paragraphs.map((p) => ({ p, kind: s.kind })));
  return (gold.paragraphs ?? []).map((g, i) => ({
    label: `¶${i + 1} ${g.startsWith}`,
    predicted: kinds.find((k) => k.p.startsWith(g.startsWith))?.kind ?? kinds[i]?.kind,
    kinds: g.kinds,
  }));
}

/**
 * Scores one fixture.
 * @param fixture the source and labels
 * @param cues the cue lists
 */
export function scoreFixture(fixture: Fixture, cues: Cues): Score {
  const score = emptyScore();
  const model = structureSource(
    readFileSync(fixture.file, "utf8"),
    fixture.file,
    basename(fixture.file, ".md"),
    { cues },
  ).model;
  for (const unit of unitsOf(model, fixture.gold)) {
    score.units++;
    const ok = unit.predicted !== undefined && unit.kinds.includes(unit.predicted);
    if (ok) score.correct++;
    else
      score.misses.push(
        `${fixture.name}: ${unit.label} → ${unit.predicted ?? "missing"} (gold ${unit.kinds.join("/")})`,
      );
    const primary = unit.kinds[0] as SectionKind;
    score.perKind[primary].gold++;
    if (ok) score.perKind[primary].recalled++;
    if (unit.predicted) {
      score.perKind[unit.predicted].predicted++;
      if (ok) score.perKind[unit.predicted].tp++;
    }
  }
  const values = model.keyFigures.map((f) => f.value);
  for (const v of fixture.gold.keyFigures) {
    score.figures.total++;
    // A figure counts as found when written the same, with or without its noun (86项 / 86项改革举措).
    if (values.some((x) => x === v || x.startsWith(v) || v.startsWith(x))) score.figures.found++;
    else score.misses.push(`${fixture.name}: key figure ${v} not found`);
  }
  const titles = model.references.map((r) => r.title);
  for (const r of fixture.gold.references) {
    score.references.total++;
    if (titles.includes(r)) score.references.found++;
    else score.misses.push(`${fixture.name}: reference ${r} not found`);
  }
  return score;
}

function add(a: Score, b: Score): Score {
  const out = emptyScore();
  out.units = a.units + b.units;
  out.correct = a.correct + b.correct;
  out.figures = { found: a.figures.found + b.figures.found, total: a.figures.total + b.figures.total };
  out.references = {
    found: a.references.found + b.references.found,
    total: a.references.total + b.references.total,
  };
  for (const k of SECTION_KINDS) {
    out.perKind[k] = {
      tp: a.perKind[k].tp + b.perKind[k].tp,
      predicted: a.perKind[k].predicted + b.perKind[k].predicted,
      gold: a.perKind[k].gold + b.perKind[k].gold,
      recalled: a.perKind[k].recalled + b.perKind[k].recalled,
    };
  }
  out.misses = [...a.misses, ...b.misses];
  return out;
}

const ratio = (n: number, d: number) => (d === 0 ? 1 : n / d);

/** The headline numbers of a group. */
export interface Summary {
  accuracy: number;
  figureRecall: number;
  referenceRecall: number;
  score: Score;
}

/** Scores every fixture, grouped into seed and other. */
export function evaluate(
  root: string,
  cues: Cues = loadCues(),
): { seed: Summary; other: Summary; holdout: Summary; fixtures: number } {
  const fixtures = listFixtures(root);
  const groups = { seed: emptyScore(), other: emptyScore(), holdout: emptyScore() };
  for (const f of fixtures) groups[f.group] = add(groups[f.group], scoreFixture(f, cues));
  const summary = (s: Score): Summary => ({
    accuracy: ratio(s.correct, s.units),
    figureRecall: ratio(s.figures.found, s.figures.total),
    referenceRecall: ratio(s.references.found, s.references.total),
    score: s,
  });
  return {
    seed: summary(groups.seed),
    other: summary(groups.other),
    holdout: summary(groups.holdout),
    fixtures: fixtures.length,
  };
}

/** Formats an evaluation as a table for a person. */
export function formatEvaluation(result: ReturnType<typeof evaluate>): string {
  const lines: string[] = [`structure evaluation over ${result.fixtures} fixtures`];
  const f = (n: number) => n.toFixed(3);
  for (const [name, s] of [
    ["seed gold", result.seed],
    ["other fixtures (used while tuning cues)", result.other],
    ["held-out fixtures (never tuned on)", result.holdout],
  ] as const) {
    lines.push("", `${name}: section-kind accuracy ${f(s.accuracy)} (${s.score.correct}/${s.score.units})`);
    lines.push(
      `  key-figure recall ${f(s.figureRecall)} (${s.score.figures.found}/${s.score.figures.total}), reference recall ${f(s.referenceRecall)} (${s.score.references.found}/${s.score.references.total})`,
    );
    lines.push("  kind             precision  recall   (predicted / gold)");
    for (const k of SECTION_KINDS) {
      const p = s.score.perKind[k];
      if (p.predicted === 0 && p.gold === 0) continue;
      lines.push(
        `  ${k.padEnd(16)} ${f(ratio(p.tp, p.predicted)).padStart(9)}  ${f(ratio(p.recalled, p.gold)).padStart(6)}   (${p.predicted} / ${p.gold})`,
      );
    }
    for (const m of s.score.misses) lines.push(`  miss: ${m}`);
  }
  return lines.join("\n");
}
