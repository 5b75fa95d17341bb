/**
 * Politeness: one request at a time per host, with a minimum delay between the end of one and the
 * start of the next; different hosts run in parallel.
 * @module
 */

/** Runs tasks per host, one at a time, spaced by a delay. */
export interface Politeness {
  /**
   * Runs a task when its host is free and the host's delay has passed since its last task ended.
   * @param url the URL the task fetches (its host is the queue key)
   * @param task the work
   */
  run<T>(url: string, task: () => Promise<T>): Promise<T>;
  /**
   * Raises the delay of one host (e.g. to its robots.txt Crawl-delay); never lowers it below the default.
   * @param host the host name (`example.org`, `127.0.0.1:8080`)
   * @param delayMs the delay, ms
   */
  setHostDelay(host: string, delayMs: number): void;
}

/** Options of `createPoliteness`. */
export interface PolitenessOptions {
  /** Delay between two requests to one host, ms; default 1000. */
  delayMs?: number;
}

/**
 * Makes a per-host queue.
 * @param options the default delay between requests to one host
 */
export function createPoliteness(options: PolitenessOptions = {}): Politeness {
  const base = options.delayMs ?? 1000;
  const tails = new Map<string, Promise<unknown>>();
  const lastEnd = new Map<string, number>();
  const delays = new Map<string, number>();
  const wait = async (host: string) => {
    const last = lastEnd.get(host);
    if (last === undefined) return;
    const due = last + Math.max(base, delays.get(host) ?? 0) - performance.now();
    if (due > 0) await new Promise((resolve) => setTimeout(resolve, due));
  };
  return {
    run<T>(url: string, task: () => Promise<T>): Promise<T> {
      const host = hostOf(url);
      const previous = tails.get(host) ?? Promise.resolve();
      const next = previous
        .catch(() => undefined)
        .then(() => wait(host))
        .then(task)
        .finally(() => lastEnd.set(host, performance.now()));
      tails.set(host, next);
      return next;
    },
    setHostDelay(host: string, delayMs: number) {
      delays.set(host, Math.max(delays.get(host) ?? 0, delayMs));
    },
  };
}

/** The queue key of a URL: its host with port (`example.org`, `127.0.0.1:8080`); the URL itself if unparsable. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
