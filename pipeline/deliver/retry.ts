/**
 * Retries with exponential backoff, and the one-line reason a failure is reported with.
 * @module
 */
import { BriefError } from "../errors.js";

/** A failure that retrying cannot fix (a 4xx answer, a missing file, a missing setting): no retry. */
export class PermanentError extends BriefError {
  override readonly name = "PermanentError";
}

/** A delivery stopped because the run is shutting down (the daemon was told to stop). */
export class InterruptedError extends BriefError {
  override readonly name = "InterruptedError";
}

/** How to retry. */
export interface RetryOptions {
  /** Once aborted, no new attempt starts and a backoff wait ends (the run is shutting down). */
  stop?: AbortSignal;
  /** Attempts in all; default 3. */
  tries?: number;
  /** Wait after the first failure, ms; default 200. */
  baseMs?: number;
  /** Each wait is this times the one before; default 4 (200 ms, 800 ms, …). */
  factor?: number;
  /** Waits `ms`; tests pass a fake. */
  sleep?: (ms: number) => Promise<void>;
  /** Called after a failed attempt that will be retried. */
  onRetry?: (error: unknown, attempt: number, waitMs: number) => void;
}

/** The result of `withRetry`: the value, or the last error and its one-line reason. */
export type RetryResult<T> =
  | { ok: true; value: T; attempts: number }
  | { ok: false; error: unknown; reason: string; attempts: number; interrupted?: boolean };

const STOPPING = "interrupted: the run is stopping";

/** Waits `ms`, or less when `stop` aborts first. */
function pause(sleep: (ms: number) => Promise<void>, ms: number, stop?: AbortSignal): Promise<void> {
  if (!stop) return sleep(ms);
  return new Promise((resolve) => {
    const done = () => {
      stop.removeEventListener("abort", done);
      resolve();
    };
    stop.addEventListener("abort", done);
    sleep(ms).then(done, done);
  });
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `fn` until it succeeds, at most `tries` times, waiting `baseMs × factor^(n−1)` after the n-th
 * failure. A `PermanentError` ends it at once. Never throws: the outcome carries the attempts made.
 * @param fn the work; gets the 1-based attempt number
 * @param options tries, backoff and a sleep to fake in tests
 */
export async function withRetry<T>(
  fn: (attempt: number) => Promise<T>,
  options: RetryOptions = {},
): Promise<RetryResult<T>> {
  const tries = Math.max(1, options.tries ?? 3);
  const baseMs = options.baseMs ?? 200;
  const factor = options.factor ?? 4;
  const sleep = options.sleep ?? realSleep;
  for (let attempt = 1; ; attempt++) {
    if (options.stop?.aborted) {
      const error = new InterruptedError(STOPPING);
      return { ok: false, error, reason: STOPPING, attempts: attempt - 1, interrupted: true };
    }
    try {
      return { ok: true, value: await fn(attempt), attempts: attempt };
    } catch (error) {
      if (error instanceof InterruptedError)
        return { ok: false, error, reason: reasonOf(error), attempts: attempt, interrupted: true };
      if (attempt >= tries || error instanceof PermanentError) {
        return { ok: false, error, reason: reasonOf(error), attempts: attempt };
      }
      const wait = baseMs * factor ** (attempt - 1);
      options.onRetry?.(error, attempt, wait);
      await pause(sleep, wait, options.stop);
    }
  }
}

/**
 * One line saying why something failed: the message and the messages of its causes that add
 * something (`fetch failed: connect ECONNREFUSED 127.0.0.1:9`).
 * @param error anything thrown
 */
export function reasonOf(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 5; depth++) {
    const message = (current instanceof Error ? current.message : String(current))
      .replace(/\s+/g, " ")
      .trim();
    if (message && !parts.some((p) => p.includes(message))) parts.push(message);
    current = current instanceof Error ? current.cause : undefined;
  }
  return parts.join(": ") || "unknown error";
}
