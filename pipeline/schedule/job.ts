/**
 * Runs one job now: the run (`run/index.ts`) with the job's options — its inbox, its sources and
 * audiences, its delivery and its record.
 * @module
 */
import type { Config } from "../config/schema.js";
import type { Renderer } from "../render/pool.js";
import { type JobRun, type Reporter, runBriefs } from "../run/index.js";
import type { RunRecord } from "../write/history.js";

export { newRunId } from "../run/record.js";

/** Options of one job run. */
export interface JobRunOptions extends Omit<JobRun, "name"> {
  reporter: Reporter;
  /** A renderer the caller owns (tests share one); never closed by the run. */
  renderer?: Renderer;
  /** How long to wait for another run's lock on the output folder (default 60 s). */
  lockWaitMs?: number;
}

/**
 * Runs a job now.
 * @param config the loaded config
 * @param name the job's name
 * @param options reporter, dry run, trigger
 * @returns the run record (also written to `<out>/runs/`)
 */
export async function runJob(config: Config, name: string, options: JobRunOptions): Promise<RunRecord> {
  const { reporter, renderer, lockWaitMs, ...job } = options;
  const result = await runBriefs({
    config,
    reporter,
    lockWaitMs: lockWaitMs ?? 60_000,
    ...(renderer ? { renderer } : {}),
    job: { name, ...job },
  });
  return result.record as RunRecord;
}
