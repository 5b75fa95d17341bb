/**
 * Failures of the fetch stage: a short reason a person can read in a run record (`dns`, `timeout`,
 * `http 404`, `too big`, `not html`, `refused private address 127.0.0.1`, `robots.txt disallows`,
 * `too many redirects`, `no article found`).
 * @module
 */

/** A failed fetch, parse or extraction of one URL. */
export interface Failure {
  ok: false;
  /** The URL asked for. */
  url: string;
  /** What went wrong, a few words. */
  reason: string;
  /** The HTTP status, when a server answered. */
  status?: number;
}

/**
 * Makes a failure result.
 * @param url the URL asked for
 * @param reason the short reason
 * @param status the HTTP status, when there is one
 */
export function failure(url: string, reason: string, status?: number): Failure {
  return status === undefined ? { ok: false, url, reason } : { ok: false, url, reason, status };
}

/** An error carrying a failure reason, thrown inside the fetch stage and turned into a `Failure`. */
export class FetchError extends Error {
  /** The short reason. */
  readonly reason: string;
  /** Whether trying again may help (timeouts, resets, 5xx). */
  readonly retryable: boolean;
  /**
   * @param reason the short reason, also the message
   * @param retryable whether trying again may help (default false)
   */
  constructor(reason: string, retryable = false) {
    super(reason);
    this.name = "FetchError";
    this.reason = reason;
    this.retryable = retryable;
  }
}
