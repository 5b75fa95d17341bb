/**
 * Run history: one manifest per run in `<out>/runs/` (job, start and end, briefs built, skipped and
 * failed, deliveries with their outcome), kept to a configurable count.
 * @module
 */
import { readdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import type { DeliveryOutcome } from "../deliver/types.js";
import { writeFileAtomic } from "./atomic.js";

/** One run's record. */
export interface RunRecord {
  runId: string;
  job: string;
  trigger: "schedule" | "catch-up" | "manual";
  dryRun: boolean;
  start: string;
  end: string;
  outcome: "ok" | "partial" | "failed";
  inbox: { ingested: string[]; failed: { file: string; reason: string }[]; waiting: string[] };
  /** Articles read from the job's feeds and pages, and the feeds or pages that failed, with why. */
  fetched?: {
    articles: { slug: string; url: string; changed: boolean }[];
    failures: { url: string; reason: string }[];
    notModified: string[];
  };
  built: string[];
  skipped: string[];
  failed: { source: string; audience?: string; message: string }[];
  deliveries: DeliveryOutcome[];
  /** What a dry run would have sent: channel → brief keys. */
  wouldSend?: Record<string, string[]>;
  digests: string[];
}

/**
 * Writes a run record and removes the oldest beyond `keep`.
 * @param out the output folder
 * @param record the run
 * @param keep how many records to keep
 */
export async function writeRunRecord(out: string, record: RunRecord, keep: number): Promise<string> {
  const dir = join(out, "runs");
  const file = join(dir, `${record.runId}.json`);
  await writeFileAtomic(file, `${JSON.stringify(record, null, 2)}\n`);
  const all = (await readdir(dir)).filter((f) => f.endsWith(".json")).sort();
  for (const old of all.slice(0, Math.max(0, all.length - keep))) await rm(join(dir, old), { force: true });
  return file;
}

/**
 * Reads the most recent run records, newest first.
 * @param out the output folder
 * @param limit how many
 */
export async function listRuns(out: string, limit = 20): Promise<RunRecord[]> {
  let files: string[];
  try {
    files = (await readdir(join(out, "runs")))
      .filter((f) => f.endsWith(".json"))
      .sort()
      .reverse()
      .slice(0, limit);
  } catch {
    return [];
  }
  const records: RunRecord[] = [];
  for (const f of files) {
    try {
      records.push(JSON.parse(await readFile(join(out, "runs", f), "utf8")) as RunRecord);
    } catch {
      // a record being written
    }
  }
  return records;
}
