/**
 * Inputs that arrive: raw pages or Markdown files dropped into a job's inbox are ingested into its
 * sources at the start of a run and moved to `processed/`, or to `failed/` with a `.reason.txt` beside
 * them. A file whose size or time is still changing is left for the next run.
 * @module
 */
import { mkdir, readdir, rename, stat } from "node:fs/promises";
import { basename, join } from "node:path";
import { describeError } from "../errors.js";
import { ingest } from "../ingest/ingest.js";
import { writeFileAtomic } from "../write/atomic.js";

/** What an inbox pass did. */
export interface InboxResult {
  ingested: { file: string; sources: string[] }[];
  failed: { file: string; reason: string }[];
  waiting: string[];
}

async function moveTo(folder: string, file: string): Promise<string> {
  await mkdir(folder, { recursive: true });
  let target = join(folder, basename(file));
  try {
    await stat(target);
    target = join(folder, `${new Date().toISOString().replace(/[:.]/g, "-")}-${basename(file)}`);
  } catch {
    // free name
  }
  await rename(file, target);
  return target;
}

/**
 * Ingests every settled file of an inbox.
 * @param inbox the inbox folder (created when missing)
 * @param sourcesDir where the Markdown sources go
 * @param settleMs how long a file's size and time must stay the same (default 300 ms)
 */
export async function processInbox(inbox: string, sourcesDir: string, settleMs = 300): Promise<InboxResult> {
  const result: InboxResult = { ingested: [], failed: [], waiting: [] };
  await mkdir(inbox, { recursive: true });
  const entries = (await readdir(inbox, { withFileTypes: true })).filter(
    (e) => e.isFile() && !e.name.startsWith("."),
  );
  if (entries.length === 0) return result;
  const before = new Map<string, string>();
  for (const e of entries) {
    const s = await stat(join(inbox, e.name));
    before.set(e.name, `${s.size}:${s.mtimeMs}`);
  }
  await new Promise((r) => setTimeout(r, settleMs));
  for (const e of entries) {
    const file = join(inbox, e.name);
    const s = await stat(file).catch(() => undefined);
    if (!s || `${s.size}:${s.mtimeMs}` !== before.get(e.name)) {
      result.waiting.push(file);
      continue;
    }
    try {
      const sources = await ingest(file, sourcesDir, process.cwd());
      await moveTo(join(inbox, "processed"), file);
      result.ingested.push({ file, sources });
    } catch (error) {
      const reason = describeError(error);
      const moved = await moveTo(join(inbox, "failed"), file);
      await writeFileAtomic(`${moved}.reason.txt`, `${reason}\n`);
      result.failed.push({ file, reason });
    }
  }
  return result;
}
