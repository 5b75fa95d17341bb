/**
 * Checks of delivery channels that the schema cannot make: credentials present in the environment,
 * recipients keyed by audiences that exist, subject and body templates that compile and fill. They run
 * where delivery starts (the daemon, `brief run`), so a missing secret is found at start-up, not at
 * send time. Shapes and formats are the schema's job (`schema.ts`).
 * @module
 */
import { renderEmail, SAMPLE_EMAIL_DATA } from "./email-message.js";
import { reasonOf } from "./retry.js";
import type { Channel } from "./schema.js";

/** One problem with a channel: the path below the channels map (`[name, "passEnv"]`) and what is wrong. */
export interface ChannelProblem {
  path: (string | number)[];
  message: string;
}

/** What the checks need to know besides the channels. */
export interface CheckOptions {
  /** Known audience keys: a `recipients` key that is none of them is reported (a typo would mail nobody). */
  audiences?: readonly string[];
  /** The environment that will hold the credentials (default process.env). */
  env?: NodeJS.ProcessEnv;
}

function envProblem(env: NodeJS.ProcessEnv, name: string | undefined, what: string): string | undefined {
  if (name === undefined || env[name]) return undefined;
  return `environment variable ${name} (${what}) is not set`;
}

function emailProblems(c: Extract<Channel, { type: "email" }>, options: CheckOptions) {
  const env = options.env ?? process.env;
  const out: { path: (string | number)[]; message: string | undefined }[] = [
    { path: ["userEnv"], message: envProblem(env, c.userEnv, "SMTP user") },
    { path: ["passEnv"], message: envProblem(env, c.passEnv, "SMTP password") },
  ];
  for (const audience of Object.keys(c.recipients)) {
    if (options.audiences && !options.audiences.includes(audience))
      out.push({
        path: ["recipients", audience],
        message: `unknown audience "${audience}": audiences are ${options.audiences.join(", ")}`,
      });
  }
  for (const which of ["subject", "body"] as const) {
    if (c[which] === undefined) continue;
    try {
      renderEmail({ [which]: c[which] }, SAMPLE_EMAIL_DATA);
    } catch (error) {
      out.push({ path: [which], message: reasonOf(error) });
    }
  }
  return out;
}

/**
 * Every problem of validated channels that can be seen before sending, with its path.
 * @param channels channels by name, as the schema gave them
 * @param options known audiences and the environment
 */
export function channelProblems(
  channels: Record<string, Channel>,
  options: CheckOptions = {},
): ChannelProblem[] {
  const env = options.env ?? process.env;
  return Object.entries(channels).flatMap(([name, c]) => {
    const found =
      c.type === "email"
        ? emailProblems(c, options)
        : c.type === "webhook"
          ? [{ path: ["secretEnv"], message: envProblem(env, c.secretEnv, "webhook secret") }]
          : [];
    return found.flatMap((p) => (p.message ? [{ path: [name, ...p.path], message: p.message }] : []));
  });
}

/**
 * The same problems, one line each: `<channel>.<key…>: <message>`.
 * @param channels channels by name
 * @param options known audiences and the environment
 */
export function checkChannels(channels: Record<string, Channel>, options: CheckOptions = {}): string[] {
  return channelProblems(channels, options).map((p) => `${p.path.join(".")}: ${p.message}`);
}
