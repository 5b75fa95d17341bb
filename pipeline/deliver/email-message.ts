/**
 * The text of a delivery e-mail: subject and plain-text body from Handlebars templates (the channel's
 * or the defaults), in strict mode, so a misspelt field is an error rather than an empty string.
 * The output is plain text, so nothing is HTML-escaped.
 * @module
 */
import Handlebars from "handlebars";
import { PermanentError } from "./retry.js";
import type { EmailChannel } from "./types.js";

/** What the subject and body templates see. */
export interface EmailData {
  job: string;
  runId: string;
  /** The audience key. */
  audience: string;
  /** The audience's title (its key when it has none). */
  audienceTitle: string;
  /** Number of briefs. */
  count: number;
  /** True when the PDFs are attached; false when they were too big and the body must link them. */
  attached: boolean;
  briefs: {
    title: string;
    audience: string;
    /** The attachment's file name. */
    pdfName: string;
    /** Where the PDF is served (`baseUrl` + `<slug>/<file>.pdf`), or null without a `baseUrl`. */
    link: string | null;
  }[];
}

/** The subject used when the channel sets none. */
export const DEFAULT_SUBJECT = "{{audienceTitle}}：{{count}} 份简报";

/** The body used when the channel sets none. */
export const DEFAULT_BODY = `{{audienceTitle}}：本期共 {{count}} 份简报{{#if attached}}，PDF 见附件{{else}}，文件较大，请从以下链接下载{{/if}}。

{{#each briefs}}
- {{title}}{{#if ../attached}}（{{pdfName}}）{{/if}}{{#if link}}
  {{link}}{{/if}}
{{/each}}

—— {{job}} · {{runId}}
`;

/** Data to try templates with at start-up. */
export const SAMPLE_EMAIL_DATA: EmailData = {
  job: "job",
  runId: "run",
  audience: "audience",
  audienceTitle: "Audience",
  count: 1,
  attached: true,
  briefs: [{ title: "Title", audience: "audience", pdfName: "Title-audience.pdf", link: null }],
};

function render(which: "subject" | "body", source: string, data: EmailData): string {
  try {
    const hb = Handlebars.create();
    return hb.compile(source, { strict: true, noEscape: true })(data);
  } catch (error) {
    const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new PermanentError(`e-mail ${which} template: ${message}`, {
      hint: `fields are ${Object.keys(SAMPLE_EMAIL_DATA).join(", ")}; each brief has title, audience, pdfName, link`,
      cause: error,
    });
  }
}

/**
 * Renders an e-mail's subject (on one line) and body.
 * @param channel the e-mail channel (its `subject` and `body` templates, else the defaults)
 * @param data what the templates see
 * @throws PermanentError naming the template when it does not compile or uses an unknown field
 */
export function renderEmail(
  channel: Pick<EmailChannel, "subject" | "body">,
  data: EmailData,
): { subject: string; text: string } {
  return {
    subject: render("subject", channel.subject ?? DEFAULT_SUBJECT, data)
      .replace(/\s+/g, " ")
      .trim(),
    text: render("body", channel.body ?? DEFAULT_BODY, data),
  };
}
