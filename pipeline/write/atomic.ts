/**
 * Atomic file writes: the content goes to a temporary name in the same folder, then is renamed over
 * the target, so a reader (or a run killed midway) sees the old file or the new one, never half of one.
 * @module
 */
import { randomBytes } from "node:crypto";
import { copyFile, mkdir, readdir, rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { BriefError } from "../errors.js";

/** Prefix of temporary files; anything starting with it in an output folder is debris from a killed run. */
export const TEMP_PREFIX = ".tmp-";

const WHY: Record<string, string> = {
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EROFS: "read-only file system",
  ENOSPC: "no space left on the device",
  EDQUOT: "disk quota exceeded",
  ENOTDIR: "a part of the path is a file, not a folder",
  EISDIR: "the path is a folder",
  EEXIST: "a file is where a folder should be",
};

/**
 * A file-system error of the output folder as a BriefError naming the path and the cause (exit 1);
 * other errors are returned as they are.
 * @param error what the file system threw
 * @param path the file or folder being written
 */
export function writeError(error: unknown, path: string): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  if (!code || !(code in WHY)) return error;
  return new BriefError(`cannot write ${path}: ${WHY[code]} (${code})`, {
    place: { file: path },
    hint: "make the output folder writable (or free some space), or choose another with `out:` in config.yaml or --out",
    cause: error,
  });
}

/** Puts a file in place atomically: `fill` writes a temporary name in its folder, which is then renamed. */
async function placeAtomic(file: string, fill: (temp: string) => Promise<void>): Promise<void> {
  await mkdir(dirname(file), { recursive: true }).catch((error) => {
    throw writeError(error, dirname(file));
  });
  const temp = join(
    dirname(file),
    `${TEMP_PREFIX}${basename(file)}.${process.pid}.${randomBytes(4).toString("hex")}`,
  );
  try {
    await fill(temp);
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw writeError(error, file);
  }
}

/**
 * Writes `data` to `file` atomically, creating the folder when needed.
 * @param file target path
 * @param data the content
 */
export function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  return placeAtomic(file, (temp) => writeFile(temp, data));
}

/**
 * Copies `source` to `file` atomically, creating the folder when needed.
 * @param source the file copied
 * @param file target path
 */
export function copyFileAtomic(source: string, file: string): Promise<void> {
  return placeAtomic(file, (temp) => copyFile(source, temp));
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
