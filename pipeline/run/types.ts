/**
 * The shapes a run takes and gives: its options (a plain build, or a scheduled job's run), what it
 * built, skipped and failed, and what it delivered.
 * @module
 */
import type { Browser } from "puppeteer-core";
import type { Config } from "../config/schema.js";
import type { DeliveryOutcome, Shutdown } from "../deliver/types.js";
import type { Renderer } from "../render/pool.js";
import type { BriefModel, Message } from "../structure/model.js";
import type { ExplainEntry } from "../structure/structure.js";
import type { RunRecord } from "../write/history.js";
import type { Manifest } from "../write/manifest.js";

/** Where a run reports progress: one line per event. */
export interface Reporter {
  line(text: string): void;
  warn(text: string): void;
}

/** A brief that was built. */
export interface BuiltBrief {
  slug: string;
  title: string;
  audience: string;
  html: string;
  pdf: string;
  pdfHash: string;
  ms: number;
}

/** A source or brief that failed, with its message. */
export interface Failure {
  source: string;
  audience?: string;
  message: string;
}

/** A scheduled job's part of a run: ingest its inbox first, deliver at the end, record the run. */
export interface JobRun {
  /** The job's name (a key of `config.jobs`). */
  name: string;
  /** Build, but deliver nothing; say what would have been sent. */
  dryRun?: boolean;
  trigger?: RunRecord["trigger"];
  /** The scheduled time this run stands for (recorded so it is never caught up again). */
  scheduledFor?: Date;
  /** Where delivery reads credentials (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Told to stop (the daemon's SIGTERM): no new delivery after `draining`, in-flight cut at `abort`. */
  shutdown?: Shutdown;
}

/** Options of one run. */
export interface RunOptions {
  config: Config;
  reporter: Reporter;
  /** Only these audience keys (default: all in config, or the job's). */
  audiences?: string[];
  /** Only sources whose path contains one of these strings (default: all). */
  only?: string[];
  /** Structure only: no compose, no render, nothing written. */
  structureOnly?: boolean;
  /** Rebuild every brief, changed or not. */
  force?: boolean;
  /** Milliseconds to wait for another run's lock on the output folder (default 0: fail at once). */
  lockWaitMs?: number;
  /** A renderer the caller owns (tests and the bench share one across runs); never closed by the run. */
  renderer?: Renderer;
  /** Starts the browser when the run makes its own renderer (default: find and launch one). */
  launch?: () => Promise<Browser>;
  /** Print a new page for every brief instead of reusing a page per worker. */
  freshPage?: boolean;
  /** Run as this scheduled job: inbox, send selection, digests, delivery and the run record. */
  job?: JobRun;
}

/** What a run did. */
export interface RunResult {
  built: BuiltBrief[];
  /** Briefs left as they were (nothing they depend on changed). */
  skipped: string[];
  failed: Failure[];
  messages: Message[];
  models: BriefModel[];
  explain: Map<string, ExplainEntry[]>;
  /** Browsers launched (0 when nothing needed printing). */
  launches: number;
  manifest: Manifest;
  ms: number;
  /** A job's deliveries (empty for a plain build). */
  deliveries: DeliveryOutcome[];
  /** A job's run record (also written to `<out>/runs/`). */
  record?: RunRecord;
}

/** An empty result. */
export function emptyResult(): RunResult {
  return {
    built: [],
    skipped: [],
    failed: [],
    messages: [],
    models: [],
    explain: new Map(),
    launches: 0,
    manifest: { version: 1, briefs: {} },
    ms: 0,
    deliveries: [],
  };
}

/** Indents every line of a message by four spaces (for the run's report). */
export function indent(text: string): string {
  return text
    .split("\n")
    .map((l) => `    ${l}`)
    .join("\n");
}
