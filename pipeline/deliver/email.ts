/**
 * The e-mail channel: one message per audience per run, to that audience's recipients, with all of
 * its briefs attached as PDFs, or linked when together they exceed `maxAttachmentBytes`.
 * @module
 */
import { stat } from "node:fs/promises";
import { basename } from "node:path";
import { createTransport } from "nodemailer";
import { renderEmail } from "./email-message.js";
import { safeFileName } from "./keys.js";
import { InterruptedError, PermanentError } from "./retry.js";
import type { DeliveryBrief, DeliveryRun, EmailChannel } from "./types.js";

/** Default cap on the PDFs attached to one e-mail: 10 MiB. */
export const DEFAULT_MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

/** Connection and greeting timeout, so a dead server fails fast. */
const CONNECT_TIMEOUT_MS = 5_000;
/** Inactivity timeout once connected (an upload of big attachments may be slow). */
const SOCKET_TIMEOUT_MS = 60_000;

/** One e-mail to send: an audience, its recipients and its briefs. */
export interface EmailUnit {
  audience: string;
  recipients: string[];
  briefs: DeliveryBrief[];
}

/**
 * Splits a run's briefs into e-mails: one per audience that has both recipients and briefs.
 * @param channel the e-mail channel
 * @param briefs the run's briefs
 */
export function emailUnits(channel: EmailChannel, briefs: readonly DeliveryBrief[]): EmailUnit[] {
  return Object.entries(channel.recipients).flatMap(([audience, recipients]) => {
    const own = briefs.filter((b) => b.audience === audience);
    return recipients.length > 0 && own.length > 0
      ? [{ audience, recipients: [...recipients], briefs: own }]
      : [];
  });
}

/**
 * The SMTP credentials, read from the environment variables the channel names.
 * @param channel the e-mail channel
 * @param env the environment
 * @returns the credentials, or undefined when the channel names none
 * @throws PermanentError naming a variable that is not set
 */
export function smtpAuth(
  channel: Pick<EmailChannel, "userEnv" | "passEnv">,
  env: NodeJS.ProcessEnv,
): { user: string; pass: string } | undefined {
  if (!channel.userEnv && !channel.passEnv) return undefined;
  const read = (name: string | undefined, what: string): string => {
    if (!name)
      throw new PermanentError(`SMTP ${what} missing: set ${what === "user" ? "userEnv" : "passEnv"} too`);
    const value = env[name];
    if (!value) {
      throw new PermanentError(`environment variable ${name} (SMTP ${what}) is not set`, {
        hint: `export ${name}=… before the run`,
      });
    }
    return value;
  };
  return { user: read(channel.userEnv, "user"), pass: read(channel.passEnv, "password") };
}

/** The attachment name of a brief: `<title>-<audience>.pdf`, slashes replaced. */
export function attachmentName(brief: Pick<DeliveryBrief, "title" | "audience">): string {
  return safeFileName(`${brief.title}-${brief.audience}.pdf`);
}

/**
 * Where a brief's PDF is served: `baseUrl` + `<slug>/<file>.pdf` (the layout of the output folder).
 * @param baseUrl where the output folder is served
 * @param brief the brief
 */
export function briefLink(baseUrl: string, brief: Pick<DeliveryBrief, "slug" | "pdf">): string {
  const base = baseUrl.endsWith("/") ? baseUrl : `${baseUrl}/`;
  return new URL(`${encodeURIComponent(brief.slug)}/${encodeURIComponent(basename(brief.pdf))}`, base).href;
}

async function totalBytes(briefs: readonly DeliveryBrief[]): Promise<number> {
  let total = 0;
  for (const brief of briefs) {
    try {
      total += (await stat(brief.pdf)).size;
    } catch (error) {
      throw new PermanentError(`cannot read PDF ${brief.pdf}`, { cause: error });
    }
  }
  return total;
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

/** A promise rejected with InterruptedError when `signal` aborts (after `onAbort` ran). */
function abortion(signal: AbortSignal | undefined, onAbort: () => void) {
  let listener: (() => void) | undefined;
  const promise = new Promise<never>((_, reject) => {
    listener = () => {
      onAbort();
      reject(new InterruptedError("interrupted: the run is stopping; the send was cut off"));
    };
    if (signal?.aborted) listener();
    else signal?.addEventListener("abort", listener);
  });
  promise.catch(() => undefined);
  return { promise, dispose: () => listener && signal?.removeEventListener("abort", listener) };
}

/**
 * Sends one e-mail over SMTP. Its Message-ID is `<key@policy-brief>` (and header `X-Brief-Delivery`
 * the key), the same in every attempt and every run, so a copy sent again after an uncertain attempt
 * can be recognised as the same message.
 * @param channel the e-mail channel
 * @param unit the audience, recipients and briefs
 * @param context the run, the delivery key, the audience's title and the environment holding credentials
 * @returns a note when some (not all) recipients were refused, else undefined
 * @throws PermanentError for what a retry cannot fix (credentials, templates, missing PDFs, over the cap without baseUrl);
 * nodemailer's error when the server cannot be reached or refuses the message
 */
export async function sendEmail(
  channel: EmailChannel,
  unit: EmailUnit,
  context: DeliveryRun & { key: string; audienceTitle: string; env: NodeJS.ProcessEnv; signal?: AbortSignal },
): Promise<string | undefined> {
  const auth = smtpAuth(channel, context.env);
  const cap = channel.maxAttachmentBytes ?? DEFAULT_MAX_ATTACHMENT_BYTES;
  const total = await totalBytes(unit.briefs);
  const attached = total <= cap;
  if (!attached && !channel.baseUrl) {
    throw new PermanentError(
      `the PDFs for ${unit.audience} total ${mib(total)}, over maxAttachmentBytes (${mib(cap)}), and no baseUrl is set to link them instead`,
      { hint: "set baseUrl to where the output folder is served, or raise maxAttachmentBytes" },
    );
  }
  const { subject, text } = renderEmail(channel, {
    job: context.job,
    runId: context.runId,
    audience: unit.audience,
    audienceTitle: context.audienceTitle,
    count: unit.briefs.length,
    attached,
    briefs: unit.briefs.map((b) => ({
      title: b.title,
      audience: b.audience,
      pdfName: attachmentName(b),
      link: channel.baseUrl ? briefLink(channel.baseUrl, b) : null,
    })),
  });
  const transport = createTransport({
    host: channel.host,
    port: channel.port,
    secure: channel.secure,
    requireTLS: channel.requireTLS ?? false,
    ...(auth ? { auth } : {}),
    connectionTimeout: CONNECT_TIMEOUT_MS,
    greetingTimeout: CONNECT_TIMEOUT_MS,
    dnsTimeout: CONNECT_TIMEOUT_MS,
    socketTimeout: SOCKET_TIMEOUT_MS,
  });
  const aborted = abortion(context.signal, () => transport.close());
  try {
    const sending = transport.sendMail({
      from: channel.from,
      to: unit.recipients,
      subject,
      text,
      messageId: `<${context.key}@policy-brief>`,
      headers: { "X-Brief-Delivery": context.key },
      attachments: attached
        ? unit.briefs.map((b) => ({
            filename: attachmentName(b),
            path: b.pdf,
            contentType: "application/pdf",
          }))
        : [],
    });
    const info = await Promise.race([sending, aborted.promise]);
    const rejected: string[] = info.rejected ?? [];
    return rejected.length > 0 ? `refused by the server: ${rejected.join(", ")}` : undefined;
  } finally {
    aborted.dispose();
    transport.close();
  }
}
