/**
 * Learning the paragraph classifier (used by `npm run train`, never at run time): a multinomial
 * naive Bayes over feature presence, with Laplace smoothing, per-example weights (so one long report
 * does not drown the short articles), and the strongest features per kind kept.
 * Deterministic: the same examples give the same numbers in the same order.
 * @module
 */

/** One labelled text: its features, its kind (index) and its weight. */
export interface Example {
  features: Iterable<string>;
  label: number;
  weight: number;
  /** Where the example came from (a source): features seen in one source only are dropped. */
  group?: string;
}

/** A learned linear model: per kind a bias, per feature a weight per kind. */
export interface LinearModel {
  bias: number[];
  weights: Map<string, number[]>;
}

/** Options of the learner. */
export interface LearnOptions {
  /** Laplace smoothing (default 0.5). */
  alpha?: number;
  /** Features kept per kind, strongest first (default 1500). */
  perKind?: number;
  /** A feature must occur in at least this weight of examples (default 2). */
  minCount?: number;
  /** A feature must occur in examples of at least this many groups (default 1). */
  minGroups?: number;
}

/** Features seen in fewer than `min` groups: words of one source, not of the kind. */
function narrowFeatures(examples: readonly Example[], min: number): Set<string> {
  const groups = new Map<string, Set<string>>();
  for (const e of examples)
    for (const f of e.features) {
      let g = groups.get(f);
      if (!g) {
        g = new Set();
        groups.set(f, g);
      }
      g.add(e.group ?? "");
    }
  return new Set([...groups].filter(([, g]) => g.size < min).map(([f]) => f));
}

function countFeatures(examples: readonly Example[], classes: number) {
  const counts = new Map<string, number[]>();
  const df = new Map<string, number>();
  const totals = new Array<number>(classes).fill(0);
  const priors = new Array<number>(classes).fill(0);
  for (const e of examples) {
    priors[e.label] = (priors[e.label] as number) + e.weight;
    for (const f of e.features) {
      let row = counts.get(f);
      if (!row) {
        row = new Array<number>(classes).fill(0);
        counts.set(f, row);
      }
      row[e.label] = (row[e.label] as number) + e.weight;
      totals[e.label] = (totals[e.label] as number) + e.weight;
      df.set(f, (df.get(f) ?? 0) + e.weight);
    }
  }
  return { counts, df, totals, priors };
}

/**
 * Learns a naive Bayes model as a linear one: bias = log prior, weight = log P(feature | kind)
 * minus its mean over kinds (so a feature that says nothing weighs nothing).
 * @param examples the labelled texts
 * @param classes how many kinds
 * @param options smoothing and pruning
 */
export function learnNaiveBayes(
  examples: readonly Example[],
  classes: number,
  options: LearnOptions = {},
): LinearModel {
  const alpha = options.alpha ?? 0.5;
  const minCount = options.minCount ?? 2;
  const narrow = narrowFeatures(examples, options.minGroups ?? 1);
  const kept = examples.map((e) => ({ ...e, features: [...e.features].filter((f) => !narrow.has(f)) }));
  const { counts, df, totals, priors } = countFeatures(kept, classes);
  const vocabulary = counts.size;
  const all = priors.reduce((a, b) => a + b, 0);
  const bias = priors.map((p) => Math.log((p + 1) / (all + classes)));
  const full = new Map<string, number[]>();
  for (const [f, row] of counts) {
    if ((df.get(f) ?? 0) < minCount) continue;
    const logs = row.map((n, c) => Math.log((n + alpha) / ((totals[c] as number) + alpha * vocabulary)));
    const mean = logs.reduce((a, b) => a + b, 0) / classes;
    full.set(
      f,
      logs.map((l) => l - mean),
    );
  }
  return { bias, weights: prune(full, df, classes, options.perKind ?? 1500) };
}

/** Keeps, for each kind, the features that speak most for it (weight × √frequency). */
export function prune(
  weights: Map<string, number[]>,
  df: Map<string, number>,
  classes: number,
  perKind: number,
): Map<string, number[]> {
  const keep = new Set<string>();
  for (let c = 0; c < classes; c++) {
    const ranked = [...weights]
      .map(([f, w]) => ({ f, s: (w[c] as number) * Math.sqrt(df.get(f) ?? 0) }))
      .filter((x) => x.s > 0)
      .sort((a, b) => b.s - a.s || (a.f < b.f ? -1 : 1));
    for (const x of ranked.slice(0, perKind)) keep.add(x.f);
  }
  return new Map([...keep].sort().map((f) => [f, weights.get(f) as number[]]));
}

/**
 * Scores features against a model: bias plus the sum of the known features' weights.
 * @param model the linear model
 * @param features the text's features
 */
export function linearScores(model: LinearModel, features: Iterable<string>): number[] {
  const out = [...model.bias];
  for (const f of features) {
    const w = model.weights.get(f);
    if (!w) continue;
    for (let c = 0; c < out.length; c++) out[c] = (out[c] as number) + (w[c] as number);
  }
  return out;
}
