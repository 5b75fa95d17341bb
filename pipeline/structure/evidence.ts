/**
 * The evidence a kind decision is made of, and the helpers that add to it: scores per kind with the
 * cues that made them, a paragraph's signals averaged into a section, priors, the decision itself.
 * @module
 */
import { type Classifier, type FeatureWeight, type Prediction, topFeatures } from "./classifier.js";
import type { Cues, Lang, Tuning } from "./cues.js";
import { isMatterLine } from "./matter.js";
import { SECTION_KINDS, type SectionKind } from "./model.js";
import { fullParagraph } from "./outline.js";
import {
  type Evidence,
  isMetaLine,
  type KindScores,
  modelScores,
  paragraphSignals,
  type TextSignals,
} from "./signals.js";

export type { Evidence } from "./signals.js";

/** A kind decision with its evidence and what the model said about its texts. */
export interface Decision extends Evidence {
  kind: SectionKind;
  /**
   * The models' predictions for the heading and paragraphs that counted (see topFeatures): the
   * heading and paragraph models', and the discourse model's (its features start with `§`).
   */
  predictions: Prediction[];
  /** A section's own paragraphs' signals, for the per-paragraph lines of `--explain`. */
  paragraphs?: TextSignals[];
}

/**
 * What one paragraph of a section said for the section's kind: its cue words and the model's
 * strongest features.
 * @param signals the paragraph's signals
 * @param kind the section's kind
 */
export function paragraphReasons(
  signals: TextSignals,
  kind: SectionKind,
): { cues: string[]; features: FeatureWeight[] } {
  return { cues: signals.rules.cues[kind], features: topFeatures(predictionsOf(signals), kind, 3) };
}

/** What the models said about a paragraph: the paragraph model, and the discourse model when it was read. */
export function predictionsOf(signals: TextSignals): Prediction[] {
  return signals.discourse ? [signals.model, signals.discourse] : [signals.model];
}

/**
 * The model features that spoke most for a decision's kind.
 * @param decision the decision
 */
export function decisionFeatures(decision: Decision): FeatureWeight[] {
  return topFeatures(decision.predictions, decision.kind);
}

/** What classifying needs besides the text. */
export interface ClassifyContext {
  lang: Lang;
  cues: Cues;
  classifier: Classifier;
}

/** Two decimals. */
export const round = (n: number) => Math.round(n * 100) / 100;

/** Adds scores × factor; a label records what counted. */
export function add(into: Evidence, scores: KindScores, factor: number, label?: string): void {
  for (const k of SECTION_KINDS) {
    const v = scores[k] * factor;
    into.scores[k] += v;
    if (label && v > 0.05) into.cues[k].push(`${label}+${round(v)}`);
  }
}

/** Adds cue-word evidence × factor, its cues prefixed. */
export function addRules(into: Evidence, rules: Evidence, factor: number, prefix = ""): void {
  add(into, rules.scores, factor);
  for (const k of SECTION_KINDS) into.cues[k].push(...rules.cues[k].map((c) => prefix + c));
}

/** A prior from the cue file as scores. */
export function priorScores(prior: Record<SectionKind, number>): KindScores {
  return { ...prior };
}

/** The paragraphs' signals, averaged into `into`. */
/** Adds the mean of some paragraphs' signals × factor. */
export function addParagraphs(
  into: Evidence,
  signals: readonly TextSignals[],
  tuning: Tuning,
  factor = 1,
): void {
  if (signals.length === 0) return;
  const share = factor / signals.length;
  for (const s of signals) {
    addRules(into, s.rules, tuning.weights.text * share);
    add(into, modelScores(s.model, tuning.thresholds.modelScale), tuning.weights.model * share);
    if (s.discourse)
      add(into, modelScores(s.discourse, tuning.thresholds.modelScale), tuning.weights.discourse * share);
    if (s.foreign) into.scores.other += tuning.weights.foreign * share;
    if (s.meta) into.scores.other += tuning.weights.meta * share;
    if (s.fragment) into.scores.other += tuning.weights.fragment * share;
  }
  const meta = signals.filter((s) => s.meta).length;
  if (meta > 0) into.cues.other.push(`(byline or date line ×${meta})`);
  const fragments = signals.filter((s) => s.fragment).length;
  if (fragments > 0) into.cues.other.push(`(line that is not a sentence ×${fragments})`);
  const foreign = signals.filter((s) => s.foreign).length;
  if (foreign > 0) into.cues.other.push(`(other language ×${foreign})`);
}

/** The kind with the highest score (at least `min`), else the fallback. */
export function decide(
  evidence: Evidence,
  predictions: readonly Prediction[],
  fallback: SectionKind,
  min: number,
): Decision {
  let best: SectionKind | undefined;
  for (const k of SECTION_KINDS) {
    evidence.scores[k] = round(evidence.scores[k]);
    if (evidence.scores[k] >= min && (best === undefined || evidence.scores[k] > evidence.scores[best]))
      best = k;
  }
  const kind = best ?? fallback;
  return { kind, ...evidence, predictions: [...predictions] };
}

/**
 * Every paragraph's signals; short lines that are not sentences are bylines or dates above the first
 * full paragraph (meta), captions, addresses or signatures below it (fragment); the labelled blocks,
 * author and affiliation lines of a paper are front matter (meta) wherever they stand.
 */
export function readParagraphs(paragraphs: readonly string[], ctx: ClassifyContext): TextSignals[] {
  const body = paragraphs.findIndex((p) => fullParagraph(p));
  return paragraphs.map((p, i) => ({
    ...paragraphSignals(
      p,
      ctx.lang,
      ctx.cues,
      ctx.classifier.paragraph[ctx.lang],
      // The discourse model is read only when it counts.
      ctx.cues.tuning.weights.discourse !== 0 ? ctx.classifier.discourse[ctx.lang] : undefined,
    ),
    meta: (i < body && isMetaLine(p)) || isMatterLine(p),
    fragment: body !== -1 && i > body && isMetaLine(p),
  }));
}

/** Where a paragraph stands in the article, 0 to 1. */
export const at = (index: number, total: number) => (total <= 1 ? 0 : index / (total - 1));

/** 0 for every kind. */
export function zero(): KindScores {
  return Object.fromEntries(SECTION_KINDS.map((k) => [k, 0])) as KindScores;
}

/** Scores from a list in SECTION_KINDS order. */
export function arrayScores(values: readonly number[]): KindScores {
  const out = zero();
  SECTION_KINDS.forEach((k, i) => {
    out[k] = values[i] ?? 0;
  });
  return out;
}
