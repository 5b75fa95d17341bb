/**
 * Shapes of the delivery stage that are not config: the briefs a run hands over and what happened to
 * each delivery. Channel shapes come from the schema (`schema.ts`).
 * @module
 */
export type { Channel, EmailChannel, FolderChannel, WebhookChannel } from "./schema.js";

/** One built brief, ready to deliver. */
export interface DeliveryBrief {
  /** The article's slug. */
  slug: string;
  /** The article's title. */
  title: string;
  /** The audience key. */
  audience: string;
  /** Absolute path of the PDF. */
  pdf: string;
  /** Absolute path of the HTML. */
  html: string;
  /** Hash of the brief's inputs: identifies this version of the brief. */
  hash: string;
}

/** What happened to one delivery unit (one e-mail, one webhook call, one copied file). */
export interface DeliveryOutcome {
  /** The channel's name (its key in the channels map). */
  channel: string;
  /** Recipients (comma-separated), URL, or the file written. */
  target: string;
  /**
   * `skipped`: already sent by an earlier run, per the journal; `interrupted`: the run was told to stop
   * (not started, or aborted in flight at the drain deadline: the next run delivers it, same key).
   */
  status: "sent" | "failed" | "skipped" | "interrupted";
  /** Attempts made in this run (0 when skipped or never tried). */
  attempts: number;
  /** Why it failed or was skipped, or a note on a partial success. */
  reason?: string;
  /** Keys `slug/audience` of the briefs in this unit. */
  briefs: string[];
}

/** Where delivery reports progress; the run's `Reporter` fits. */
export interface DeliveryLog {
  line(text: string): void;
  warn(text: string): void;
}

/** How a run is told to stop: `draining` — start nothing new; `abort` — cut what is in flight. */
export interface Shutdown {
  draining: AbortSignal;
  abort: AbortSignal;
}

/** Facts about the run shared by every channel. */
export interface DeliveryRun {
  /** The scheduled job's name. */
  job: string;
  /** This run's id. */
  runId: string;
}
