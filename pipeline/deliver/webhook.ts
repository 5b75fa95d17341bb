/**
 * The webhook channel: one JSON POST per run listing the run's briefs, signed with HMAC-SHA256 when
 * the channel names a secret, and carrying the delivery key as an idempotency key.
 * @module
 */
import { createHmac } from "node:crypto";
import { BriefError } from "../errors.js";
import { InterruptedError, PermanentError } from "./retry.js";
import type { DeliveryBrief, DeliveryRun, WebhookChannel } from "./types.js";

/** Default timeout of one request. */
export const DEFAULT_WEBHOOK_TIMEOUT_MS = 10_000;

/** Header with the body's signature: `sha256=<hex HMAC-SHA256 of the body bytes>`. */
export const SIGNATURE_HEADER = "x-brief-signature";
/** Header repeating the payload's `timestamp` (Unix seconds), for receivers that check it first. */
export const TIMESTAMP_HEADER = "x-brief-timestamp";
/** Header with the idempotency key: the same for every attempt of the same delivery, in any run. */
export const DELIVERY_HEADER = "x-brief-delivery";

/** The JSON body of a webhook call. */
export interface WebhookPayload {
  job: string;
  runId: string;
  /** When this request was made (Unix seconds): signed with the body, so a replay can be refused. */
  timestamp: number;
  briefs: Pick<DeliveryBrief, "slug" | "title" | "audience" | "pdf" | "html" | "hash">[];
}

/**
 * The signature header's value for a body.
 * @param secret the shared secret
 * @param body the exact bytes sent
 */
export function signBody(secret: string, body: string | Uint8Array): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

/** Answers that may pass on retry; any other 4xx is the request's own fault and is not retried. */
const RETRYABLE_4XX = new Set([408, 425, 429]);

/**
 * POSTs the run's briefs to the channel's URL. Redirects are not followed (a 3xx is a failure).
 * @param channel the webhook channel
 * @param briefs the run's briefs
 * @param context the run, the delivery key (sent as `x-brief-delivery`) and the environment holding the secret
 * @returns the HTTP status (2xx)
 * @throws PermanentError when the secret is not set or on a 4xx answer; an Error naming the status
 * (5xx, 3xx), the timeout or the network failure otherwise
 */
export async function postWebhook(
  channel: WebhookChannel,
  briefs: readonly DeliveryBrief[],
  context: DeliveryRun & { key: string; env: NodeJS.ProcessEnv; signal?: AbortSignal },
): Promise<number> {
  const payload: WebhookPayload = {
    job: context.job,
    runId: context.runId,
    timestamp: Math.floor(Date.now() / 1000),
    briefs: briefs.map(({ slug, title, audience, pdf, html, hash }) => ({
      slug,
      title,
      audience,
      pdf,
      html,
      hash,
    })),
  };
  const body = JSON.stringify(payload);
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "user-agent": "policy-brief",
    [DELIVERY_HEADER]: context.key,
    [TIMESTAMP_HEADER]: String(payload.timestamp),
  };
  if (channel.secretEnv) {
    const secret = context.env[channel.secretEnv];
    if (!secret) {
      throw new PermanentError(`environment variable ${channel.secretEnv} (webhook secret) is not set`, {
        hint: `export ${channel.secretEnv}=… before the run`,
      });
    }
    headers[SIGNATURE_HEADER] = signBody(secret, body);
  }
  const timeoutMs = channel.timeoutMs ?? DEFAULT_WEBHOOK_TIMEOUT_MS;
  let response: Response;
  try {
    response = await fetch(channel.url, {
      method: "POST",
      headers,
      body,
      redirect: "manual",
      signal: context.signal
        ? AbortSignal.any([AbortSignal.timeout(timeoutMs), context.signal])
        : AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    if (context.signal?.aborted)
      throw new InterruptedError("interrupted: the run is stopping; the request was cut off", {
        cause: error,
      });
    if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
      throw new BriefError(`no answer from ${channel.url} within ${timeoutMs} ms`, { cause: error });
    }
    throw error;
  }
  if (response.ok) {
    await response.body?.cancel();
    return response.status;
  }
  const text = (await response.text().catch(() => "")).replace(/\s+/g, " ").trim().slice(0, 200);
  const message = `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ""} from ${channel.url}${text ? `: ${text}` : ""}`;
  if (response.status >= 400 && response.status < 500 && !RETRYABLE_4XX.has(response.status)) {
    throw new PermanentError(message);
  }
  throw new BriefError(message);
}
