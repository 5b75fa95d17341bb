/**
 * Leave-one-source-out cross-validation of the whole structure stage (`npm run train -- --cv`): for
 * each source of the training articles (a repository or site), a model is trained on the other
 * sources and the structure stage is scored on that source's articles. The held-out predictions of
 * every fold add up to one score — accuracy, per-kind recall and a confusion matrix — so one sees
 * where sources the model has never read fail. Never touches dev.
 * @module
 */
import type { Fixture } from "../eval/corpus.js";
import { confusion, kindTable, shapeTable } from "../eval/format.js";
import { addShape, evaluate, type Summary } from "../eval/index.js";
import { addInto, emptyScore, ratio, type Score } from "../eval/score.js";
import { PROJECT_ROOT } from "../paths.js";
import type { Classifier } from "./classifier.js";
import type { Cues } from "./cues.js";
import { SECTION_KINDS } from "./model.js";
import {
  asClassifier,
  collectTraining,
  sourceOf,
  type TrainingSet,
  type TrainOptions,
  trainModel,
} from "./training.js";

/** One held-out source's score. */
export interface Fold {
  source: string;
  score: Score;
}

/** What cross-validation gave: each fold, and their held-out predictions added up. */
export interface CrossValidation {
  folds: Fold[];
  total: Score;
  /** The held-out predictions per shape (language × headed or not). */
  shapes: Summary["shapes"];
}

/** The part of a training set that comes from some articles. */
export function subsetOf(set: TrainingSet, articles: ReadonlySet<string>): TrainingSet {
  return {
    paragraphs: set.paragraphs.filter((r) => articles.has(r.article)),
    headings: set.headings.filter((r) => articles.has(r.article)),
    articles: articles.size,
  };
}

/** One fold: a held-out source's articles and the model trained without them. */
export interface HeldOut {
  source: string;
  fixtures: Fixture[];
  classifier: Classifier;
}

/**
 * Makes the folds of a leave-one-source-out cross-validation.
 * @param fixtures the training articles (train and seed: never dev)
 * @param all their labelled texts
 * @param options training options
 */
export function foldsOf(
  fixtures: readonly Fixture[],
  all: TrainingSet,
  options: TrainOptions = {},
): HeldOut[] {
  if (fixtures.some((f) => f.group === "dev"))
    throw new Error("dev articles are never tuned or cross-validated on");
  return [...new Set(fixtures.map(sourceOf))].sort().map((source) => {
    const rest = new Set(fixtures.filter((f) => sourceOf(f) !== source).map((f) => f.name));
    return {
      source,
      fixtures: fixtures.filter((f) => sourceOf(f) === source),
      classifier: asClassifier(trainModel(subsetOf(all, rest), options)),
    };
  });
}

/**
 * Scores the structure stage on a fold's held-out articles with its model.
 * @param shapes when given, the fold's counts per shape are added into it
 */
export async function scoreFold(fold: HeldOut, cues: Cues, shapes?: Summary["shapes"]): Promise<Score> {
  const result = await evaluate(PROJECT_ROOT, {
    cues,
    classifier: fold.classifier,
    fixtures: fold.fixtures,
    groups: ["seed", "train"],
  });
  const score = emptyScore();
  for (const s of [result.seed, result.train]) {
    if (!s) continue;
    addInto(score, s.score);
    if (shapes) for (const [key, c] of Object.entries(s.shapes)) addShape(shapes, key, c);
  }
  return score;
}

/**
 * Cross-validates by source.
 * @param fixtures the training articles (train and seed: never dev)
 * @param cues the cue lists the structure stage uses
 * @param options training options (default: what `npm run train` uses)
 * @param collected the fixtures' labelled texts, when already read (they do not depend on the fold)
 */
export async function crossValidate(
  fixtures: readonly Fixture[],
  cues: Cues,
  options: TrainOptions = {},
  collected?: TrainingSet,
): Promise<CrossValidation> {
  if (fixtures.some((f) => f.group === "dev")) throw new Error("dev articles are never cross-validated on");
  const all = collected ?? (await collectTraining(fixtures, cues));
  const folds: Fold[] = [];
  const total = emptyScore();
  const shapes: Summary["shapes"] = {};
  for (const fold of foldsOf(fixtures, all, options)) {
    const score = await scoreFold(fold, cues, shapes);
    folds.push({ source: fold.source, score });
    addInto(total, score);
  }
  return { folds, total, shapes };
}

/** The lowest recall over the kinds a score's gold uses. */
export function lowestRecall(score: Score): number {
  const recalls = SECTION_KINDS.filter((k) => score.perKind[k].gold > 0).map((k) =>
    ratio(score.perKind[k].recalled, score.perKind[k].gold),
  );
  return recalls.length === 0 ? 1 : Math.min(...recalls);
}

/** Accuracy averaged over folds (each source counts once, however many paragraphs it has). */
export function macroAccuracy(cv: CrossValidation): number {
  if (cv.folds.length === 0) return 1;
  return cv.folds.reduce((a, f) => a + ratio(f.score.correct, f.score.units), 0) / cv.folds.length;
}

/**
 * Formats a cross-validation for a person: each held-out source's accuracy (and misses when asked),
 * then every held-out paragraph together: accuracy, the mean over sources, per-kind precision and
 * recall, and the confusion matrix.
 * @param cv the cross-validation
 * @param options `misses`: list each fold's misses (training sources only: never dev)
 */
export function formatCrossValidation(cv: CrossValidation, options: { misses?: boolean } = {}): string {
  const f3 = (n: number) => n.toFixed(3);
  const lines = ["held out by source (a model trained on the other sources, the structure stage scored):"];
  for (const { source, score } of cv.folds) {
    lines.push(
      `  ${source.padEnd(48)} ${f3(ratio(score.correct, score.units))} (${score.correct}/${score.units})`,
    );
    if (options.misses) for (const m of score.misses) lines.push(`    miss: ${m}`);
  }
  const t = cv.total;
  lines.push(
    `all held-out paragraphs: accuracy ${f3(ratio(t.correct, t.units))} (${t.correct}/${t.units}), ` +
      `mean over sources ${f3(macroAccuracy(cv))}, lowest kind recall ${f3(lowestRecall(t))}`,
    ...kindTable({ score: t }),
    ...confusion({ score: t }),
    ...shapeTable(cv),
  );
  return lines.join("\n");
}
