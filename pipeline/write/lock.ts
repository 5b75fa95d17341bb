/**
 * A lock file in the output folder, so two runs never write the same `dist/` at once. The lock names
 * its owner by pid, boot id and process start time, and the owner refreshes its time every 10 s; a lock
 * whose owner is gone (not running, another process under the same pid, another boot, or silent for a
 * minute) is taken over, with a message.
 * @module
 */
import { existsSync } from "node:fs";
import { mkdir, open, readFile, rm, stat, utimes } from "node:fs/promises";
import { join } from "node:path";
import { BriefError } from "../errors.js";
import { writeError } from "./atomic.js";
import { goneBecause, me, type Owner } from "./owner.js";

/** The lock file's name. */
export const LOCK = ".brief.lock";

/** How often a holder refreshes the lock's time, and how old a refresh may be before the lock is stale. */
export const HEARTBEAT_MS = 10_000;
const STALE_AFTER_MS = 6 * HEARTBEAT_MS;

async function readOwner(file: string): Promise<{ owner: Owner; ageMs: number } | undefined> {
  try {
    const owner = JSON.parse(await readFile(file, "utf8")) as Owner;
    if (typeof owner?.pid !== "number") return undefined;
    return { owner, ageMs: Date.now() - (await stat(file)).mtimeMs };
  } catch {
    return undefined; // being written, gone, or garbage
  }
}

/** Writes the lock (failing if it exists) and keeps its time fresh until released. */
async function take(file: string): Promise<(() => Promise<void>) | undefined> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(file, "wx");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return undefined;
    throw writeError(error, file);
  }
  await handle.writeFile(JSON.stringify(me()));
  await handle.close();
  const heartbeat = setInterval(() => {
    const now = new Date();
    utimes(file, now, now).catch(() => undefined);
  }, HEARTBEAT_MS);
  heartbeat.unref();
  let released = false;
  return async () => {
    if (released) return;
    released = true;
    clearInterval(heartbeat);
    await rm(file, { force: true });
  };
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
    const release = await take(file);
    if (release) return release;
    const held = await readOwner(file);
    const gone = held ? goneBecause(held.owner, held.ageMs, STALE_AFTER_MS) : undefined;
    if (held && gone) {
      options.onMessage?.(
        `taking over a stale lock in ${out}: run ${held.owner.pid} (started ${held.owner.startedAt}) — ${gone}`,
      );
      await rm(file, { force: true });
      continue;
    }
    if (!held) {
      await new Promise((r) => setTimeout(r, 50));
      if (!(await readOwner(file)) && existsSync(file)) {
        options.onMessage?.(`removing an unreadable lock file ${file}`);
        await rm(file, { force: true });
      }
      continue;
    }
    const holder = held.owner;
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
