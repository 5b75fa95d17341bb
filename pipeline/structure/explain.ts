/**
 * Formats the structure stage's decisions for a person: each section (or paragraph) with its kind,
 * its score per kind, the rule cues that counted for that kind (cue words, priors, the parent's
 * kind) and the trained model's strongest features for it.
 * @module
 */

import { decisionFeatures, paragraphReasons } from "./classify.js";
import type { BriefModel } from "./model.js";
import { SECTION_KINDS } from "./model.js";
import type { ExplainEntry } from "./structure.js";

const MAX_CUES = 12;

/** The same cue from several paragraphs, once with its count (`应×3`). */
function merged(cues: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const c of cues) {
    const m = /^(.*)×(\d+)$/u.exec(c);
    const [word, n] = m ? [m[1] as string, Number(m[2])] : [c, 1];
    counts.set(word, (counts.get(word) ?? 0) + n);
  }
  return [...counts].map(([word, n]) => (n > 1 && !/[+-]\d/u.test(word) ? `${word}×${n}` : word));
}

const MAX_PARAGRAPHS = 40;

/** One line per paragraph of a section: what it said for the section's kind. */
function paragraphLines(e: ExplainEntry): string[] {
  const signals = e.decision.paragraphs ?? [];
  const lines = signals.slice(0, MAX_PARAGRAPHS).map((s, i) => {
    const { cues, features } = paragraphReasons(s, e.decision.kind);
    const model = features.map((f) => `${f.feature} ${f.weight}`).join(", ");
    return `        ¶${(e.paragraphs[i] ?? 0) + 1}  cues: ${cues.join(", ") || "—"}  model: ${model || "—"}`;
  });
  if (signals.length > MAX_PARAGRAPHS)
    lines.push(`        … ${signals.length - MAX_PARAGRAPHS} more paragraphs`);
  return lines;
}

/**
 * Formats one article's decisions.
 * @param model the brief model
 * @param entries the decisions from structureSource
 */
export function formatExplain(model: BriefModel, entries: readonly ExplainEntry[]): string {
  const lines = [`${model.source}  «${model.title}»  lang=${model.lang}`];
  for (const e of entries) {
    const indent = "  ".repeat(e.level ?? 0);
    const where = e.heading ?? `¶${(e.paragraphs[0] ?? 0) + 1} ${[...e.preview].slice(0, 24).join("")}…`;
    const span = e.heading !== null && e.paragraphs.length !== 1 ? `  (${e.paragraphs.length} ¶)` : "";
    lines.push(`  ${e.decision.kind.padEnd(15)} ${indent}${where}${span}`);
    const scores = SECTION_KINDS.map((k) => `${k}=${e.decision.scores[k]}`).join("  ");
    lines.push(`      scores: ${scores}`);
    const cues = merged(e.decision.cues[e.decision.kind]);
    const shown = cues.slice(0, MAX_CUES).join(", ") + (cues.length > MAX_CUES ? ", …" : "");
    lines.push(`      decided by: ${shown || "no cue (fallback)"}`);
    const features = decisionFeatures(e.decision)
      .map((f) => `${f.feature} ${f.weight}`)
      .join(", ");
    if (features) lines.push(`      model features: ${features}`);
    lines.push(...paragraphLines(e));
  }
  for (const m of model.messages) lines.push(`  ${m.level}: [${m.rule}] ${m.reason}`);
  return lines.join("\n");
}
