/**
 * The delivery stage's config shapes: one zod schema per channel type, and the types the stage uses,
 * inferred from them. Pure data (zod only), so the config can compose it without loading the stage.
 * @module
 */
import { z } from "zod";
import { HttpUrl } from "../shapes.js";

const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/;
const ADDRESS = /^[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:".]+(\.[^\s@<>()[\],;:".]+)*$/;

/**
 * The address in `a@b.org` or `Name <a@b.org>`, or undefined when the text is neither.
 * @param text an address as written in the config
 */
export function emailAddress(text: string): string | undefined {
  const angled = /^[^<>]*<([^<>]+)>\s*$/.exec(text.trim());
  const address = (angled?.[1] ?? text).trim();
  return ADDRESS.test(address) ? address : undefined;
}

const envName = (example: string) =>
  z.string().regex(ENV_NAME, `an environment variable name, e.g. ${example}`);
const address = z.string().refine(
  (s) => emailAddress(s) !== undefined,
  (s) => ({ message: `not an e-mail address: ${s}` }),
);

/** Copies each PDF into an outbox folder as `<slug>-<audience>.pdf`. */
export const FolderChannelSchema = z
  .object({
    type: z.literal("folder"),
    path: z.string().min(1).describe("outbox folder, relative to the config file"),
  })
  .strict();

/** Sends one e-mail per audience, with that audience's PDFs attached (or linked when too big). */
export const EmailChannelSchema = z
  .object({
    type: z.literal("email"),
    host: z.string().min(1).describe("SMTP server"),
    port: z.number().int().min(1).max(65535).optional().describe("default 587, or 465 with secure: true"),
    secure: z.boolean().default(false).describe("implicit TLS (port 465); otherwise STARTTLS when offered"),
    requireTLS: z.boolean().default(false).describe("refuse to send unless STARTTLS succeeds"),
    userEnv: envName("SMTP_USER").optional().describe("NAME of the variable holding the SMTP user"),
    passEnv: envName("SMTP_PASS").optional().describe("NAME of the variable holding the SMTP password"),
    from: address.describe("sender, `a@b.org` or `Name <a@b.org>`"),
    recipients: z.record(z.string(), z.array(address).min(1)).describe("audience key → addresses"),
    subject: z.string().optional().describe("Handlebars text; default templates/email/subject.hbs"),
    body: z.string().optional().describe("Handlebars text; default templates/email/body.hbs"),
    maxAttachmentBytes: z
      .number()
      .int()
      .min(0)
      .default(10 * 1024 * 1024)
      .describe("above this many bytes of PDFs, the mail links them instead"),
    baseUrl: HttpUrl.optional().describe("where the output folder is served, for links"),
  })
  .strict();

/** POSTs one JSON message per run to a URL, signed when a secret is set. */
export const WebhookChannelSchema = z
  .object({
    type: z.literal("webhook"),
    url: HttpUrl,
    secretEnv: envName("WEBHOOK_SECRET").optional().describe("NAME of the variable holding the HMAC secret"),
    timeoutMs: z.number().int().min(100).max(120000).default(10000),
  })
  .strict();

/** A delivery channel: an outbox folder, SMTP e-mail, or a webhook (chosen by `type`). */
export const ChannelSchema = z
  .discriminatedUnion("type", [FolderChannelSchema, EmailChannelSchema, WebhookChannelSchema], {
    errorMap: (issue, ctx) =>
      issue.code === "invalid_union_discriminator"
        ? { message: `unknown channel type ${JSON.stringify(ctx.data?.type)}: folder, email or webhook` }
        : { message: ctx.defaultError },
  })
  .superRefine((c, ctx) => {
    if (c.type === "email" && (c.userEnv === undefined) !== (c.passEnv === undefined))
      ctx.addIssue({
        code: "custom",
        path: [c.userEnv === undefined ? "userEnv" : "passEnv"],
        message: "set both userEnv and passEnv, or neither",
      });
  })
  .transform((c) => (c.type === "email" ? { ...c, port: c.port ?? (c.secure ? 465 : 587) } : c));

/** A channel as validated (paths still as written). */
export type Channel = z.output<typeof ChannelSchema>;
/** A folder channel. */
export type FolderChannel = z.output<typeof FolderChannelSchema>;
/** An e-mail channel, with its port resolved. */
export type EmailChannel = z.output<typeof EmailChannelSchema> & { port: number };
/** A webhook channel. */
export type WebhookChannel = z.output<typeof WebhookChannelSchema>;
