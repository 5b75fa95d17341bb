/**
 * Shapes of the delivery stage: the briefs a run hands over, the channels they go to (plain typed
 * objects; the config schema checks them elsewhere) and what happened to each delivery.
 * @module
 */

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
  /** Content hash of the PDF: identifies this version of the brief (see `hashFile`). */
  hash: string;
}

/** Copies each PDF into an outbox folder as `<slug>-<audience>.pdf`. */
export interface FolderChannel {
  type: "folder";
  /** Absolute path of the outbox folder (created when missing). */
  path: string;
}

/** Sends one e-mail per audience, with that audience's PDFs attached (or linked when too big). */
export interface EmailChannel {
  type: "email";
  /** SMTP server. */
  host: string;
  port: number;
  /** Implicit TLS from the first byte (usually port 465); otherwise STARTTLS when the server offers it. */
  secure: boolean;
  /** Refuse to send unless STARTTLS succeeds (for `secure: false`). */
  requireTLS?: boolean;
  /** NAME of the environment variable holding the SMTP user name (never the name itself). */
  userEnv?: string;
  /** NAME of the environment variable holding the SMTP password. */
  passEnv?: string;
  /** Sender, `a@b.org` or `Name <a@b.org>`. */
  from: string;
  /** Recipients per audience key. */
  recipients: Record<string, string[]>;
  /** Handlebars template text of the subject (see `EmailData`). */
  subject?: string;
  /** Handlebars template text of the plain-text body (see `EmailData`). */
  body?: string;
  /** Largest total size of the PDFs (bytes, before encoding) sent as attachments; default 10 MiB. Over it, the body links them. */
  maxAttachmentBytes?: number;
  /** Where the output folder is served: a link is `baseUrl` + `<slug>/<file>.pdf`. */
  baseUrl?: string;
}

/** POSTs one JSON message per run to a URL, signed when a secret is set. */
export interface WebhookChannel {
  type: "webhook";
  /** `http:` or `https:` URL. */
  url: string;
  /** NAME of the environment variable holding the HMAC-SHA256 secret. */
  secretEnv?: string;
  /** Timeout of one request; default 10 s. */
  timeoutMs?: number;
}

/** Any delivery channel. */
export type ChannelConfig = FolderChannel | EmailChannel | WebhookChannel;

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
