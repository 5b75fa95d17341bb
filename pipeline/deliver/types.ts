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
  /** `skipped`: already sent by an earlier run, per the journal. */
  status: "sent" | "failed" | "skipped";
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

/** Facts about the run shared by every channel. */
export interface DeliveryRun {
  /** The scheduled job's name. */
  job: string;
  /** This run's id. */
  runId: string;
}
