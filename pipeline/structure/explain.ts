/**
 * Formats the structure stage's decisions for a person: each section (or paragraph) with its kind,
 * its score per kind and the cues that decided it.
 * @module
 */
import { CUED_KINDS } from "./cues.js";
import type { BriefModel } from "./model.js";
import type { ExplainEntry } from "./structure.js";

/**
 * Formats one article's decisions.
 * @param model the brief model
 * @param entries the decisions from structureSource
 */
export function formatExplain(model: BriefModel, entries: readonly ExplainEntry[]): string {
  const lines = [`${model.source}  «${model.title}»  lang=${model.lang}`];
  for (const e of entries) {
    const where = e.heading ?? `¶${(e.paragraphs[0] ?? 0) + 1} ${[...e.preview].slice(0, 24).join("")}…`;
    lines.push(`  ${e.decision.kind.padEnd(15)} ${where}`);
    const scores = CUED_KINDS.map((k) => `${k}=${e.decision.scores[k]}`).join("  ");
    lines.push(`      scores: ${scores}`);
    const cues = e.decision.cues[e.decision.kind as (typeof CUED_KINDS)[number]];
    if (cues && cues.length > 0) lines.push(`      decided by: ${cues.join(", ")}`);
    else lines.push("      decided by: no cue (fallback)");
  }
  for (const m of model.messages) lines.push(`  ${m.level}: [${m.rule}] ${m.reason}`);
  return lines.join("\n");
}
