/**
 * Builds the classifier model from labelled articles (the corpus's train split and the seed): every
 * paragraph takes its heading's gold kinds (headed articles give labels for free) or its own
 * (unheaded ones); every gold heading is a heading example. Long articles count less per paragraph,
 * so a 100-paragraph report does not drown a short commentary. Deterministic.
 * @module
 */
import { align } from "../eval/align.js";
import type { Fixture } from "../eval/corpus.js";
import { structureFixture } from "../eval/index.js";
import { type Classifier, classifierFrom, type ModelFile, toScorer, WEIGHT_SCALE } from "./classifier.js";
import { type Cues, type Lang, loadCues } from "./cues.js";
import { discourseFeatures } from "./discourse.js";
import { featuresOf, normaliseText } from "./features.js";
import { type Example, type LinearModel, learnNaiveBayes } from "./learn.js";
import { SECTION_KINDS, type SectionKind } from "./model.js";
import { detectLang } from "./structure.js";

/** One labelled text. */
export interface Labelled {
  article: string;
  /** The source it came from (repository or site): features of one source only are not learned. */
  source: string;
  lang: Lang;
  text: string;
  kinds: SectionKind[];
  /** Where it stands in its article, 0 to 1. */
  at: number;
}

/** The labelled texts of some articles. */
export interface TrainingSet {
  paragraphs: Labelled[];
  headings: Labelled[];
  articles: number;
}

/** Options of training (the defaults are what `npm run train` uses). */
export interface TrainOptions {
  /** Paragraphs of one article that count fully; more share this weight (default 40). */
  perArticle?: number;
  /** Weight of a gold's second kind, as an example of its own (default 0.5). */
  secondKind?: number;
  /** Features kept per kind (default 4000 for paragraphs, 300 for headings). */
  perKind?: number;
  headingPerKind?: number;
  /** Discourse features kept per kind (default 700). */
  discoursePerKind?: number;
  /** Laplace smoothing (default 0.5). */
  alpha?: number;
  /** Position bins (default 5). */
  bins?: number;
  /** A feature is learned only when it occurs in articles of this many sources (default 2). */
  minSources?: number;
}

/** The source an article came from (its repository or site): articles of one source go together. */
export function sourceOf(f: Fixture): string {
  if (f.group === "seed") return "seed";
  const s = f.gold.source ?? f.name;
  const gh = /^github:([^/]+\/[^/]+)/u.exec(s);
  if (gh) return gh[1] as string;
  return /^https?:\/\/([^/]+)/u.exec(s)?.[1] ?? s;
}

/** A classifier that knows nothing: used to read articles before any model exists. */
export function emptyClassifier(): Classifier {
  const none = toScorer(
    SECTION_KINDS.map(() => 0),
    [],
  );
  return {
    paragraph: { zh: none, en: none },
    heading: { zh: none, en: none },
    discourse: { zh: none, en: none },
    position: [SECTION_KINDS.map(() => 0)],
  };
}

/**
 * Reads the labelled paragraphs and headings of some articles.
 * @param fixtures the labelled articles (train and seed only: never dev)
 * @param cues the cue lists (any: only the reading of headings and paragraphs matters here)
 */
export async function collectTraining(
  fixtures: readonly Fixture[],
  cues: Cues = loadCues(),
): Promise<TrainingSet> {
  if (fixtures.some((f) => f.group === "dev")) throw new Error("dev articles are never trained on");
  const set: TrainingSet = { paragraphs: [], headings: [], articles: fixtures.length };
  for (const f of fixtures) {
    const results = await structureFixture(f, cues, emptyClassifier());
    const lang: Lang =
      f.gold.lang ??
      detectLang(results.flatMap((r) => r.model.sections.flatMap((s) => s.paragraphs)).join(""));
    const units = align(results, f.gold).units.filter((u) => u.text !== "");
    const base = { article: f.name, source: sourceOf(f), lang };
    const at = (i: number, n: number) => i / Math.max(1, n - 1);
    units.forEach((u, i) => {
      set.paragraphs.push({ ...base, text: u.text, kinds: u.kinds, at: at(i, units.length) });
    });
    const named = (f.gold.sections ?? []).filter((s) => s.heading !== null);
    named.forEach((s, i) => {
      set.headings.push({ ...base, text: s.heading as string, kinds: s.kinds, at: at(i, named.length) });
    });
  }
  return set;
}

function examplesOf(
  rows: readonly Labelled[],
  options: Required<TrainOptions>,
  read: (text: string, lang: Lang) => Set<string> = featuresOf,
): Example[] {
  const perArticle = new Map<string, number>();
  for (const r of rows) perArticle.set(r.article, (perArticle.get(r.article) ?? 0) + 1);
  return rows.flatMap((r) => {
    const weight = Math.min(1, options.perArticle / (perArticle.get(r.article) as number));
    const features = read(r.text, r.lang);
    return r.kinds.slice(0, 2).map((kind, i) => ({
      features,
      group: r.source,
      label: SECTION_KINDS.indexOf(kind),
      weight: i === 0 ? weight : weight * options.secondKind,
    }));
  });
}

const toInt = (x: number) => Math.round(x * WEIGHT_SCALE);
const round3 = (x: number) => Math.round(x * 1000) / 1000;

function stored(model: LinearModel): ModelFile["zh"]["paragraph"] {
  const weights: Record<string, number[]> = {};
  for (const [f, w] of [...model.weights].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
    const ints = w.map(toInt);
    if (ints.some((x) => x !== 0)) weights[f] = ints;
  }
  return { bias: model.bias.map(round3), weights };
}

/**
 * Log-odds of each kind per position bin against its overall share (smoothed); every article
 * weighs the same, however long it is.
 */
function positionTable(rows: readonly Labelled[], bins: number): number[][] {
  const counts = Array.from({ length: bins }, () => SECTION_KINDS.map(() => 0.5));
  const all = SECTION_KINDS.map(() => 0.5 * bins);
  const perArticle = new Map<string, number>();
  for (const r of rows) perArticle.set(r.article, (perArticle.get(r.article) ?? 0) + 1);
  for (const r of rows) {
    const b = Math.min(bins - 1, Math.floor(r.at * bins));
    const k = SECTION_KINDS.indexOf(r.kinds[0] as SectionKind);
    const w = 1 / (perArticle.get(r.article) as number);
    (counts[b] as number[])[k] = ((counts[b] as number[])[k] as number) + w;
    all[k] = (all[k] as number) + w;
  }
  const total = all.reduce((a, b) => a + b, 0);
  return counts.map((row) => {
    const n = row.reduce((a, b) => a + b, 0);
    return row.map((c, k) => round3(Math.log(c / n) - Math.log((all[k] as number) / total)));
  });
}

/**
 * Learns the model file's content from a training set.
 * @param set the labelled texts
 * @param options see TrainOptions
 */
export function trainModel(set: TrainingSet, options: TrainOptions = {}): ModelFile {
  const o: Required<TrainOptions> = {
    perArticle: 40,
    secondKind: 0.5,
    perKind: 4000,
    headingPerKind: 300,
    discoursePerKind: 700,
    alpha: 0.5,
    bins: 5,
    minSources: 2,
    ...options,
  };
  const learn = (rows: readonly Labelled[], perKind: number, read = featuresOf) =>
    stored(
      learnNaiveBayes(examplesOf(rows, o, read), SECTION_KINDS.length, {
        alpha: o.alpha,
        perKind,
        minCount: 2,
        minGroups: o.minSources,
      }),
    );
  const part = (lang: Lang) => ({
    paragraph: learn(
      set.paragraphs.filter((r) => r.lang === lang),
      o.perKind,
    ),
    heading: learn(
      set.headings.filter((r) => r.lang === lang),
      o.headingPerKind,
    ),
    discourse: learn(
      set.paragraphs.filter((r) => r.lang === lang),
      o.discoursePerKind,
      (text, l) => discourseFeatures(normaliseText(text), l),
    ),
  });
  return {
    format: 2,
    kinds: [...SECTION_KINDS],
    trainedOn: { articles: set.articles, paragraphs: set.paragraphs.length, headings: set.headings.length },
    position: positionTable(set.paragraphs, o.bins),
    zh: part("zh"),
    en: part("en"),
  };
}

/** A model file's content as a classifier. */
export const asClassifier = (file: ModelFile): Classifier => classifierFrom(file);
