/**
 * The delivery stage: hands a run's briefs to every channel. Each channel is split into units (e-mail:
 * one per audience with recipients; webhook: one per run; folder: one per brief); a unit already sent
 * per the journal is skipped, the others are journalled, tried with retries, and reported. Channels
 * run at once and never stop each other; deliver() itself does not throw for a failed delivery.
 * @module
 */

import { emailUnits, sendEmail } from "./email.js";
import { copyToFolder, outboxFile } from "./folder.js";
import type { DeliveryJournal } from "./journal.js";
import { briefKey, deliveryKey } from "./keys.js";
import { type RetryOptions, reasonOf, withRetry } from "./retry.js";
import type { Channel, DeliveryBrief, DeliveryLog, DeliveryOutcome, Shutdown } from "./types.js";
import { postWebhook } from "./webhook.js";

/** What deliver() needs. */
export interface DeliverOptions {
  /** The scheduled job's name (part of every delivery key). */
  job: string;
  /** This run's id (sent along, not part of the keys). */
  runId: string;
  /** The briefs built by the run. */
  briefs: readonly DeliveryBrief[];
  /** Channels by name. */
  channels: Record<string, Channel>;
  /** The delivery journal (see `openJournal`). */
  journal: DeliveryJournal;
  /** Audience titles by key, for e-mail subjects (default: the key). */
  audienceTitles?: Record<string, string>;
  /** Progress and warnings. */
  log?: DeliveryLog;
  /** Where credentials are read (default `process.env`). */
  env?: NodeJS.ProcessEnv;
  /** Retry policy (default 3 tries, 200 ms × 4ⁿ); tests pass a fake `sleep`. */
  retry?: RetryOptions;
  /** Told to stop: no new unit or attempt after `draining`, in-flight sends cut at `abort`. */
  shutdown?: Shutdown;
}

/** One delivery to make: a target, its briefs, and how to send them given the delivery key. */
interface Unit {
  target: string;
  briefs: readonly DeliveryBrief[];
  /** Sends; resolves to a note for the outcome (e.g. recipients refused), if any. */
  send(key: string, signal?: AbortSignal): Promise<string | undefined>;
}

function unitsOf(name: string, channel: Channel, options: DeliverOptions): Unit[] {
  const { job, runId, briefs } = options;
  const env = options.env ?? process.env;
  switch (channel.type) {
    case "folder":
      return briefs.map((brief) => ({
        target: outboxFile(channel, brief),
        briefs: [brief],
        send: async () => {
          await copyToFolder(channel, brief);
          return undefined;
        },
      }));
    case "email":
      return emailUnits(channel, briefs).map((unit) => ({
        target: unit.recipients.join(", "),
        briefs: unit.briefs,
        send: (key, signal) =>
          sendEmail(channel, unit, {
            ...(signal ? { signal } : {}),
            job,
            runId,
            key,
            env,
            audienceTitle: options.audienceTitles?.[unit.audience] ?? unit.audience,
          }),
      }));
    case "webhook":
      return briefs.length === 0
        ? []
        : [
            {
              target: channel.url,
              briefs,
              send: async (key, signal) => {
                await postWebhook(channel, briefs, { job, runId, key, env, ...(signal ? { signal } : {}) });
                return undefined;
              },
            },
          ];
    default:
      throw new Error(
        `channel ${name}: unknown type ${JSON.stringify((channel as { type?: unknown }).type)}`,
      );
  }
}

async function deliverUnit(name: string, unit: Unit, options: DeliverOptions): Promise<DeliveryOutcome> {
  const { job, runId, journal, log } = options;
  const briefs = unit.briefs.map(briefKey);
  const key = deliveryKey(job, name, unit.target, unit.briefs);
  const outcome = (
    status: DeliveryOutcome["status"],
    attempts: number,
    reason?: string,
  ): DeliveryOutcome => ({
    channel: name,
    target: unit.target,
    status,
    attempts,
    ...(reason ? { reason } : {}),
    briefs,
  });
  const label = `${name} → ${unit.target}`;
  if (journal.wasSent(key)) return outcome("skipped", 0, "already sent");
  if (options.shutdown?.draining.aborted) return outcome("interrupted", 0, "not sent: the run is stopping");
  if (journal.state(key) === "started") {
    log?.warn(
      `${label}: an earlier run stopped while delivering this; delivering again with the same key ${key}`,
    );
  }
  try {
    await journal.begin(key, { job, runId, channel: name, target: unit.target, briefs });
  } catch (error) {
    // Without the journal a crash could not be told from a delivery: better not to send.
    const reason = reasonOf(error);
    log?.warn(`✗ ${label}: ${reason}`);
    return outcome("failed", 0, reason);
  }
  const result = await withRetry(() => unit.send(key, options.shutdown?.abort), {
    ...options.retry,
    ...(options.shutdown ? { stop: options.shutdown.draining } : {}),
    onRetry: (error, attempt, waitMs) => {
      log?.warn(`${label}: attempt ${attempt} failed (${reasonOf(error)}); retrying in ${waitMs} ms`);
      options.retry?.onRetry?.(error, attempt, waitMs);
    },
  });
  if (!result.ok && result.interrupted) {
    // Left `started` in the journal when an attempt was in flight: the next run delivers it again.
    log?.warn(`✗ ${label}: ${result.reason} (${result.attempts} attempt${result.attempts === 1 ? "" : "s"})`);
    return outcome("interrupted", result.attempts, result.reason);
  }
  const status = result.ok ? "sent" : "failed";
  const reason = result.ok ? result.value : result.reason;
  try {
    await journal.finish(key, status, reason);
  } catch (error) {
    // The delivery happened (or failed) all the same; the next run sees it as uncertain and redoes it.
    log?.warn(`${label}: ${reasonOf(error)}`);
  }
  if (result.ok) log?.line(`✓ ${label}${reason ? ` (${reason})` : ""}`);
  else log?.warn(`✗ ${label}: ${reason} (${result.attempts} attempt${result.attempts === 1 ? "" : "s"})`);
  return outcome(status, result.attempts, reason);
}

async function deliverChannel(
  name: string,
  channel: Channel,
  options: DeliverOptions,
): Promise<DeliveryOutcome[]> {
  const outcomes: DeliveryOutcome[] = [];
  for (const unit of unitsOf(name, channel, options)) outcomes.push(await deliverUnit(name, unit, options));
  return outcomes;
}

/**
 * Delivers a run's briefs to every channel and reports each unit. Channels work at once, units of one
 * channel one after the other; a failing channel never stops another, and a failure is an outcome, not
 * an exception. Deliveries are at-least-once: see `openJournal` for what happens after a crash.
 * @param options job, run, briefs, channels, journal, audience titles, log, env and retry policy
 * @returns one outcome per unit, channels in the order given
 */
export async function deliver(options: DeliverOptions): Promise<DeliveryOutcome[]> {
  const perChannel = await Promise.all(
    Object.entries(options.channels).map(([name, channel]) =>
      deliverChannel(name, channel, options).catch((error: unknown): DeliveryOutcome[] => {
        const reason = reasonOf(error);
        options.log?.warn(`✗ ${name}: ${reason}`);
        return [{ channel: name, target: "", status: "failed", attempts: 0, reason, briefs: [] }];
      }),
    ),
  );
  return perChannel.flat();
}
