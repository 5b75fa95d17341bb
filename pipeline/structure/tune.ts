/**
 * `npm run train -- --tune`: searches the cue file's weights, priors and thresholds for the values
 * that carry best to sources the model has not read, by leave-one-source-out cross-validation over
 * the training articles (never dev). Coordinate search: one number at a time, a few candidate values
 * each, kept when the held-out objective improves; the result is printed as a cue-file snippet to
 * paste into `cues.yaml` (or one's own cue file). A change that costs the seed a paragraph (scored with the
 * model trained on everything) or breaks a kept behaviour (probes.ts) is never kept. Deterministic.
 * @module
 */
import type { Fixture } from "../eval/corpus.js";
import { evaluate } from "../eval/index.js";
import { addInto, emptyScore, ratio, type Score } from "../eval/score.js";
import { PROJECT_ROOT } from "../paths.js";
import type { Classifier } from "./classifier.js";
import { foldsOf, type HeldOut, scoreFold } from "./crossval.js";
import { type Cues, type Tuning, WEIGHT_KEYS } from "./cues.js";
import { SECTION_KINDS } from "./model.js";
import { brokenProbes } from "./probes.js";
import { asClassifier, collectTraining, trainModel } from "./training.js";

/** A number of the tuning, by path, with the values worth trying around the current one. */
interface Knob {
  path: string;
  get(t: Tuning): number;
  set(t: Tuning, v: number): void;
  tries(v: number): number[];
}

const scaled = (v: number): number[] =>
  v === 0 ? [0.25, 0.5, 1] : [0, v * 0.5, v * 0.75, v * 1.25, v * 1.5, v * 2];
const shifted = (v: number): number[] => [-1, -0.5, 0.5, 1].map((d) => v + d);

/** Every number the search may move: each weight, each kind's prior (lead, all), the thresholds. */
export function knobs(): Knob[] {
  const out: Knob[] = [];
  for (const k of WEIGHT_KEYS)
    out.push({
      path: `weights.${k}`,
      get: (t) => t.weights[k],
      set: (t, v) => {
        t.weights[k] = Math.max(0, v);
      },
      tries: scaled,
    });
  for (const p of ["all", "lead"] as const)
    for (const kind of SECTION_KINDS)
      out.push({
        path: `priors.${p}.${kind}`,
        get: (t) => t.priors[p][kind],
        set: (t, v) => {
          t.priors[p][kind] = v;
        },
        tries: shifted,
      });
  for (const k of ["minScore", "modelScale", "strongHeading"] as const)
    out.push({
      path: `thresholds.${k}`,
      get: (t) => t.thresholds[k],
      set: (t, v) => {
        t.thresholds[k] = v;
      },
      tries: (v) => scaled(v).filter((x) => x > 0 || k === "minScore"),
    });
  return out;
}

/** The held-out score of a tuning over every fold. */
async function heldOut(folds: readonly HeldOut[], cues: Cues, tuning: Tuning): Promise<Score[]> {
  const scores: Score[] = [];
  for (const fold of folds) scores.push(await scoreFold(fold, { ...cues, tuning }));
  return scores;
}

/**
 * What the search maximises: held-out accuracy over all paragraphs and averaged over sources, plus a
 * share of the lowest kind recall (a kind the stage never gives costs more than its paragraphs).
 */
export function objective(scores: readonly Score[]): number {
  const total = emptyScore();
  for (const s of scores) addInto(total, s);
  const micro = ratio(total.correct, total.units);
  const macro = scores.reduce((a, s) => a + ratio(s.correct, s.units), 0) / Math.max(1, scores.length);
  const recalls = SECTION_KINDS.filter((k) => total.perKind[k].gold > 0).map((k) =>
    ratio(total.perKind[k].recalled, total.perKind[k].gold),
  );
  return (micro + macro) / 2 + 0.2 * Math.min(...recalls);
}

/**
 * The seed's paragraphs placed right by the model trained on everything (as `npm run eval` does):
 * a change that costs the seed a paragraph is not kept, however much it gains held out (the seed's
 * briefs must keep every essential).
 */
export async function seedCorrect(
  fixtures: readonly Fixture[],
  cues: Cues,
  classifier: Classifier,
): Promise<number> {
  const seed = fixtures.filter((f) => f.group === "seed");
  if (seed.length === 0) return 0;
  const result = await evaluate(PROJECT_ROOT, { cues, classifier, fixtures: seed, groups: ["seed"] });
  return result.seed?.score.correct ?? 0;
}

/** A change is kept only when it gains at least this much (smaller gains are a few paragraphs: noise). */
const MIN_GAIN = 1e-3;

const copy = (t: Tuning): Tuning => JSON.parse(JSON.stringify(t)) as Tuning;

/**
 * Tunes by coordinate search.
 * @param fixtures the training articles (train and seed)
 * @param cues the cue lists, whose tuning is the starting point
 * @param log where progress goes
 * @param passes how many times every knob is tried
 * @param fixed knobs (paths such as `weights.parent`) left as they are
 */
export async function tune(
  fixtures: readonly Fixture[],
  cues: Cues,
  log: (line: string) => void,
  passes = 2,
  fixed: readonly string[] = [],
): Promise<{ tuning: Tuning; before: number; after: number }> {
  if (fixtures.some((f) => f.group === "dev")) throw new Error("dev articles are never tuned on");
  const all = await collectTraining(fixtures, cues);
  const folds = foldsOf(fixtures, all);
  const full = asClassifier(trainModel(all));
  let best = copy(cues.tuning);
  const before = objective(await heldOut(folds, cues, best));
  const seedStart = await seedCorrect(fixtures, cues, full);
  const brokenStart = brokenProbes(cues, full).length;
  /** A trial is allowed when it costs the seed nothing and breaks no more kept behaviours. */
  const allowed = async (trial: Tuning) =>
    brokenProbes({ ...cues, tuning: trial }, full).length <= brokenStart &&
    (await seedCorrect(fixtures, { ...cues, tuning: trial }, full)) >= seedStart;
  let score = before;
  log(`start: objective ${before.toFixed(4)}`);
  for (let pass = 0; pass < passes; pass++) {
    for (const knob of knobs().filter((k) => !fixed.includes(k.path))) {
      for (const value of knob.tries(knob.get(best))) {
        const trial = copy(best);
        knob.set(trial, Number(value.toFixed(3)));
        const s = objective(await heldOut(folds, cues, trial));
        if (s > score + MIN_GAIN && (await allowed(trial))) {
          log(`  ${knob.path}: ${knob.get(best)} → ${knob.get(trial)}  objective ${s.toFixed(4)}`);
          best = trial;
          score = s;
        }
      }
    }
  }
  return { tuning: best, before, after: score };
}
