/**
 * Fonts for the written HTML: the faces its text needs, each linked by an `@font-face` rule (with the
 * face's `unicode-range`, so a browser fetches only the slices it sets text in) to a copy of its file
 * in the output's `fonts/` folder. The HTML names these families first and the system's after them, so
 * an HTML read without its `fonts/` folder falls back to the system's fonts.
 * @module
 */
import { createHash } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
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
  /** The file's name in `fonts/` (`noto-serif-sc-119-400-normal.1a2b3c4d.woff2`, see {@link fontFileName}). */
  name: string;
}

const named = new Map<string, { key: string; name: string }>();

/**
 * The name of a font file in the `fonts/` folder: its own name (a package's slice already names its
 * package, slice, weight and style) with a short hash of its bytes before the extension
 * (`noto-serif-sc-119-400-normal.1a2b3c4d.woff2`). A file whose bytes change (a font package upgraded)
 * gets a new name, so a brief not rebuilt in a run never links a slice of other characters than its
 * `unicode-range` says; two files of one name in different folders (`Regular.ttf`), or of names that
 * differ only in case, get different names unless they hold the same bytes. Read once per file while
 * its size and time of change stay the same.
 * @param file the font file's absolute path
 */
export function fontFileName(file: string): string {
  const stats = statSync(file, { throwIfNoEntry: false });
  // A file gone since the fonts were read keeps its own name: copying it then fails with its path.
  if (!stats) return basename(file);
  const { size, mtimeMs } = stats;
  const key = `${size}:${mtimeMs}`;
  const known = named.get(file);
  if (known?.key === key) return known.name;
  const ext = extname(file);
  const hash = createHash("sha256").update(readFileSync(file)).digest("hex").slice(0, 8);
  const name = `${basename(file, ext)}.${hash}${ext}`;
  named.set(file, { key, name });
  return name;
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
