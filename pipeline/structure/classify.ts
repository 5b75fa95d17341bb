/**
 * Decides kinds. A headed article: each heading's section from its heading (cue words and the heading
 * model), its paragraphs (cue words and the paragraph model, averaged), its parent's kind (a
 * sub-heading inherits unless its own evidence is stronger), its place in the article and the priors.
 * An unheaded article: each paragraph from its own signals and its place, smoothed so that runs of
 * one kind hold together (the best sequence of kinds). Weights, priors and thresholds come from the
 * cue file.
 * @module
 */
import { type Prediction, positionPrior } from "./classifier.js";
import {
  add,
  addParagraphs,
  addRules,
  arrayScores,
  at,
  type ClassifyContext,
  type Decision,
  decide,
  predictionsOf,
  priorScores,
  readParagraphs,
  zero,
} from "./evidence.js";
import { isLabelLine } from "./matter.js";
import { SECTION_KINDS, type SectionKind } from "./model.js";
import type { Outline } from "./outline.js";
import {
  type Evidence,
  emptyEvidence,
  headingSignals,
  type KindScores,
  modelScores,
  type TextSignals,
} from "./signals.js";

export { type ClassifyContext, type Decision, decisionFeatures, paragraphReasons } from "./evidence.js";
export type { Evidence } from "./signals.js";
export { bestSequence, classifyParagraphs } from "./unheaded.js";

function leadDecision(signals: readonly TextSignals[], ctx: ClassifyContext, paper: boolean): Decision {
  const { tuning } = ctx.cues;
  const evidence = emptyEvidence();
  addParagraphs(evidence, signals, tuning);
  // Text before the first heading that holds a front-matter label (摘要, 关键词, Abstract:) is a paper's.
  if (paper) add(evidence, { ...zero(), other: tuning.weights.meta }, 1, "(abstract or keywords)");
  // The lead prior is for the article's opening text, not for a lead made of bylines and dates.
  const body = signals.filter((s) => !s.meta).length / Math.max(1, signals.length);
  add(evidence, priorScores(tuning.priors.lead), body, "(lead)");
  add(evidence, priorScores(tuning.priors.all), 1);
  add(evidence, arrayScores(positionPrior(ctx.classifier, 0)), tuning.weights.position, "(position)");
  const decision = decide(evidence, signals.flatMap(predictionsOf), "context", tuning.thresholds.minScore);
  return { ...decision, paragraphs: [...signals] };
}

/** What a heading's own words say: cue words and the heading model (and another language: other). */
function headingEvidence(text: string, ctx: ClassifyContext): { evidence: Evidence; model: Prediction } {
  const { tuning } = ctx.cues;
  const evidence = emptyEvidence();
  const heading = headingSignals(text, ctx.lang, ctx.cues, ctx.classifier);
  // A heading that names its section (Background, 存在的问题, 对策建议) says more than one whose
  // long topical sentence merely holds a cue word.
  addRules(
    evidence,
    heading.rules,
    tuning.weights.heading + tuning.weights.naming * heading.naming,
    "heading:",
  );
  const model = modelScores(heading.model, tuning.thresholds.modelScale);
  add(evidence, model, tuning.weights.headingModel, "(heading model)");
  if (heading.foreign) add(evidence, { ...zero(), other: tuning.weights.foreign }, 1, "(other language)");
  return { evidence, model: heading.model };
}

/** How clearly a heading's own words say a kind, 0 to 1 (its margin over the next kind, scaled). */
function strength(scores: KindScores, kind: SectionKind, strong: number): number {
  const others = SECTION_KINDS.filter((k) => k !== kind).map((k) => scores[k]);
  const margin = scores[kind] - Math.max(...others);
  return Math.max(0, Math.min(1, margin / strong));
}

/** A heading's evidence before its parent's kind counts, and what its own words said. */
interface Draft {
  evidence: Evidence;
  own: KindScores;
  predictions: Prediction[];
  direct: TextSignals[];
}

function draftHeading(
  outline: Outline,
  i: number,
  signals: readonly TextSignals[],
  ctx: ClassifyContext,
): Draft {
  const { tuning } = ctx.cues;
  const h = outline.headings[i] as Outline["headings"][number];
  const { evidence, model } = headingEvidence(h.text, ctx);
  const own = { ...evidence.scores };
  const best = SECTION_KINDS.reduce((a, k) => (own[k] > own[a] ? k : a), SECTION_KINDS[0] as SectionKind);
  // An explicit heading (存在的问题, Recommendations) says more than its paragraphs' words; a neutral
  // one (a topical sentence) leaves the paragraphs to decide.
  const clarity = strength(own, best, tuning.thresholds.strongHeading);
  const direct = signals.slice(h.first, h.first + h.count);
  const below = direct.length > 0 ? direct : signals.slice(h.first, subtreeEnd(outline, i));
  const trust = Math.max(0, 1 - tuning.weights.headingFirst * clarity);
  addParagraphs(evidence, below, tuning, (direct.length > 0 ? 1 : 0.5) * trust);
  if (i === 0 && outline.lead === 0) add(evidence, priorScores(tuning.priors.opening), 1, "(opening)");
  add(evidence, priorScores(tuning.priors.all), 1);
  const prior = arrayScores(positionPrior(ctx.classifier, at(h.first, outline.paragraphs.length)));
  add(evidence, prior, tuning.weights.position, "(position)");
  return { evidence, own, predictions: [model, ...below.flatMap(predictionsOf)], direct };
}

/**
 * Decides the kinds of a headed article: its lead (text before the first heading) and each heading.
 * A sub-heading leans to its parent's kind as much as the parent's own heading (or its inherited
 * kind) was clear about it: a neutral wrapper heading ("Letter") passes nothing down.
 * @param outline the article's outline
 * @param ctx language, cues and the trained classifier
 */
export function classifyHeaded(
  outline: Outline,
  ctx: ClassifyContext,
): { lead?: Decision; headings: Decision[] } {
  const { tuning } = ctx.cues;
  const signals = readParagraphs(outline.paragraphs, ctx);
  const front = outline.paragraphs.slice(0, outline.lead);
  const lead =
    outline.lead > 0 ? leadDecision(signals.slice(0, outline.lead), ctx, front.some(isLabelLine)) : undefined;
  const headings: Decision[] = [];
  const clear: number[] = [];
  outline.headings.forEach((h, i) => {
    const d = draftHeading(outline, i, signals, ctx);
    const parent = headings[h.parent];
    const inherited = parent ? (clear[h.parent] as number) : 0;
    if (parent && inherited > 0)
      add(d.evidence, { ...zero(), [parent.kind]: tuning.weights.parent * inherited }, 1, "(parent)");
    const decision = decide(d.evidence, d.predictions, parent?.kind ?? "context", tuning.thresholds.minScore);
    headings.push({ ...decision, paragraphs: d.direct });
    const mine = strength(d.own, decision.kind, tuning.thresholds.strongHeading);
    clear.push(Math.max(mine, parent?.kind === decision.kind ? inherited : 0));
  });
  return { ...(lead ? { lead } : {}), headings };
}

/** The paragraph index where a heading's subtree ends (the next heading at its level or above). */
function subtreeEnd(outline: Outline, i: number): number {
  const h = outline.headings[i];
  if (!h) return outline.paragraphs.length;
  for (let j = i + 1; j < outline.headings.length; j++) {
    const next = outline.headings[j];
    if (next && next.level <= h.level) return next.first;
  }
  return outline.paragraphs.length;
}
