/**
 * A lock file in the output folder, so two runs never write the same `dist/` at once. The lock holds
 * the owner's pid; a lock whose process is gone is taken over, with a message.
 * @module
 */
import { mkdir, open, readFile, rm } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import { BriefError } from "../errors.js";
import { writeError } from "./atomic.js";

/** The lock file's name. */
export const LOCK = ".brief.lock";

interface LockInfo {
  pid: number;
  host: string;
  startedAt: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Takes the output folder's lock, waiting up to `waitMs` for another run to finish.
 * @param out the output folder
 * @param options how long to wait, and where to say what happens
 * @returns a function that releases the lock
 * @throws BriefError when another live run holds the lock after the wait
 */
export async function acquireLock(
  out: string,
  options: { waitMs?: number; onMessage?: (text: string) => void } = {},
): Promise<() => Promise<void>> {
  await mkdir(out, { recursive: true }).catch((error) => {
    throw writeError(error, out);
  });
  const file = join(out, LOCK);
  const deadline = Date.now() + (options.waitMs ?? 0);
  let told = false;
  for (;;) {
    try {
      const handle = await open(file, "wx");
      const info: LockInfo = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
      await handle.writeFile(JSON.stringify(info));
      await handle.close();
      let released = false;
      return async () => {
        if (released) return;
        released = true;
        await rm(file, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw writeError(error, file);
    }
    let holder: LockInfo | undefined;
    try {
      holder = JSON.parse(await readFile(file, "utf8")) as LockInfo;
    } catch {
      holder = undefined; // being written, or garbage
    }
    if (holder && holder.host === hostname() && !alive(holder.pid)) {
      options.onMessage?.(
        `taking over a stale lock in ${out}: run ${holder.pid} (started ${holder.startedAt}) is no longer running`,
      );
      await rm(file, { force: true });
      continue;
    }
    if (!holder) {
      await new Promise((r) => setTimeout(r, 50));
      try {
        holder = JSON.parse(await readFile(file, "utf8")) as LockInfo;
      } catch {
        options.onMessage?.(`removing an unreadable lock file ${file}`);
        await rm(file, { force: true });
        continue;
      }
    }
    if (Date.now() >= deadline) {
      throw new BriefError(
        `another brief run (pid ${holder.pid}, started ${holder.startedAt}) is writing ${out}`,
        {
          place: { file },
          hint: "wait for it to finish and run again (or pass --wait <seconds>); if no run is going on, delete the lock file",
        },
      );
    }
    if (!told) {
      options.onMessage?.(`waiting for another brief run (pid ${holder.pid}) to finish writing ${out} …`);
      told = true;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}
