/**
 * Learning a multinomial logistic regression (used by `npm run train`, never at run time): binary
 * features, each text's vector divided by √ of its feature count (as the pipeline scores it, see
 * `modelScores`), per-example weights, an L2 penalty, full-batch gradient descent with Adam over a
 * fixed number of steps. Unlike naive Bayes, overlapping features (a bigram and the trigram holding
 * it) do not count twice. Deterministic: the same examples give the same numbers.
 * @module
 */
import type { Example, LinearModel } from "./learn.js";

/** Options of the logistic learner. */
export interface LogisticOptions {
  /** L2 penalty per unit of example weight (default 0.01). */
  l2?: number;
  /** Gradient steps (default 150). */
  steps?: number;
  /** Adam's step size (default 0.1). */
  rate?: number;
  /** Divide each text's vector by √ of its feature count (default true). */
  normalise?: boolean;
}

interface Sparse {
  index: Int32Array;
  value: number;
  label: number;
  weight: number;
}

function encode(
  examples: readonly Example[],
  vocabulary: ReadonlyMap<string, number>,
  normalise: boolean,
): Sparse[] {
  return examples.map((e) => {
    const index = Int32Array.from(
      [...new Set(e.features)].flatMap((f) => {
        const i = vocabulary.get(f);
        return i === undefined ? [] : [i];
      }),
    );
    const value = normalise ? 1 / Math.sqrt(Math.max(1, index.length)) : 1;
    return { index, value, label: e.label, weight: e.weight };
  });
}

/** The gradient of the weighted mean log-loss (bias in the last row), into `grad`. */
function gradient(data: readonly Sparse[], w: Float64Array, classes: number, grad: Float64Array): void {
  grad.fill(0);
  const biasAt = w.length - classes;
  const logits = new Float64Array(classes);
  let total = 0;
  for (const x of data) total += x.weight;
  for (const x of data) {
    for (let c = 0; c < classes; c++) logits[c] = w[biasAt + c] as number;
    for (const i of x.index)
      for (let c = 0; c < classes; c++)
        logits[c] = (logits[c] as number) + (w[i * classes + c] as number) * x.value;
    const max = Math.max(...logits);
    let sum = 0;
    for (let c = 0; c < classes; c++) {
      logits[c] = Math.exp((logits[c] as number) - max);
      sum += logits[c] as number;
    }
    const scale = x.weight / total;
    for (let c = 0; c < classes; c++) {
      const g = ((logits[c] as number) / sum - (c === x.label ? 1 : 0)) * scale;
      grad[biasAt + c] = (grad[biasAt + c] as number) + g;
      for (const i of x.index) grad[i * classes + c] = (grad[i * classes + c] as number) + g * x.value;
    }
  }
}

/**
 * Learns the model.
 * @param examples the labelled texts
 * @param classes how many kinds
 * @param features the features it may use, in a fixed order
 * @param options penalty and steps
 */
export function learnLogistic(
  examples: readonly Example[],
  classes: number,
  features: readonly string[],
  options: LogisticOptions = {},
): LinearModel {
  const l2 = options.l2 ?? 0.01;
  const rate = options.rate ?? 0.1;
  const vocabulary = new Map(features.map((f, i) => [f, i]));
  const data = encode(examples, vocabulary, options.normalise ?? true);
  const size = (features.length + 1) * classes;
  const w = new Float64Array(size);
  const m = new Float64Array(size);
  const v = new Float64Array(size);
  const grad = new Float64Array(size);
  const biasAt = size - classes;
  for (let t = 1; t <= (options.steps ?? 150); t++) {
    gradient(data, w, classes, grad);
    for (let i = 0; i < size; i++) {
      const g = (grad[i] as number) + (i < biasAt ? l2 * (w[i] as number) : 0);
      m[i] = 0.9 * (m[i] as number) + 0.1 * g;
      v[i] = 0.999 * (v[i] as number) + 0.001 * g * g;
      const mh = (m[i] as number) / (1 - 0.9 ** t);
      const vh = (v[i] as number) / (1 - 0.999 ** t);
      w[i] = (w[i] as number) - (rate * mh) / (Math.sqrt(vh) + 1e-8);
    }
  }
  const weights = new Map<string, number[]>();
  features.forEach((f, i) => {
    const row = Array.from(w.subarray(i * classes, (i + 1) * classes));
    const mean = row.reduce((a, b) => a + b, 0) / classes;
    weights.set(
      f,
      row.map((x) => x - mean),
    );
  });
  return { bias: Array.from(w.subarray(biasAt)), weights };
}
