/**
 * Prints an evaluation for a person: per group, accuracy, per-kind precision and recall, the
 * confusion matrix; per article and every miss only when asked, and never for dev.
 * @module
 */
import { SECTION_KINDS } from "../structure/model.js";
import { GROUPS, type Group } from "./corpus.js";
import type { Evaluation, Summary } from "./index.js";
import { COLUMNS, ratio } from "./score.js";

const TITLES: Record<Group, string> = {
  seed: "seed (../shared/gold/seed.json; in the training data)",
  train: "train (corpus, used to train the model and tune the rules)",
  dev: "dev (corpus, frozen: scores only, never tuned on)",
  synthetic: "synthetic (old LLM-written fixtures, tuned on; not held out)",
};

const f3 = (n: number) => n.toFixed(3);

/**
 * Per-kind precision and recall of a score.
 * @param s the score's summary
 */
export function kindTable(s: Pick<Summary, "score">): string[] {
  const lines = ["  kind             precision  recall   (predicted / gold)"];
  for (const k of SECTION_KINDS) {
    const p = s.score.perKind[k];
    if (p.predicted === 0 && p.gold === 0) continue;
    lines.push(
      `  ${k.padEnd(16)} ${f3(ratio(p.tp, p.predicted)).padStart(9)}  ${f3(ratio(p.recalled, p.gold)).padStart(6)}   (${p.predicted} / ${p.gold})`,
    );
  }
  return lines;
}

/**
 * The confusion matrix of a score (gold's first kind × kind given).
 * @param s the score's summary
 */
export function confusion(s: Pick<Summary, "score">): string[] {
  const head = COLUMNS.map((c) => c.slice(0, 7).padStart(8)).join("");
  const lines = ["  confusion (rows: gold's first kind, columns: kind given)", `  ${"".padEnd(16)}${head}`];
  for (const k of SECTION_KINDS) {
    const row = s.score.confusion[k];
    if (COLUMNS.every((c) => row[c] === 0)) continue;
    lines.push(`  ${k.padEnd(16)}${COLUMNS.map((c) => String(row[c]).padStart(8)).join("")}`);
  }
  return lines;
}

/**
 * Accuracy per shape (language × headed or not), when a group holds more than one shape.
 * @param s the group's summary
 */
export function shapeTable(s: Pick<Summary, "shapes">): string[] {
  const keys = Object.keys(s.shapes).sort();
  if (keys.length < 2) return [];
  return [
    "  by shape         accuracy   (paragraphs, articles)",
    ...keys.map((k) => {
      const c = s.shapes[k] as Summary["shapes"][string];
      return `  ${k.padEnd(16)} ${f3(ratio(c.correct, c.units)).padStart(8)}   (${c.units}, ${c.articles})`;
    }),
  ];
}

/**
 * Formats an evaluation.
 * @param result the evaluation
 * @param options `misses`: list each article's accuracy and every miss (never for dev)
 */
export function formatEvaluation(result: Partial<Evaluation>, options: { misses?: boolean } = {}): string {
  const lines = ["structure evaluation, per paragraph (a paragraph takes its heading's gold kinds)"];
  for (const group of GROUPS) {
    const s = result[group];
    if (!s) continue;
    const sc = s.score;
    lines.push(
      "",
      `${TITLES[group]}: ${sc.articles} articles`,
      `  accuracy ${f3(s.accuracy)} (${sc.correct}/${sc.units} paragraphs), lowest kind recall ${f3(s.minRecall)}`,
      `  key-figure recall ${f3(s.figureRecall)} (${sc.figures.found}/${sc.figures.total}), reference recall ${f3(s.referenceRecall)} (${sc.references.found}/${sc.references.total})`,
      `  gold headings not found in the text: ${sc.unlocated}; paragraphs under a heading read as text: ${sc.headingNotFound}`,
      ...kindTable(s),
      ...confusion(s),
      ...shapeTable(s),
    );
    if (!options.misses || group === "dev") continue;
    for (const a of s.articles) lines.push(`  ${a.name.padEnd(44)} ${f3(a.accuracy)} (${a.units})`);
    for (const m of sc.misses) lines.push(`  miss: ${m}`);
  }
  return lines.join("\n");
}
