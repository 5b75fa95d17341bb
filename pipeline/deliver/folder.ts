/**
 * The folder channel: copies a brief's PDF into an outbox folder as `<slug>-<audience>.pdf`, atomically
 * (a temporary name in the same folder, flushed, then renamed), so whatever watches the folder never
 * sees half a file.
 * @module
 */
import { randomBytes } from "node:crypto";
import { copyFile, mkdir, open, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { TEMP_PREFIX } from "../write/atomic.js";
import { safeFileName } from "./keys.js";
import { PermanentError } from "./retry.js";
import type { DeliveryBrief, FolderChannel } from "./types.js";

/**
 * Where the folder channel puts a brief: `<path>/<slug>-<audience>.pdf`.
 * @param channel the folder channel
 * @param brief the brief
 */
export function outboxFile(channel: FolderChannel, brief: Pick<DeliveryBrief, "slug" | "audience">): string {
  return join(channel.path, safeFileName(`${brief.slug}-${brief.audience}.pdf`));
}

/**
 * Copies the brief's PDF into the outbox atomically, creating the folder when missing.
 * @param channel the folder channel
 * @param brief the brief
 * @returns the file written
 * @throws PermanentError when the PDF is missing; other errors (disk full, permissions) may pass on retry
 */
export async function copyToFolder(channel: FolderChannel, brief: DeliveryBrief): Promise<string> {
  const target = outboxFile(channel, brief);
  await mkdir(channel.path, { recursive: true });
  const temp = join(
    channel.path,
    `${TEMP_PREFIX}${safeFileName(`${brief.slug}-${brief.audience}`)}.${process.pid}.${randomBytes(4).toString("hex")}`,
  );
  try {
    await copyFile(brief.pdf, temp);
    const handle = await open(temp, "r+");
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    const { code, path } = error as NodeJS.ErrnoException;
    if (code === "ENOENT" && path === brief.pdf) {
      throw new PermanentError(`PDF not found: ${brief.pdf}`, { cause: error });
    }
    throw error;
  }
  return target;
}
