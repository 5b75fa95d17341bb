/**
 * Keys that name briefs and deliveries. A delivery key depends only on what is delivered where (job,
 * channel, target, briefs and their content hashes), never on the run, so the same content sent to the
 * same target has the same key in every run: it is both the journal key and the idempotency key.
 * @module
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import type { DeliveryBrief } from "./types.js";

/**
 * The key of a brief in outcomes and the journal: `slug/audience`.
 * @param brief the brief
 */
export function briefKey(brief: Pick<DeliveryBrief, "slug" | "audience">): string {
  return `${brief.slug}/${brief.audience}`;
}

/**
 * The key of one delivery: 32 hex digits of SHA-256 over job, channel name, target and the sorted
 * `slug/audience@hash` of its briefs.
 * @param job the scheduled job's name
 * @param channel the channel's name
 * @param target recipients, URL or file
 * @param briefs the briefs delivered together
 */
export function deliveryKey(
  job: string,
  channel: string,
  target: string,
  briefs: readonly Pick<DeliveryBrief, "slug" | "audience" | "hash">[],
): string {
  const items = briefs.map((b) => `${briefKey(b)}@${b.hash}`).sort();
  return createHash("sha256")
    .update(JSON.stringify([job, channel, target, items]))
    .digest("hex")
    .slice(0, 32);
}

/**
 * SHA-256 (hex) of a file's bytes, for `DeliveryBrief.hash`.
 * @param file the file
 */
export async function hashFile(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/**
 * Replaces what cannot be in a file name (slashes, control characters) with `_`.
 * @param name a file name made from titles, slugs or audience keys
 */
export function safeFileName(name: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
  return name.replace(/[/\\\u0000-\u001f\u007f]/g, "_").trim();
}
