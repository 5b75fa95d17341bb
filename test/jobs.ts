import { join } from "node:path";
import { loadConfig } from "../pipeline/config/load.js";
import type { Renderer } from "../pipeline/render/pool.js";
import { runJob } from "../pipeline/schedule/job.js";
import { collector, DEFAULT_CONFIG } from "./helpers.js";

/** A config with the given channels and jobs blocks in place of the defaults. */
export function withJobs(channels: string, jobs: string): string {
  const start = DEFAULT_CONFIG.indexOf("channels:\n");
  const end = DEFAULT_CONFIG.indexOf("audiences:\n");
  return `${DEFAULT_CONFIG.slice(0, start)}channels:\n${channels}\njobs:\n${jobs}\n${DEFAULT_CONFIG.slice(end)}`;
}

/** Polls until the predicate holds (the test's timeout bounds the wait). */
export async function waitFor(predicate: () => boolean): Promise<void> {
  while (!predicate()) await new Promise((r) => setTimeout(r, 100));
}

/** A function that runs a job in this process with the given (file's) browser, as `brief run <job>` does. */
export function jobRunner(renderer: Renderer) {
  return async (dir: string, name: string, options: { env?: NodeJS.ProcessEnv; dryRun?: boolean } = {}) => {
    const reporter = collector();
    const config = await loadConfig(join(dir, "config.yaml"), {
      delivery: options.dryRun !== true,
      env: options.env ?? {},
    });
    const record = await runJob(config, name, { reporter, renderer, trigger: "manual", ...options });
    return { record, stdout: reporter.lines.join("\n"), output: reporter.text() };
  };
}
