/**
 * The write stage: the only code that touches the output folder. Every file is written atomically;
 * a brief's HTML and PDF are written only once both exist, so a failed brief leaves nothing half-made.
 * @module
 */
import { join } from "node:path";
import type { BriefModel } from "../structure/model.js";
import { writeFileAtomic } from "./atomic.js";

/** Paths of one written brief, relative to the output folder. */
export interface WrittenBrief {
  html: string;
  pdf: string;
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
 * Writes a brief's HTML and PDF: `dist/<slug>/<audience>.html` and `.pdf`.
 * @param out the output folder
 * @param slug the article's slug
 * @param audience the audience key
 * @param files the HTML text and the PDF bytes
 */
export async function writeBrief(
  out: string,
  slug: string,
  audience: string,
  files: { html: string; pdf: Uint8Array },
): Promise<WrittenBrief> {
  const html = join(slug, `${audience}.html`);
  const pdf = join(slug, `${audience}.pdf`);
  await writeFileAtomic(join(out, pdf), files.pdf);
  await writeFileAtomic(join(out, html), files.html);
  return { html, pdf };
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
