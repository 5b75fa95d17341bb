/**
 * The write stage: the only code that touches the output folder. Every file is written atomically;
 * a brief's HTML and PDF are written only once both exist, so a failed brief leaves nothing half-made.
 * The font files its HTML links go to `fonts/` before the HTML that links them.
 * @module
 */
import { join } from "node:path";
import type { LinkedFace } from "../fonts/html.js";
import type { BriefModel } from "../structure/model.js";
import { writeFileAtomic } from "./atomic.js";
import { type FontFolder, linkFonts } from "./fonts.js";

/** Paths of one written brief, relative to the output folder. */
export interface WrittenBrief {
  html: string;
  pdf: string;
  /** The font files its HTML links (`fonts/<name>`). */
  fonts: string[];
}

/**
 * Writes `dist/<slug>/brief.json`.
 * @param out the output folder
 * @param model the brief model
 */
export async function writeModel(out: string, model: BriefModel): Promise<string> {
  const file = join(out, model.slug, "brief.json");
  await writeFileAtomic(file, `${JSON.stringify(model, null, 2)}\n`);
  return file;
}

/**
 * Writes a brief's HTML and PDF: `dist/<slug>/<audience>.html` and `.pdf`; with fonts, first the
 * font files into `dist/fonts/`, then the HTML with an `@font-face` rule per face, linking its file by
 * a relative URL (`../fonts/<name>`).
 * @param out the output folder
 * @param slug the article's slug
 * @param audience the audience key
 * @param files the HTML text and the PDF bytes
 * @param fonts the faces the HTML's text needs, and the run's `fonts/` folder (default: none linked)
 */
export async function writeBrief(
  out: string,
  slug: string,
  audience: string,
  files: { html: string; pdf: Uint8Array },
  fonts?: { faces: readonly LinkedFace[]; folder: FontFolder },
): Promise<WrittenBrief> {
  const html = join(slug, `${audience}.html`);
  const pdf = join(slug, `${audience}.pdf`);
  const { text, linked } = fonts
    ? await linkFonts(fonts.folder, html, files.html, fonts.faces)
    : { text: files.html, linked: [] };
  await writeFileAtomic(join(out, pdf), files.pdf);
  await writeFileAtomic(join(out, html), text);
  return { html, pdf, fonts: linked };
}

/**
 * Writes a digest PDF: `dist/digests/<job>/<runId>-<audience>.pdf`.
 * @param out the output folder
 * @param job the job's name
 * @param runId the run's id
 * @param audience the audience key
 * @param pdf the bytes
 * @returns the absolute path
 */
export async function writeDigest(
  out: string,
  job: string,
  runId: string,
  audience: string,
  pdf: Uint8Array,
): Promise<string> {
  const file = join(out, "digests", job, `${runId}-${audience}.pdf`);
  await writeFileAtomic(file, pdf);
  return file;
}
