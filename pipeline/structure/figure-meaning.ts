/**
 * What a key figure measures and when: `1.32万亿元 · 2025年上半年跨境电商进出口规模（同比增长5.7%）`,
 * `$3.2 billion · the fund disbursed $3.2 billion in grants (2023)`. A date, a year, or a figure whose description
 * would only repeat its value has no meaning of its own and is left out of a key-figures box. A label
 * is always a readable piece of the source, never words with holes in them.
 * @module
 */
import { clauses } from "./compress.js";
import type { Lang } from "./cues.js";
import { enMeaning } from "./figure-label-en.js";
import { zhMeaning } from "./figure-label-zh.js";
import { findValue } from "./figure-when.js";
import type { KeyFigure } from "./model.js";

/** A key figure as a reader sees it. */
export interface FigureMeaning {
  /** The value with its qualifier (约1.32万亿元, 超过6.6亿, 50%左右, about $16.2 billion). */
  value: string;
  /** What it measures (跨境电商进出口规模, U.S. imports of refined copper). */
  what: string;
  /** When (2025年上半年, 2024), or null. */
  when: string | null;
  /** How it changed (同比增长5.7%, 从2020年的3.68万亿元增长), or null. */
  change: string | null;
}

/**
 * Reads what a key figure measures and when from its sentence; null when it has no meaning of its own
 * (a date, a year, or a description that would only repeat the value). A percentage that only says
 * how the figure before it changed (…1.32万亿元、同比增长5.7%) comes back with an empty `what` and
 * its `change`, for the caller to attach to that figure.
 * @param figure the figure with its sentence
 * @param lang the language
 */
export function figureMeaning(figure: KeyFigure, lang: Lang): FigureMeaning | null {
  if (figure.kind === "date") return null;
  const parts = clauses(figure.sentence.replace(/[。.！!？?]+$/u, ""), lang);
  const index = parts.findIndex((c) => findValue(c, figure.value) !== -1);
  if (index === -1) return null;
  const clause = (parts[index] as string).replace(/[，；：,;:。]\s*$/u, "");
  const earlier = parts.slice(0, index);
  return lang === "en" ? enMeaning(figure, clause, earlier) : zhMeaning(figure, clause, earlier);
}
