/**
 * The configured fonts of a run: for the printing page, the faces a document may use (registered on
 * the page as `FontFace`s, never added to the HTML it prints) and the exact files a page may load; for
 * the written HTML, the faces its text needs and the names of their files in the output's `fonts/`
 * folder. The faces are read on first use, so a run that prints nothing reads no font.
 * @module
 */
import type { PageFonts } from "../render/fonts.js";
import { pageFonts } from "./css.js";
import { facesOf } from "./faces.js";
import type { ResolvedFonts } from "./find.js";
import { DRAWN, fontFileName, type LinkedFace } from "./html.js";

/** Fonts as the printer and the written HTML use them. */
export interface PrintFonts extends PageFonts {
  /** `file://` URLs of every font file of the configured fonts (and nothing else). */
  readonly allow: string[];
  /**
   * The faces of every configured family, weight and style that cover a character of a document (its
   * HTML, or a character a browser may draw besides), each narrowed to those characters and named for
   * the output's `fonts/` folder.
   */
  linkedFor(html: string): LinkedFace[];
  /** Every configured font file (absolute path) by its name in the output's `fonts/` folder. */
  readonly files: ReadonlyMap<string, string>;
}

/**
 * The fonts of a config for printing and for the written HTML.
 * @param fonts the config's resolved fonts
 */
export function printFonts(fonts: ResolvedFonts): PrintFonts {
  let index: { page: ReturnType<typeof pageFonts>; files: string[] } | undefined;
  const get = () => {
    if (!index) {
      const faces = facesOf(fonts);
      index = { page: pageFonts(faces), files: [...new Set(faces.map((f) => f.file))] };
    }
    return index;
  };
  let files: Map<string, string> | undefined;
  return {
    get allow() {
      return get().page.urls;
    },
    get id() {
      return get().page.id;
    },
    facesFor: (text) => get().page.facesFor(text),
    uncovered: (text, keys) => get().page.uncovered(text, keys),
    linkedFor(html) {
      return get()
        .page.narrowed(html, DRAWN)
        .map((f) => ({ ...f, name: fontFileName(f.file) }));
    },
    get files() {
      files ??= new Map(get().files.map((file) => [fontFileName(file), file]));
      return files;
    },
  };
}
