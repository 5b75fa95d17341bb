/**
 * Pruning: briefs that no audience or source produces any more (an audience removed from the config, a
 * source deleted) are removed from the output folder and the manifest, so `index.html` and the feed
 * list only what exists.
 * @module
 */
import { existsSync } from "node:fs";
import { readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { type Manifest, type ManifestEntry, writeManifest } from "./manifest.js";

/**
 * Removes the briefs `keep` rejects (their HTML and PDF; a folder left with nothing but its brief.json
 * goes too).
 * @param out the output folder
 * @param manifest its manifest (changed in place and written when something was removed)
 * @param keep whether an entry is still produced
 * @returns the keys removed
 */
export async function pruneBriefs(
  out: string,
  manifest: Manifest,
  keep: (entry: ManifestEntry) => boolean,
): Promise<string[]> {
  const removed = Object.entries(manifest.briefs).filter(([, e]) => !keep(e));
  for (const [key, entry] of removed) {
    await rm(join(out, entry.pdf), { force: true });
    await rm(join(out, entry.html), { force: true });
    delete manifest.briefs[key];
  }
  const slugs = new Set(removed.map(([, e]) => e.slug));
  for (const slug of slugs) {
    const folder = join(out, slug);
    const left = existsSync(folder) ? await readdir(folder) : [];
    if (left.every((f) => f === "brief.json")) await rm(folder, { recursive: true, force: true });
  }
  if (removed.length > 0) await writeManifest(out, manifest);
  return removed.map(([key]) => key);
}
