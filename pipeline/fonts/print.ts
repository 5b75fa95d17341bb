/**
 * The configured fonts for the printing page: the faces a document may use (registered on the page as
 * `FontFace`s, never added to the HTML — the briefs stay standalone) and the exact files a page may
 * load. The faces are read on first use, so a run that prints nothing reads no font.
 * @module
 */
import type { PageFonts } from "../render/fonts.js";
import { pageFonts } from "./css.js";
import { facesOf } from "./faces.js";
import type { ResolvedFonts } from "./find.js";

/** Fonts as the printer uses them. */
export interface PrintFonts extends PageFonts {
  /** `file://` URLs of every font file of the configured fonts (and nothing else). */
  readonly allow: string[];
}

/**
 * The fonts of a config for printing.
 * @param fonts the config's resolved fonts
 */
export function printFonts(fonts: ResolvedFonts): PrintFonts {
  let index: ReturnType<typeof pageFonts> | undefined;
  const get = () => {
    index ??= pageFonts(facesOf(fonts));
    return index;
  };
  return {
    get allow() {
      return get().urls;
    },
    get id() {
      return get().id;
    },
    facesFor: (text) => get().facesFor(text),
    uncovered: (text, keys) => get().uncovered(text, keys),
  };
}
