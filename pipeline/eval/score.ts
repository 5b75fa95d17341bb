/**
 * Counts for the evaluation: per paragraph, whether its kind is one the gold accepts, per kind
 * precision and recall, a confusion matrix (gold's first kind × the kind given), key-figure and
 * reference recall.
 * @module
 */
import { SECTION_KINDS, type SectionKind } from "../structure/model.js";
import type { Unit } from "./align.js";

/** A column of the confusion matrix: a kind, or `missing` (paragraph or heading not found). */
export type Column = SectionKind | "missing";
/** The confusion matrix's columns. */
export const COLUMNS: readonly Column[] = [...SECTION_KINDS, "missing"];

/** Counts for one article or a group. */
export interface Score {
  articles: number;
  units: number;
  correct: number;
  figures: { found: number; total: number };
  references: { found: number; total: number };
  /** kind → predicted, of them correct; gold (first kind), of them correct. */
  perKind: Record<SectionKind, { predicted: number; tp: number; gold: number; recalled: number }>;
  /** gold's first kind → kind given → paragraphs. */
  confusion: Record<SectionKind, Record<Column, number>>;
  /** Gold headings found nowhere in the text. */
  unlocated: number;
  /** Paragraphs lost because their heading was read as a paragraph. */
  headingNotFound: number;
  misses: string[];
}

/** A score with nothing counted. */
export function emptyScore(): Score {
  const perKind = {} as Score["perKind"];
  const confusion = {} as Score["confusion"];
  for (const k of SECTION_KINDS) {
    perKind[k] = { predicted: 0, tp: 0, gold: 0, recalled: 0 };
    confusion[k] = Object.fromEntries(COLUMNS.map((c) => [c, 0])) as Record<Column, number>;
  }
  return {
    articles: 0,
    units: 0,
    correct: 0,
    figures: { found: 0, total: 0 },
    references: { found: 0, total: 0 },
    perKind,
    confusion,
    unlocated: 0,
    headingNotFound: 0,
    misses: [],
  };
}

/**
 * Counts one paragraph.
 * @param score the counts, changed in place
 * @param unit the paragraph
 * @param name the article's name, for the miss line
 */
export function countUnit(score: Score, unit: Unit, name: string): void {
  score.units++;
  const ok = unit.predicted !== undefined && unit.kinds.includes(unit.predicted);
  const primary = unit.kinds[0] as SectionKind;
  if (ok) score.correct++;
  else
    score.misses.push(
      `${name}: ${unit.label} → ${unit.predicted ?? unit.lost} (gold ${unit.kinds.join("/")})`,
    );
  score.perKind[primary].gold++;
  if (ok) score.perKind[primary].recalled++;
  if (unit.predicted) {
    score.perKind[unit.predicted].predicted++;
    if (ok) score.perKind[unit.predicted].tp++;
  }
  if (unit.lost === "heading-not-found") score.headingNotFound++;
  score.confusion[primary][unit.predicted ?? "missing"]++;
}

/**
 * Counts the gold's key figures and cited documents the pipeline found.
 * @param score the counts, changed in place
 * @param found the figure values and reference titles the pipeline found
 * @param gold the gold's
 * @param name the article's name, for the miss line
 */
export function countExtras(
  score: Score,
  found: { figures: string[]; references: string[] },
  gold: { keyFigures: string[]; references: string[] },
  name: string,
): void {
  for (const v of gold.keyFigures) {
    score.figures.total++;
    // Found when written the same, with or without its noun (86项 / 86项改革举措).
    if (found.figures.some((x) => x === v || x.startsWith(v) || v.startsWith(x))) score.figures.found++;
    else score.misses.push(`${name}: key figure ${v} not found`);
  }
  for (const r of gold.references) {
    score.references.total++;
    if (found.references.includes(r)) score.references.found++;
    else score.misses.push(`${name}: reference ${r} not found`);
  }
}

/** Adds `b` into `a`. */
export function addInto(a: Score, b: Score): void {
  a.articles += b.articles;
  a.units += b.units;
  a.correct += b.correct;
  a.unlocated += b.unlocated;
  a.headingNotFound += b.headingNotFound;
  for (const key of ["figures", "references"] as const) {
    a[key].found += b[key].found;
    a[key].total += b[key].total;
  }
  for (const k of SECTION_KINDS) {
    for (const f of ["predicted", "tp", "gold", "recalled"] as const) a.perKind[k][f] += b.perKind[k][f];
    for (const c of COLUMNS) a.confusion[k][c] += b.confusion[k][c];
  }
  a.misses.push(...b.misses);
}

/** n / d, 1 when d is 0. */
export const ratio = (n: number, d: number): number => (d === 0 ? 1 : n / d);
