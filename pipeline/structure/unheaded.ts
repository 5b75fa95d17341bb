/**
 * Unheaded articles: each paragraph's kind from its own signals and its place, smoothed so that runs of
 * one kind hold together (the best sequence of kinds, Viterbi).
 * @module
 */
import { positionPrior } from "./classifier.js";
import {
  add,
  addParagraphs,
  arrayScores,
  at,
  type ClassifyContext,
  type Decision,
  predictionsOf,
  priorScores,
  readParagraphs,
  round,
} from "./evidence.js";
import { SECTION_KINDS, type SectionKind } from "./model.js";
import { emptyEvidence, type KindScores } from "./signals.js";

/**
 * Decides the kind of each paragraph of an unheaded article: each paragraph's own evidence, then the
 * best sequence of kinds, where staying in the same kind earns the `stay` weight.
 * @param paragraphs the body paragraphs
 * @param ctx language, cues and the trained classifier
 */
export function classifyParagraphs(paragraphs: readonly string[], ctx: ClassifyContext): Decision[] {
  const { tuning } = ctx.cues;
  // A paragraph's own text is all there is: the model counts as `unheadedModel` says.
  const own = { ...tuning, weights: { ...tuning.weights, model: tuning.weights.unheadedModel } };
  const signals = readParagraphs(paragraphs, ctx);
  const opening = Math.max(
    0,
    signals.findIndex((s) => !s.meta),
  );
  const evidences = signals.map((s, i) => {
    const evidence = emptyEvidence();
    addParagraphs(evidence, [s], own);
    if (i === opening) add(evidence, priorScores(tuning.priors.lead), 1, "(lead)");
    add(evidence, priorScores(tuning.priors.all), 1);
    add(
      evidence,
      arrayScores(positionPrior(ctx.classifier, at(i, paragraphs.length))),
      tuning.weights.position,
      "(position)",
    );
    return { evidence, models: predictionsOf(s) };
  });
  const kinds = bestSequence(
    evidences.map((e) => e.evidence.scores),
    tuning.weights.stay,
  );
  return evidences.map((e, i) => {
    const kind = kinds[i] as SectionKind;
    if (i > 0 && kinds[i - 1] === kind) e.evidence.cues[kind].push(`(continues ¶ before)`);
    for (const k of SECTION_KINDS) e.evidence.scores[k] = round(e.evidence.scores[k]);
    return { kind, ...e.evidence, predictions: e.models };
  });
}

/** The sequence of kinds with the highest total score, where staying in a kind earns `stay` (Viterbi). */
export function bestSequence(scores: readonly KindScores[], stay: number): SectionKind[] {
  if (scores.length === 0) return [];
  const n = SECTION_KINDS.length;
  let best = SECTION_KINDS.map((k) => (scores[0] as KindScores)[k]);
  const back: number[][] = [];
  for (let i = 1; i < scores.length; i++) {
    const row = scores[i] as KindScores;
    const from: number[] = [];
    const next = SECTION_KINDS.map((k, j) => {
      let arg = 0;
      let value = Number.NEGATIVE_INFINITY;
      for (let p = 0; p < n; p++) {
        const v = (best[p] as number) + (p === j ? stay : 0);
        if (v > value) {
          value = v;
          arg = p;
        }
      }
      from.push(arg);
      return value + row[k];
    });
    back.push(from);
    best = next;
  }
  let k = best.indexOf(Math.max(...best));
  const out = [k];
  for (let i = back.length - 1; i >= 0; i--) {
    k = (back[i] as number[])[k] as number;
    out.push(k);
  }
  return out.reverse().map((i) => SECTION_KINDS[i] as SectionKind);
}
