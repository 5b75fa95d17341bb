/**
 * The trained classifier, loaded from `classifier.json` (written by `npm run train`, never trained at
 * run time): per language a paragraph model and a heading model (naive Bayes as linear weights over
 * the features of `features.ts`), and a prior per kind by position in the article.
 * @module
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { BriefError } from "../errors.js";
import { PROJECT_ROOT } from "../paths.js";
import type { Lang } from "./cues.js";
import { discourseFeatures } from "./discourse.js";
import { enFeaturesOf, gramKey, normaliseText, zhGrams } from "./features.js";
import { SECTION_KINDS, type SectionKind } from "./model.js";

/** The model file shipped with the project (part of every brief's inputs). */
export const DEFAULT_MODEL_FILE = join(PROJECT_ROOT, "pipeline", "structure", "classifier.json");

/** Weights are stored as integers: the value times this. */
export const WEIGHT_SCALE = 100;

const Linear = z.object({
  bias: z.array(z.number()).length(SECTION_KINDS.length),
  weights: z.record(z.array(z.number().int()).length(SECTION_KINDS.length)),
});
/** The model file's shape. */
export const ModelFileSchema = z.object({
  format: z.literal(2),
  kinds: z.array(z.enum(SECTION_KINDS)).length(SECTION_KINDS.length),
  trainedOn: z.object({ articles: z.number(), paragraphs: z.number(), headings: z.number() }),
  position: z.array(z.array(z.number()).length(SECTION_KINDS.length)).min(1),
  zh: z.object({ paragraph: Linear, heading: Linear, discourse: Linear }),
  en: z.object({ paragraph: Linear, heading: Linear, discourse: Linear }),
});
/** A model file as stored. */
export type ModelFile = z.infer<typeof ModelFileSchema>;

/** A linear model ready to score: bias and weights per kind (Chinese n-grams also by key). */
export interface LinearScorer {
  bias: number[];
  weights: Map<string, number[]>;
  /** Chinese n-grams: first two characters' key → third character's code (0: none) → weights. */
  grams: Map<number, Map<number, number[]>>;
  /** The feature each weight row belongs to. */
  names: Map<number[], string>;
}

/** The loaded classifier. */
export interface Classifier {
  paragraph: Record<Lang, LinearScorer>;
  heading: Record<Lang, LinearScorer>;
  /** Paragraph models over discourse features alone (discourse.ts). */
  discourse: Record<Lang, LinearScorer>;
  /** Log-odds per kind for each position bin (bins split the article evenly). */
  position: number[][];
}

/** A feature that spoke for a kind. */
export interface FeatureWeight {
  feature: string;
  weight: number;
}

/** What the classifier says about one text. */
export interface Prediction {
  /** Centred log-odds per kind, in SECTION_KINDS order. */
  scores: number[];
  /** The weight rows of the features it knew (once each). */
  hits: number[][];
  /** The feature of each weight row. */
  names: Map<number[], string>;
}

/**
 * A scorer from a bias and weights.
 * @param bias per kind
 * @param weights feature → weight per kind
 */
export function toScorer(bias: number[], weights: Iterable<[string, number[]]>): LinearScorer {
  const scorer: LinearScorer = { bias, weights: new Map(), grams: new Map(), names: new Map() };
  for (const [f, w] of weights) {
    scorer.weights.set(f, w);
    scorer.names.set(w, f);
    const key = gramKey(f);
    if (!key) continue;
    let thirds = scorer.grams.get(key[0]);
    if (!thirds) {
      thirds = new Map();
      scorer.grams.set(key[0], thirds);
    }
    thirds.set(key[1], w);
  }
  return scorer;
}

function stored(linear: z.infer<typeof Linear>): LinearScorer {
  return toScorer(
    linear.bias,
    Object.entries(linear.weights).map(([f, w]) => [f, w.map((x) => x / WEIGHT_SCALE)]),
  );
}

/**
 * Reads a model from its JSON form.
 * @param data the parsed JSON
 * @param file where it came from, for messages
 */
export function classifierFrom(data: unknown, file = DEFAULT_MODEL_FILE): Classifier {
  const result = ModelFileSchema.safeParse(data);
  if (!result.success)
    throw new BriefError(`classifier model is not valid: ${result.error.issues[0]?.message}`, {
      place: { file },
      hint: "rebuild it with `npm run train`",
    });
  const m = result.data;
  return {
    paragraph: { zh: stored(m.zh.paragraph), en: stored(m.en.paragraph) },
    heading: { zh: stored(m.zh.heading), en: stored(m.en.heading) },
    discourse: { zh: stored(m.zh.discourse), en: stored(m.en.discourse) },
    position: m.position,
  };
}

const cache = new Map<string, Classifier>();

/**
 * Loads a model file (once per process).
 * @param file the model file (default: the shipped one)
 */
export function loadClassifier(file = DEFAULT_MODEL_FILE): Classifier {
  const known = cache.get(file);
  if (known) return known;
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new BriefError(`cannot read the classifier model: ${(error as Error).message}`, {
      place: { file },
      hint: "rebuild it with `npm run train`",
      cause: error,
    });
  }
  const classifier = classifierFrom(data, file);
  cache.set(file, classifier);
  return classifier;
}

/**
 * Scores a text: the sum of its known features' weights per kind (centred, so 0 says nothing),
 * without the bias, and the features that counted.
 * @param scorer a paragraph or heading model
 * @param text the text
 * @param lang the article's language
 * @param normal the text as normaliseText gives it (when the caller has it already)
 */
export function predict(
  scorer: LinearScorer,
  text: string,
  lang: Lang,
  normal = normaliseText(text),
): Prediction {
  const hits = new Set<number[]>();
  if (lang === "zh")
    zhGrams(normal, (pair, third) => {
      const w = scorer.grams.get(pair)?.get(third);
      if (w) hits.add(w);
    });
  else
    for (const f of enFeaturesOf(normal)) {
      const w = scorer.weights.get(f);
      if (w) hits.add(w);
    }
  return summed([...hits], scorer);
}

/** A prediction from the weight rows of the features a text holds (each once). */
function summed(hits: number[][], scorer: LinearScorer): Prediction {
  const scores = SECTION_KINDS.map(() => 0);
  for (const w of hits)
    for (let k = 0; k < scores.length; k++) scores[k] = (scores[k] as number) + (w[k] as number);
  return { scores, hits, names: scorer.names };
}

/**
 * Scores a text by its discourse features (see discourse.ts), as predict does.
 * @param scorer a discourse model
 * @param text the text
 * @param lang the article's language
 * @param normal the text as normaliseText gives it (when the caller has it already)
 */
export function predictDiscourse(
  scorer: LinearScorer,
  text: string,
  lang: Lang,
  normal = normaliseText(text),
): Prediction {
  const hits: number[][] = [];
  for (const f of discourseFeatures(normal, lang)) {
    const w = scorer.weights.get(f);
    if (w) hits.push(w);
  }
  return summed(hits, scorer);
}

/**
 * The features that spoke most for a kind in some predictions.
 * @param predictions the texts' predictions
 * @param kind the kind
 * @param n how many (default 4)
 */
export function topFeatures(predictions: readonly Prediction[], kind: SectionKind, n = 4): FeatureWeight[] {
  const k = SECTION_KINDS.indexOf(kind);
  const sums = new Map<string, number>();
  for (const p of predictions)
    for (const w of p.hits) {
      if ((w[k] as number) <= 0) continue;
      const name = p.names.get(w) ?? "?";
      sums.set(name, (sums.get(name) ?? 0) + (w[k] as number));
    }
  return [...sums]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, n)
    .map(([feature, weight]) => ({ feature, weight: Math.round(weight * 100) / 100 }));
}

/**
 * The position prior for a place in the article.
 * @param classifier the model
 * @param at where the text starts, 0 (first paragraph) to 1 (last)
 */
export function positionPrior(classifier: Classifier, at: number): number[] {
  const bins = classifier.position.length;
  return classifier.position[Math.min(bins - 1, Math.max(0, Math.floor(at * bins)))] as number[];
}
