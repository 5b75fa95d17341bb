/**
 * Fonts for the written HTML: the faces its text needs, each linked by an `@font-face` rule (with the
 * face's `unicode-range`, so a browser fetches only the slices it sets text in) to a copy of its file
 * in the output's `fonts/` folder. The HTML names these families first and the system's after them, so
 * an HTML read without its `fonts/` folder falls back to the system's fonts.
 * @module
 */
import { createHash } from "node:crypto";
import { basename, extname } from "node:path";
import { cssString } from "./css.js";
import type { Face } from "./faces.js";

/**
 * Characters a browser may draw that are not in a document's text: a hyphen where `hyphens: auto`
 * breaks a word, the quotation marks of `<q>`, an ellipsis, a no-break space. They widen the range of
 * a face the document links; they never make it link another.
 */
export const DRAWN = "\u2010\u2013\u2014\u2018\u2019\u201c\u201d\u2026\u00a0";

/** A face as the HTML links it: the face, and the name of its file in the output's `fonts/` folder. */
export interface LinkedFace extends Face {
  /** The file's name in `fonts/` (`noto-serif-sc-119-400-normal.woff2`). */
  name: string;
}

/**
 * Names the configured fonts' files for the `fonts/` folder: each file's own name (a package's slice
 * already names its package, slice, weight and style), with a hash of its path added when an earlier
 * file took that name (two local `Regular.ttf` in different folders).
 * @param faces every face of the configured fonts
 * @returns per font file (absolute path), its name
 */
export function fontFileNames(faces: readonly Face[]): Map<string, string> {
  const names = new Map<string, string>();
  const taken = new Set<string>();
  for (const { file } of faces) {
    if (names.has(file)) continue;
    let name = basename(file);
    if (taken.has(name)) {
      const ext = extname(name);
      const hash = createHash("sha256").update(file).digest("hex").slice(0, 8);
      name = `${basename(name, ext)}-${hash}${ext}`;
    }
    taken.add(name);
    names.set(file, name);
  }
  return names;
}

/**
 * The `@font-face` rules of linked faces, one a line.
 * @param faces the faces a document uses
 * @param url the URL of a file in `fonts/` by its name, as the document reaches it
 */
export function fontFaceRules(faces: readonly LinkedFace[], url: (name: string) => string): string {
  return faces
    .map(
      (f) =>
        `@font-face{font-family:${cssString(f.family)};font-style:${f.style};font-weight:${f.weight};` +
        `font-display:swap;src:url(${cssString(url(f.name))}) format("${f.format}");` +
        `unicode-range:${f.unicodeRange}}`,
    )
    .join("\n");
}

/**
 * Adds a stylesheet to a document: a `<style>` at the end of its `<head>` (before `<body>` when it has
 * no `</head>`, at the start when it has neither).
 * @param html the document
 * @param css the rules (nothing is added when empty)
 */
export function withStylesheet(html: string, css: string): string {
  if (css === "") return html;
  const style = `<style>\n${css}\n</style>\n`;
  const at = [/<\/head\s*>/i, /<body[\s>]/i].map((re) => html.search(re)).find((i) => i >= 0);
  return at === undefined ? style + html : html.slice(0, at) + style + html.slice(at);
}
