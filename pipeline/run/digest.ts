/**
 * Digests: one PDF per audience joining the briefs a job sends, printed by the run's printer (the same
 * browser as its briefs, under the same lock) and written by the write stage.
 * @module
 */
import { readFileSync } from "node:fs";
import { digestHtml } from "../compose/digest.js";
import { audienceTitle, type Config } from "../config/schema.js";
import type { DeliveryBrief } from "../deliver/types.js";
import { hashOf } from "../write/manifest.js";
import { writeDigest } from "../write/write.js";
import type { Printer } from "./printer.js";

/**
 * Prints and writes one digest per audience of the briefs to send.
 * @param config the run's config
 * @param printer the run's printer
 * @param job the job's name
 * @param runId the run's id (its date heads the digest's title)
 * @param briefs the briefs to send
 * @returns the digests, as the briefs to deliver instead, and their files
 */
export async function makeDigests(
  config: Config,
  printer: Printer,
  job: string,
  runId: string,
  briefs: readonly DeliveryBrief[],
): Promise<{ briefs: DeliveryBrief[]; files: string[] }> {
  const byAudience = new Map<string, DeliveryBrief[]>();
  for (const b of briefs) byAudience.set(b.audience, [...(byAudience.get(b.audience) ?? []), b]);
  const day = `${runId.slice(0, 4)}-${runId.slice(4, 6)}-${runId.slice(6, 8)}`;
  const out: DeliveryBrief[] = [];
  const files: string[] = [];
  for (const [audience, list] of byAudience) {
    const title = `${audienceTitle(config.audiences[audience], audience)} · ${day}`;
    const html = digestHtml(
      list.map((b) => ({ title: b.title, html: readFileSync(b.html, "utf8") })),
      { title, subtitle: `${job} · ${list.length} 份简报`, lang: "zh" },
    );
    const meta = {
      title,
      author: [],
      subject: `${job} · ${list.length} 份简报`,
      keywords: list.map((b) => b.title),
      lang: "zh",
    };
    const printed = await printer.print({ html, meta }, `digest ${job} → ${audience}`);
    const file = await writeDigest(config.out, job, runId, audience, printed.pdf);
    files.push(file);
    const hash = hashOf(...list.map((b) => b.hash));
    out.push({ slug: `digest-${job}`, title, audience, pdf: file, html: file, hash });
  }
  return { briefs: out, files };
}
