/**
 * Fonts as CSS: the custom properties that name the configured families in every brief (HTML and PDF
 * alike; the stylesheet falls back to system fonts after them), and the `@font-face` rules that only
 * the printing page gets — the package's faces cut down to the characters the document holds, so
 * the browser loads just the slices a brief uses and parses a few kilobytes of rules, not megabytes.
 * @module
 */
import { pathToFileURL } from "node:url";
import type { Face } from "./faces.js";
import type { ResolvedFonts } from "./find.js";

/** Quotes a string for CSS (`"Noto Sans SC"`); `<` is escaped so it can never close a `<style>`. */
export const cssString = (s: string) =>
  `"${s
    .replace(/[\\"]/g, "\\$&")
    .replace(/</g, "\\3c ")
    .replace(/[\n\r\f]/g, " ")}"`;

/**
 * The custom properties naming each role's families, for the top of a brief's stylesheet:
 * `:root{--font-body:"Noto Serif SC";--font-headings:"Noto Sans SC"}`.
 * @param fonts the config's resolved fonts
 */
export function fontVariables(fonts: ResolvedFonts): string {
  const list = (role: keyof ResolvedFonts) => fonts[role].map((f) => cssString(f.family)).join(",");
  return `:root{--font-body:${list("body")};--font-headings:${list("headings")}}`;
}

/** Characters added to every document's set: ASCII (page counters, list numbers) and CJK numerals. */
const ALWAYS = [
  ...Array.from({ length: 0x7f - 0x20 }, (_, i) => 0x20 + i),
  ..."〇一二三四五六七八九十".split("").map((c) => c.codePointAt(0) as number),
];

/** One group of faces (a family, weight and style): its slices' ranges sorted, for lookups. */
interface Group {
  starts: number[];
  ends: number[];
  face: number[];
}

/** Groups faces by family, weight and style; within a group, slices do not overlap. */
function groupFaces(faces: readonly Face[]): Group[] {
  const groups = new Map<string, [number, number, number][]>();
  faces.forEach((f, i) => {
    const key = `${f.family}\u0000${f.weight}\u0000${f.style}`;
    const list = groups.get(key) ?? groups.set(key, []).get(key);
    for (let r = 0; r < f.ranges.length; r += 2)
      list?.push([f.ranges[r] as number, f.ranges[r + 1] as number, i]);
  });
  return [...groups.values()].map((list) => {
    list.sort((a, b) => a[0] - b[0]);
    return { starts: list.map((r) => r[0]), ends: list.map((r) => r[1]), face: list.map((r) => r[2]) };
  });
}

/** The face of a group covering a code point, or -1. */
function lookup(group: Group, cp: number): number {
  let lo = 0;
  let hi = group.starts.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((group.starts[mid] as number) > cp) hi = mid - 1;
    else if ((group.ends[mid] as number) < cp) lo = mid + 1;
    else return group.face[mid] as number;
  }
  return -1;
}

const hex = (n: number) => n.toString(16);

/** A face's rule, its `unicode-range` limited to the given code points (sorted). */
function faceRule(face: Face, points: number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < points.length; ) {
    let j = i;
    while (j + 1 < points.length && points[j + 1] === (points[j] as number) + 1) j++;
    parts.push(
      i === j ? `U+${hex(points[i] as number)}` : `U+${hex(points[i] as number)}-${hex(points[j] as number)}`,
    );
    i = j + 1;
  }
  const src = `url(${cssString(pathToFileURL(face.file).href)}) format("${face.format}")`;
  return `@font-face{font-family:${cssString(face.family)};font-style:${face.style};font-weight:${face.weight};font-display:block;src:${src};unicode-range:${parts.join(",")}}`;
}

/** What the printer needs from the fonts: the files a page may load, and the rules for a document. */
export interface PrintFontFaces {
  /** `file://` URLs of every face's file. */
  urls: string[];
  /** The `@font-face` rules for a document (faces covering none of its characters are left out). */
  rulesFor(html: string): string;
}

/**
 * Indexes faces once per run for the printer.
 * @param faces every face of the configured fonts
 */
export function printFontFaces(faces: readonly Face[]): PrintFontFaces {
  const groups = groupFaces(faces);
  return {
    urls: [...new Set(faces.map((f) => pathToFileURL(f.file).href))],
    rulesFor(html) {
      const points = new Set<number>(ALWAYS);
      for (const ch of html) points.add(ch.codePointAt(0) as number);
      const sorted = [...points].sort((a, b) => a - b);
      const byFace = new Map<number, number[]>();
      for (const group of groups)
        for (const cp of sorted) {
          const face = lookup(group, cp);
          if (face >= 0) (byFace.get(face) ?? byFace.set(face, []).get(face))?.push(cp);
        }
      return [...byFace.keys()]
        .sort((a, b) => a - b)
        .map((i) => faceRule(faces[i] as Face, byFace.get(i) as number[]))
        .join("\n");
    },
  };
}
