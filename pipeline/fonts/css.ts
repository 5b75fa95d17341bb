/**
 * Fonts for pages: the custom properties that name the configured families in every brief (HTML and
 * PDF alike; the stylesheet falls back to system fonts after them), and the faces a document's text
 * needs — registered on the printing page from their packages, and linked by the written HTML from
 * the output's `fonts/` folder (`html.ts`).
 * @module
 */
import { createHash } from "node:crypto";
import { pathToFileURL } from "node:url";
import type { PageFace, PageFonts } from "../render/fonts.js";
import { type Face, toRanges, unicodeRangeOf } from "./faces.js";
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
  return `:root{--font-body:${list("body")};--font-headings:${list("headings")};--font-latin-body:${list("latinBody")};--font-latin-headings:${list("latinHeadings")}}`;
}

/** Characters every document may need beyond its text: ASCII (page counters, list numbers), CJK numerals. */
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

/** True when flattened, sorted pairs cover a code point (binary search). */
function covers(ranges: readonly number[], cp: number): boolean {
  let lo = 0;
  let hi = ranges.length / 2 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((ranges[2 * mid] as number) > cp) hi = mid - 1;
    else if ((ranges[2 * mid + 1] as number) < cp) lo = mid + 1;
    else return true;
  }
  return false;
}

/** A face as the printing page registers it (a `FontFace` of its own, kept across documents). */
function pageFace(face: Face): PageFace {
  const url = pathToFileURL(face.file).href;
  return {
    key: `${url}#${face.weight}#${face.style}`,
    family: face.family,
    src: `url(${cssString(url)}) format("${face.format}")`,
    weight: face.weight,
    style: face.style,
    unicodeRange: face.unicodeRange,
  };
}

/** The configured fonts, indexed for documents. */
export interface DocumentFonts extends PageFonts {
  /** `file://` URLs of every font file. */
  urls: string[];
  /**
   * The faces (of every family, weight and style) covering a character of a text, each narrowed to
   * the characters of the text it covers, and of `extra` (characters a browser may draw besides: they
   * widen a face the text uses, never add one): what a document that never changes needs to link.
   */
  narrowed(text: string, extra?: string): Face[];
}

/**
 * The configured fonts for pages, indexed once per run: the files a page may load, and the faces a
 * document may use — those covering a character of it (`facesFor` as the printing page registers
 * them, with their whole ranges; `narrowed` as the written HTML links them); the browser then loads
 * only the slices its text is set in.
 * @param faces every face of the configured fonts
 */
export function pageFonts(faces: readonly Face[]): DocumentFonts {
  const groups = groupFaces(faces);
  const specs = faces.map(pageFace);
  const byKey = new Map(specs.map((f, i) => [f.key, faces[i] as Face]));
  /**
   * Per face covering a character of a text (in the order defined), the characters it covers, and
   * those of `extra` (which only widen a face the text uses).
   */
  const usedBy = (text: string, extra = "") => {
    const points = new Set<number>(ALWAYS);
    for (const ch of text) points.add(ch.codePointAt(0) as number);
    const used = new Map<number, number[]>();
    for (const group of groups)
      for (const cp of points) {
        const face = lookup(group, cp);
        if (face >= 0) (used.get(face) ?? used.set(face, []).get(face))?.push(cp);
      }
    for (const group of groups)
      for (const ch of extra) {
        const cp = ch.codePointAt(0) as number;
        if (!points.has(cp)) used.get(lookup(group, cp))?.push(cp);
      }
    return [...used].sort((a, b) => a[0] - b[0]);
  };
  return {
    id: createHash("sha256")
      .update(specs.map((f) => `${f.key}\u0000${f.family}`).join("\n"))
      .digest("hex")
      .slice(0, 16),
    urls: [...new Set(faces.map((f) => pathToFileURL(f.file).href))],
    facesFor: (text) => usedBy(text).map(([i]) => specs[i] as PageFace),
    narrowed: (text, extra) =>
      usedBy(text, extra).map(([i, points]) => {
        const ranges = toRanges(points.sort((a, b) => a - b));
        return { ...(faces[i] as Face), ranges, unicodeRange: unicodeRangeOf(ranges) };
      }),
    uncovered(text, keys) {
      const ranges = keys.map((k) => byKey.get(k)?.ranges ?? []);
      return [...new Set(text)].filter((ch) => {
        if (/[\s\p{Cc}\p{Cf}]/u.test(ch)) return false;
        const cp = ch.codePointAt(0) as number;
        return !ranges.some((r) => covers(r, cp));
      });
    },
  };
}
