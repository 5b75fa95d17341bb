/**
 * The configured fonts for the printing page: `@font-face` rules pointing at the font files (added to
 * a document only while it prints — the HTML briefs stay standalone), and the exact files a page may
 * load. The faces are read on first use, so a run that prints nothing reads no font.
 * @module
 */
import { printFontFaces } from "./css.js";
import { facesOf } from "./faces.js";
import type { ResolvedFonts } from "./find.js";

/** Fonts as the printer uses them. */
export interface PrintFonts {
  /** `file://` URLs of every font file of the configured fonts (and nothing else). */
  readonly allow: string[];
  /** The document with the `@font-face` rules for its characters added to its head. */
  inject(html: string): string;
  /** The document as composed: the added rules taken out again. */
  strip(html: string): string;
}

const TAG = "<style data-print-fonts>";
const ADDED = /<style data-print-fonts>[^<]*<\/style>/g;

/** Puts a style element at the end of the head (or the start of the body, or the end). */
function addToHead(html: string, style: string): string {
  const head = html.search(/<\/head>/i);
  if (head >= 0) return `${html.slice(0, head)}${style}${html.slice(head)}`;
  const body = /<body[^>]*>/i.exec(html);
  if (body)
    return `${html.slice(0, body.index + body[0].length)}${style}${html.slice(body.index + body[0].length)}`;
  return html + style;
}

/**
 * The fonts of a config for printing.
 * @param fonts the config's resolved fonts
 */
export function printFonts(fonts: ResolvedFonts): PrintFonts {
  let faces: ReturnType<typeof printFontFaces> | undefined;
  const get = () => {
    faces ??= printFontFaces(facesOf(fonts));
    return faces;
  };
  return {
    get allow() {
      return get().urls;
    },
    inject: (html) => addToHead(html, `${TAG}${get().rulesFor(html)}</style>`),
    strip: (html) => html.replace(ADDED, ""),
  };
}
