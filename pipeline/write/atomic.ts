/**
 * Atomic file writes: the content goes to a temporary name in the same folder, then is renamed over
 * the target, so a reader (or a run killed midway) sees the old file or the new one, never half of one.
 * @module
 */
import { randomBytes } from "node:crypto";
import { mkdir, readdir, rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/** Prefix of temporary files; anything starting with it in an output folder is debris from a killed run. */
export const TEMP_PREFIX = ".tmp-";

/**
 * Writes `data` to `file` atomically, creating the folder when needed.
 * @param file target path
 * @param data the content
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temp = join(
    dirname(file),
    `${TEMP_PREFIX}${basename(file)}.${process.pid}.${randomBytes(4).toString("hex")}`,
  );
  try {
    await writeFile(temp, data);
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/**
 * Removes temporary files a killed run left in an output folder (and its sub-folders, one level down).
 * @param out the output folder
 */
export async function removeDebris(out: string): Promise<void> {
  const walk = async (dir: string, depth: number): Promise<void> => {
    let entries: import("node:fs").Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.name.startsWith(TEMP_PREFIX)) await rm(join(dir, e.name), { force: true });
      else if (e.isDirectory() && depth < 1) await walk(join(dir, e.name), depth + 1);
    }
  };
  await walk(out, 0);
}
