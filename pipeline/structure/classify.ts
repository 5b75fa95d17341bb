/**
 * Decides kinds. A headed article: each heading's section from its heading (cue words and the heading
 * model), its paragraphs (cue words and the paragraph model, averaged), its parent's kind (a
 * sub-heading inherits unless its own evidence is stronger), its place in the article and the priors.
 * An unheaded article: each paragraph from its own signals and its place, smoothed so that runs of
 * one kind hold together (the best sequence of kinds). Weights, priors and thresholds come from the
 * cue file.
 * @module
 */
import {
  type Classifier,
  type FeatureWeight,
  type Prediction,
  positionPrior,
  topFeatures,
} from "./classifier.js";
import type { Cues, Lang, Tuning } from "./cues.js";
import { SECTION_KINDS, type SectionKind } from "./model.js";
import { fullParagraph, type Outline } from "./outline.js";
import {
  type Evidence,
  emptyEvidence,
  headingSignals,
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
  /** The model's predictions for the heading and paragraphs that counted (see topFeatures). */
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
  return { cues: signals.rules.cues[kind], features: topFeatures([signals.model], kind, 3) };
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

const round = (n: number) => Math.round(n * 100) / 100;

function add(into: Evidence, scores: KindScores, factor: number, label?: string): void {
  for (const k of SECTION_KINDS) {
    const v = scores[k] * factor;
    into.scores[k] += v;
    if (label && v > 0.05) into.cues[k].push(`${label}+${round(v)}`);
  }
}

function addRules(into: Evidence, rules: Evidence, factor: number, prefix = ""): void {
  add(into, rules.scores, factor);
  for (const k of SECTION_KINDS) into.cues[k].push(...rules.cues[k].map((c) => prefix + c));
}

function priorScores(prior: Record<SectionKind, number>): KindScores {
  return { ...prior };
}

/** The paragraphs' signals, averaged into `into`. */
function addParagraphs(into: Evidence, signals: readonly TextSignals[], tuning: Tuning, factor = 1): void {
  if (signals.length === 0) return;
  const share = factor / signals.length;
  for (const s of signals) {
    addRules(into, s.rules, tuning.weights.text * share);
    add(into, modelScores(s.model, tuning.thresholds.modelScale), tuning.weights.model * share);
    if (s.foreign) into.scores.other += tuning.weights.foreign * share;
    if (s.meta) into.scores.other += tuning.weights.meta * share;
  }
  const meta = signals.filter((s) => s.meta).length;
  if (meta > 0) into.cues.other.push(`(byline or date line ×${meta})`);
  const foreign = signals.filter((s) => s.foreign).length;
  if (foreign > 0) into.cues.other.push(`(other language ×${foreign})`);
}

function decide(
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

/** Every paragraph's signals; lines above the first full paragraph may be bylines or dates. */
function readParagraphs(paragraphs: readonly string[], ctx: ClassifyContext): TextSignals[] {
  const scorer = ctx.classifier.paragraph[ctx.lang];
  const body = paragraphs.findIndex((p) => fullParagraph(p));
  return paragraphs.map((p, i) => ({
    ...paragraphSignals(p, ctx.lang, ctx.cues, scorer),
    meta: i < body && isMetaLine(p),
  }));
}

/** Where a paragraph stands in the article, 0 to 1. */
const at = (index: number, total: number) => (total <= 1 ? 0 : index / (total - 1));

function leadDecision(signals: readonly TextSignals[], ctx: ClassifyContext): Decision {
  const { tuning } = ctx.cues;
  const evidence = emptyEvidence();
  addParagraphs(evidence, signals, tuning);
  add(evidence, priorScores(tuning.priors.lead), 1, "(lead)");
  add(evidence, priorScores(tuning.priors.all), 1);
  add(evidence, arrayScores(positionPrior(ctx.classifier, 0)), tuning.weights.position, "(position)");
  const decision = decide(
    evidence,
    signals.map((s) => s.model),
    "context",
    tuning.thresholds.minScore,
  );
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
  const total = outline.paragraphs.length;
  const lead = outline.lead > 0 ? leadDecision(signals.slice(0, outline.lead), ctx) : undefined;
  const headings: Decision[] = [];
  const clear: number[] = [];
  outline.headings.forEach((h, i) => {
    const { evidence, model } = headingEvidence(h.text, ctx);
    const own = { ...evidence.scores };
    const direct = signals.slice(h.first, h.first + h.count);
    const below = direct.length > 0 ? direct : signals.slice(h.first, subtreeEnd(outline, i));
    addParagraphs(evidence, below, tuning, direct.length > 0 ? 1 : 0.5);
    const parent = headings[h.parent];
    const inherited = parent ? (clear[h.parent] as number) : 0;
    if (parent && inherited > 0)
      add(evidence, { ...zero(), [parent.kind]: tuning.weights.parent * inherited }, 1, "(parent)");
    if (i === 0 && outline.lead === 0) add(evidence, priorScores(tuning.priors.opening), 1, "(opening)");
    add(evidence, priorScores(tuning.priors.all), 1);
    const prior = arrayScores(positionPrior(ctx.classifier, at(h.first, total)));
    add(evidence, prior, tuning.weights.position, "(position)");
    const predictions = [model, ...below.map((s) => s.model)];
    const decision = decide(evidence, predictions, parent?.kind ?? "context", tuning.thresholds.minScore);
    headings.push({ ...decision, paragraphs: direct });
    const mine = strength(own, decision.kind, tuning.thresholds.strongHeading);
    clear.push(Math.max(mine, parent?.kind === decision.kind ? inherited : 0));
  });
  return { ...(lead ? { lead } : {}), headings };
}

function zero(): KindScores {
  return Object.fromEntries(SECTION_KINDS.map((k) => [k, 0])) as KindScores;
}

function arrayScores(values: readonly number[]): KindScores {
  const out = zero();
  SECTION_KINDS.forEach((k, i) => {
    out[k] = values[i] ?? 0;
  });
  return out;
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

/**
 * Decides the kind of each paragraph of an unheaded article: each paragraph's own evidence, then the
 * best sequence of kinds, where staying in the same kind earns the `stay` weight.
 * @param paragraphs the body paragraphs
 * @param ctx language, cues and the trained classifier
 */
export function classifyParagraphs(paragraphs: readonly string[], ctx: ClassifyContext): Decision[] {
  const { tuning } = ctx.cues;
  const signals = readParagraphs(paragraphs, ctx);
  const opening = Math.max(
    0,
    signals.findIndex((s) => !s.meta),
  );
  const evidences = signals.map((s, i) => {
    const evidence = emptyEvidence();
    addParagraphs(evidence, [s], tuning);
    if (i === opening) add(evidence, priorScores(tuning.priors.lead), 1, "(lead)");
    add(evidence, priorScores(tuning.priors.all), 1);
    add(
      evidence,
      arrayScores(positionPrior(ctx.classifier, at(i, paragraphs.length))),
      tuning.weights.position,
      "(position)",
    );
    return { evidence, model: s.model };
  });
  const kinds = bestSequence(
    evidences.map((e) => e.evidence.scores),
    tuning.weights.stay,
  );
  return evidences.map((e, i) => {
    const kind = kinds[i] as SectionKind;
    if (i > 0 && kinds[i - 1] === kind) e.evidence.cues[kind].push(`(continues ¶ before)`);
    for (const k of SECTION_KINDS) e.evidence.scores[k] = round(e.evidence.scores[k]);
    return { kind, ...e.evidence, predictions: [e.model] };
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
