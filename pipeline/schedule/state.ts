/**
 * The daemon's state on disk (`<state>/jobs.json`): per job, the last run and its outcome, the last
 * scheduled time handled (so a missed run is caught up once, never twice), and per channel the input
 * hash of every brief it delivered (so `send: changed` sends only what is new or changed).
 * @module
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { CollectState } from "../fetch/collect.js";
import { writeFileAtomic } from "../write/atomic.js";

/** One job's state. */
export interface JobState {
  lastRun?: string;
  /** End of the last run whose outcome was ok (the default `since` of its feeds). */
  lastSuccess?: string;
  /** Cache validators of fetched URLs and the content hash of every article read from the web. */
  fetch?: CollectState;
  lastOutcome?: "ok" | "partial" | "failed";
  /** The latest scheduled time that was run (ISO). */
  lastScheduled?: string;
  /** channel → brief key → input hash delivered. */
  sent: Record<string, Record<string, string>>;
}

/** All jobs' state. */
export interface DaemonState {
  jobs: Record<string, JobState>;
}

const FILE = "jobs.json";

/**
 * Reads the state; a missing one is empty.
 * @param dir the state folder
 */
export async function readState(dir: string): Promise<DaemonState> {
  try {
    const data = JSON.parse(await readFile(join(dir, FILE), "utf8")) as DaemonState;
    if (data && typeof data.jobs === "object") return data;
  } catch {
    // first run
  }
  return { jobs: {} };
}

/**
 * Writes the state atomically.
 * @param dir the state folder
 * @param state the state
 */
export async function writeState(dir: string, state: DaemonState): Promise<void> {
  await writeFileAtomic(join(dir, FILE), `${JSON.stringify(state, null, 2)}\n`);
}

/** A job's state, created when missing. */
export function jobState(state: DaemonState, job: string): JobState {
  let s = state.jobs[job];
  if (!s) {
    s = { sent: {} };
    state.jobs[job] = s;
  }
  return s;
}
