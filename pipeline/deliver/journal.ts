/**
 * The delivery journal: a JSON-lines file that makes delivery idempotent across runs and crashes.
 *
 * Before a delivery is attempted a `start` record is appended, after it a `sent` or `failed` record;
 * each append is fsynced before the call returns. On opening, the last record of each key gives its
 * state:
 *
 * - `sent` — delivered; never delivered again (a `sent` key stays sent whatever follows it);
 * - `failed` — the next run tries again;
 * - `start` with no finish — the process died mid-delivery, so the delivery is *uncertain*: the
 *   message may or may not have reached the target. The next run delivers it again (at-least-once
 *   rather than at-most-once: a brief that is never sent is worse than one sent twice), but with the
 *   same idempotency key, because the key derives from the content and not from the run (see
 *   `deliveryKey`): the webhook's `x-brief-delivery` header and the e-mail's Message-ID
 *   `<key@policy-brief>` let the receiver (or a mail client) drop the duplicate. For the folder
 *   channel doing it again is harmless, as the copy is atomic and the content the same.
 *
 * A truncated last line (a crash during an append) is ignored and cut off when the journal is opened,
 * so the next append starts on a line of its own.
 * @module
 */
import { mkdir, open, readFile, truncate } from "node:fs/promises";
import { dirname } from "node:path";
import { BriefError } from "../errors.js";
import { writeFileAtomic } from "../write/atomic.js";

/** The state of a delivery key in the journal. */
export type JournalState = "started" | "sent" | "failed";

/** What a `start` record says about the delivery, for people reading the journal. */
export interface JournalInfo {
  job: string;
  runId: string;
  channel: string;
  target: string;
  /** `slug/audience` of each brief. */
  briefs: string[];
}

/** One line of the journal. */
export type JournalRecord =
  | ({ at: string; event: "start"; key: string } & JournalInfo)
  | { at: string; event: "sent" | "failed"; key: string; reason?: string };

/** An open delivery journal. */
export interface DeliveryJournal {
  /** The journal file. */
  readonly file: string;
  /** True when `key` was delivered (a `sent` record exists). */
  wasSent(key: string): boolean;
  /** The key's state, or undefined when it was never attempted. `started` means uncertain (see module doc). */
  state(key: string): JournalState | undefined;
  /** Appends (and fsyncs) a `start` record; call before sending. */
  begin(key: string, info: JournalInfo): Promise<void>;
  /** Appends (and fsyncs) the delivery's result; call after sending. */
  finish(key: string, status: "sent" | "failed", reason?: string): Promise<void>;
}

function parseRecord(line: string): JournalRecord | undefined {
  try {
    const value = JSON.parse(line) as Partial<JournalRecord> | null;
    if (!value || typeof value !== "object" || typeof value.key !== "string") return undefined;
    if (value.event !== "start" && value.event !== "sent" && value.event !== "failed") return undefined;
    return value as JournalRecord;
  } catch {
    return undefined;
  }
}

function nextState(previous: JournalState | undefined, event: JournalRecord["event"]): JournalState {
  if (previous === "sent") return "sent";
  return event === "start" ? "started" : event;
}

/** Reads a journal's records, cutting off a torn last line; `prefix` starts the next append. */
async function readJournal(file: string): Promise<{ records: JournalRecord[]; prefix: string }> {
  let text = "";
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") {
      throw new BriefError(`cannot read the delivery journal ${file}`, { cause: error });
    }
  }
  const lines = text.split("\n");
  const last = lines.pop() ?? "";
  // A last line without its newline is a torn append: keep it when it is whole, else cut it off.
  let prefix = "";
  if (last !== "" && parseRecord(last)) {
    lines.push(last);
    prefix = "\n";
  } else if (last !== "") {
    try {
      await truncate(file, Buffer.byteLength(text, "utf8") - Buffer.byteLength(last, "utf8"));
    } catch (error) {
      throw new BriefError(`cannot repair the truncated last line of the delivery journal ${file}`, {
        cause: error,
      });
    }
  }
  return { records: lines.flatMap((l) => parseRecord(l) ?? []), prefix };
}

/** How long a delivered key is remembered (the journal guards against resending after lost state). */
export const JOURNAL_KEEP_DAYS = 400;

/**
 * The compacted journal: one record per key (the one that gives its state: `sent` once sent, else the
 * last), keys delivered longer ago than `keepDays` dropped. Undefined when compacting would save
 * fewer than 500 lines.
 * @param records the journal's records, oldest first
 * @param now the current time
 * @param keepDays how long sent keys are kept
 */
export function compacted(records: readonly JournalRecord[], now = new Date(), keepDays = JOURNAL_KEEP_DAYS) {
  const byKey = new Map<string, JournalRecord>();
  for (const r of records) if (byKey.get(r.key)?.event !== "sent") byKey.set(r.key, r);
  const cutoff = now.getTime() - keepDays * 86_400_000;
  const kept = [...byKey.values()].filter((r) => r.event !== "sent" || Date.parse(r.at) >= cutoff);
  return records.length > kept.length + 500 ? kept : undefined;
}

/**
 * Opens (or prepares to create) a journal file, reading the state of every key in it, and compacts it
 * when it has grown (see `compacted`).
 * Appends are serialized, so channels delivering at once may share one journal.
 * @param file the JSON-lines file, e.g. `<state dir>/deliveries.jsonl`; its folder is created on the first append
 * @throws BriefError when the file exists but cannot be read or repaired
 */
export async function openJournal(file: string): Promise<DeliveryJournal> {
  const states = new Map<string, JournalState>();
  let { records, prefix } = await readJournal(file);
  const compact = compacted(records);
  if (compact) {
    await writeFileAtomic(file, compact.map((r) => `${JSON.stringify(r)}\n`).join(""));
    records = compact;
    prefix = "";
  }
  for (const record of records) states.set(record.key, nextState(states.get(record.key), record.event));
  let queue: Promise<void> = Promise.resolve();
  let folderReady = false;
  const write = async (record: JournalRecord): Promise<void> => {
    if (!folderReady) {
      await mkdir(dirname(file), { recursive: true });
      folderReady = true;
    }
    const handle = await open(file, "a");
    try {
      await handle.write(`${prefix}${JSON.stringify(record)}\n`);
      prefix = "";
      await handle.sync();
    } finally {
      await handle.close();
    }
  };
  const append = (record: JournalRecord): Promise<void> => {
    const done = queue.then(() => write(record));
    queue = done.catch(() => undefined);
    return done.then(
      () => {
        states.set(record.key, nextState(states.get(record.key), record.event));
      },
      (error: unknown) => {
        throw new BriefError(`cannot write the delivery journal ${file}`, { cause: error });
      },
    );
  };

  return {
    file,
    wasSent: (key) => states.get(key) === "sent",
    state: (key) => states.get(key),
    begin: (key, info) => append({ at: new Date().toISOString(), event: "start", key, ...info }),
    finish: (key, status, reason) =>
      append({ at: new Date().toISOString(), event: status, key, ...(reason ? { reason } : {}) }),
  };
}
