/**
 * `npm run eval`: scores the structure stage per paragraph against the labelled articles — the seed,
 * the corpus's train and dev splits, and the old synthetic fixtures — each group on its own.
 *
 * Honesty rule: dev is for reading scores, never texts. Nothing here keeps a dev article's misses or
 * per-article numbers, so no output can show them; rules and weights are tuned on train and the seed.
 * @module
 */
import { basename } from "node:path";
import type { Classifier } from "../structure/classifier.js";
import { type Cues, loadCues } from "../structure/cues.js";
import { SECTION_KINDS } from "../structure/model.js";
import { parseSource } from "../structure/parse.js";
import { detectLang, type Structured, structureSource } from "../structure/structure.js";
import { align, type Read } from "./align.js";
import { type Fixture, GROUPS, type Group, listFixtures, sourcesOf } from "./corpus.js";
import { addInto, countExtras, countUnit, emptyScore, ratio, type Score } from "./score.js";

export { type Fixture, GoldArticleSchema, type Group, listFixtures } from "./corpus.js";

/** The headline numbers of a group. */
export interface Summary {
  accuracy: number;
  /** The lowest recall over the kinds the gold uses. */
  minRecall: number;
  figureRecall: number;
  referenceRecall: number;
  score: Score;
  /** Per article (never for dev): name, accuracy, paragraphs. */
  articles: { name: string; accuracy: number; units: number }[];
  /** Per shape (language × headed or not; aggregates, so dev too): articles, paragraphs, correct. */
  shapes: Record<string, { articles: number; units: number; correct: number }>;
}

/**
 * The shape an article is scored under: its language (the gold's, else its title's) and whether
 * its gold labels headings or paragraphs — `zh headed`, `en unheaded`.
 */
export function shapeOf(fixture: Fixture): string {
  const lang = fixture.gold.lang ?? detectLang(fixture.gold.title);
  return `${lang} ${fixture.gold.paragraphs ? "unheaded" : "headed"}`;
}

/** What an evaluation gave, per group. */
export type Evaluation = Record<Group, Summary>;

/** A source the structure stage rejects: its headings and paragraphs, with no kind. */
function failed(text: string, file: string): Read {
  const { blocks } = parseSource(text, file);
  const paragraphs = blocks.filter((b) => b.type === "paragraph").map((b) => b.text);
  const outline: Structured["outline"] = [];
  let n = 0;
  for (const b of blocks) {
    if (b.type === "heading") outline.push({ text: b.text, paragraph: n });
    else n++;
  }
  const section = { kind: undefined, heading: null, paragraphs, firstParagraph: 0, points: [] };
  return {
    model: { title: "", sections: [section], keyFigures: [], references: [] },
    outline,
  } as unknown as Read;
}

/** Structures a fixture the way a user's file would be (a page gives several sources). */
export async function structureFixture(
  fixture: Fixture,
  cues: Cues,
  classifier?: Classifier,
): Promise<Read[]> {
  const sources = await sourcesOf(fixture);
  return sources.map((s) => {
    try {
      return structureSource(s.text, s.file, s.slug || basename(s.file), {
        cues,
        ...(classifier ? { classifier } : {}),
      });
    } catch {
      return failed(s.text, s.file);
    }
  });
}

/**
 * Scores one fixture.
 * @param fixture the article and its labels
 * @param cues the cue lists
 */
export async function scoreFixture(fixture: Fixture, cues: Cues, classifier?: Classifier): Promise<Score> {
  const results = await structureFixture(fixture, cues, classifier);
  const score = emptyScore();
  score.articles = 1;
  const { units, unlocated } = align(results, fixture.gold);
  for (const unit of units) countUnit(score, unit, fixture.name);
  score.unlocated = unlocated.length;
  for (const h of unlocated) score.misses.push(`${fixture.name}: gold heading not found in the text: ${h}`);
  countExtras(
    score,
    {
      figures: results.flatMap((r) => r.model.keyFigures.map((f) => f.value)),
      references: results.flatMap((r) => r.model.references.map((x) => x.title)),
    },
    fixture.gold,
    fixture.name,
  );
  // Dev articles are scored, never shown: their misses are dropped here.
  if (fixture.group === "dev") score.misses = [];
  return score;
}

/** Adds an article's (or a group's) counts into a shape's cell. */
export function addShape(
  shapes: Summary["shapes"],
  key: string,
  c: { articles: number; units: number; correct: number },
): void {
  const cell = shapes[key] ?? { articles: 0, units: 0, correct: 0 };
  cell.articles += c.articles;
  cell.units += c.units;
  cell.correct += c.correct;
  shapes[key] = cell;
}

function summarise(score: Score, articles: Summary["articles"], shapes: Summary["shapes"]): Summary {
  const recalls = SECTION_KINDS.filter((k) => score.perKind[k].gold > 0).map((k) =>
    ratio(score.perKind[k].recalled, score.perKind[k].gold),
  );
  return {
    accuracy: ratio(score.correct, score.units),
    minRecall: recalls.length === 0 ? 1 : Math.min(...recalls),
    figureRecall: ratio(score.figures.found, score.figures.total),
    referenceRecall: ratio(score.references.found, score.references.total),
    score,
    articles,
    shapes,
  };
}

/**
 * Scores every labelled article of the project, group by group.
 * @param root the project root
 * @param options the cue lists (default: the shipped ones) and the groups to score (default: all)
 */
export async function evaluate(
  root: string,
  options: {
    cues?: Cues;
    groups?: readonly Group[];
    classifier?: Classifier;
    fixtures?: readonly Fixture[];
  } = {},
): Promise<Partial<Evaluation>> {
  const cues = options.cues ?? loadCues();
  const wanted = new Set(options.groups ?? GROUPS);
  const totals = new Map<Group, Score>();
  const articles = new Map<Group, Summary["articles"]>();
  const shapes = new Map<Group, Summary["shapes"]>();
  for (const fixture of options.fixtures ?? listFixtures(root)) {
    if (!wanted.has(fixture.group)) continue;
    const score = await scoreFixture(fixture, cues, options.classifier);
    const total = totals.get(fixture.group) ?? emptyScore();
    addInto(total, score);
    totals.set(fixture.group, total);
    const byShape = shapes.get(fixture.group) ?? {};
    addShape(byShape, shapeOf(fixture), { ...score, articles: 1 });
    shapes.set(fixture.group, byShape);
    if (fixture.group !== "dev") {
      const list = articles.get(fixture.group) ?? [];
      list.push({ name: fixture.name, accuracy: ratio(score.correct, score.units), units: score.units });
      articles.set(fixture.group, list);
    }
  }
  const out: Partial<Evaluation> = {};
  for (const [group, score] of totals)
    out[group] = summarise(score, articles.get(group) ?? [], shapes.get(group) ?? {});
  return out;
}

/** The targets `npm run eval -- --check` holds the project to. */
export const TARGETS = {
  seedAccuracy: 0.95,
  devAccuracy: 0.9,
  devMinRecall: 0.8,
  seedFigureRecall: 0.9,
  seedReferenceRecall: 0.9,
} as const;

/**
 * The targets missed (empty when all are met).
 * @param result an evaluation that includes the seed and dev
 */
export function missedTargets(result: Partial<Evaluation>): string[] {
  const out: string[] = [];
  const { seed, dev } = result;
  if (seed && seed.accuracy < TARGETS.seedAccuracy) out.push(`seed accuracy < ${TARGETS.seedAccuracy}`);
  if (seed && seed.figureRecall < TARGETS.seedFigureRecall) out.push("seed key-figure recall < 0.9");
  if (seed && seed.referenceRecall < TARGETS.seedReferenceRecall) out.push("seed reference recall < 0.9");
  if (dev && dev.accuracy < TARGETS.devAccuracy) out.push(`dev accuracy < ${TARGETS.devAccuracy}`);
  if (dev && dev.minRecall < TARGETS.devMinRecall) out.push(`a kind's dev recall < ${TARGETS.devMinRecall}`);
  return out;
}
