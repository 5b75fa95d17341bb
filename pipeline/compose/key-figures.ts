/**
 * The key figures a brief shows: quantities with what they measure and when, most informative first.
 * Dates and figures that would only repeat their value are left out; a percentage that only says how
 * the figure before it changed (…1.32万亿元、同比增长5.7%) joins that figure.
 * @module
 */
import { figureMeaning } from "../structure/figure-meaning.js";
import type { BriefModel, KeyFigure } from "../structure/model.js";

/** A key figure as templates see it. */
export interface FigureView extends KeyFigure {
  /** The value with its qualifier (约1.32万亿元). */
  display: string;
  /** What it measures and when, with its change (2025年上半年跨境电商进出口规模（同比增长5.7%）). */
  meaning: string;
  /** The same as `meaning` (kept for templates written before it). */
  clause: string;
}

interface Read {
  figure: KeyFigure;
  value: string;
  what: string;
  when: string | null;
  change: string | null;
  at: number;
}

function labelOf(r: Read, lang: "zh" | "en"): string {
  const base =
    lang === "en"
      ? `${r.what}${r.when && !r.what.includes(r.when) ? ` (${r.when})` : ""}`
      : `${r.when && !r.what.includes(r.when) ? r.when : ""}${r.what}`;
  if (!r.change) return base;
  return lang === "en" ? `${base} (${r.change})` : `${base}（${r.change}）`;
}

/**
 * The figures worth showing, most informative first.
 * @param model the brief model
 * @param count how many
 */
export function keyFigures(model: BriefModel, count: number): FigureView[] {
  const lang = model.lang;
  const read: Read[] = [];
  const changes: Read[] = [];
  for (const figure of model.keyFigures) {
    const meaning = figureMeaning(figure, lang);
    if (!meaning) continue;
    const r = { figure, ...meaning, at: figure.sentence.indexOf(figure.value) };
    (meaning.what === "" ? changes : read).push(r);
  }
  // A change joins the nearest figure before it in the same sentence.
  for (const c of changes) {
    const host = read
      .filter(
        (r) =>
          r.figure.sentence === c.figure.sentence && r.figure.paragraph === c.figure.paragraph && r.at < c.at,
      )
      .sort((a, b) => b.at - a.at)[0];
    if (host && !host.change) host.change = `${c.change}${c.figure.value}`;
  }
  const seen = new Set<string>();
  return read
    .filter((r) => {
      const key = labelOf(r, lang);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .slice(0, Math.max(0, count))
    .map((r) => {
      const meaning = labelOf(r, lang);
      return { ...r.figure, display: lang === "en" ? r.figure.value : r.value, meaning, clause: meaning };
    });
}
