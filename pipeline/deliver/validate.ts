/**
 * Start-up checks of delivery channels: what would only fail at send time otherwise (credentials not
 * in the environment, a URL that is not one, a recipient that is not an address, a template with an
 * unknown field). Shapes and types are the config schema's job; these checks only assume objects.
 * @module
 */
import { isAbsolute } from "node:path";
import { renderEmail, SAMPLE_EMAIL_DATA } from "./email-message.js";
import { reasonOf } from "./retry.js";
import type { ChannelConfig, EmailChannel, WebhookChannel } from "./types.js";

/** One problem with a channel: the path below the channels map (`[name, "recipients", audience, 0]`) and what is wrong. */
export interface ChannelProblem {
  path: (string | number)[];
  message: string;
}

/** Options of the checks. */
export interface CheckOptions {
  /** Known audience keys: a `recipients` key that is none of them is reported (a typo would mail nobody). */
  audiences?: readonly string[];
}

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

function urlProblem(text: unknown): string | undefined {
  if (typeof text !== "string" || text === "") return "URL missing";
  try {
    const url = new URL(text);
    if (url.protocol !== "http:" && url.protocol !== "https:") return `not an http(s) URL: ${text}`;
  } catch {
    return `not a valid URL: ${text}`;
  }
  return undefined;
}

function envProblem(env: NodeJS.ProcessEnv, name: unknown, what: string): string | undefined {
  if (name === undefined) return undefined;
  if (typeof name !== "string" || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
    return `${what}: ${JSON.stringify(name)} is not an environment variable name`;
  }
  return env[name] ? undefined : `environment variable ${name} (${what}) is not set`;
}

function checkEmail(
  name: string,
  c: EmailChannel,
  env: NodeJS.ProcessEnv,
  options: CheckOptions,
): ChannelProblem[] {
  const problems: ChannelProblem[] = [];
  const add = (path: (string | number)[], message: string | undefined) => {
    if (message) problems.push({ path: [name, ...path], message });
  };
  if (typeof c.host !== "string" || c.host === "") add(["host"], "SMTP host missing");
  if (!Number.isInteger(c.port) || c.port < 1 || c.port > 65535) add(["port"], `not a port: ${c.port}`);
  add(["userEnv"], envProblem(env, c.userEnv, "SMTP user"));
  add(["passEnv"], envProblem(env, c.passEnv, "SMTP password"));
  if (c.userEnv && !c.passEnv) add(["passEnv"], "userEnv is set but passEnv is not");
  if (c.passEnv && !c.userEnv) add(["userEnv"], "passEnv is set but userEnv is not");
  if (typeof c.from !== "string" || !emailAddress(c.from)) add(["from"], `not an e-mail address: ${c.from}`);
  const recipients = c.recipients && typeof c.recipients === "object" ? Object.entries(c.recipients) : [];
  if (recipients.length === 0) add(["recipients"], "no recipients");
  for (const [audience, list] of recipients) {
    if (options.audiences && !options.audiences.includes(audience)) {
      add(
        ["recipients", audience],
        `unknown audience "${audience}": audiences are ${options.audiences.join(", ")}`,
      );
    }
    if (!Array.isArray(list) || list.length === 0) {
      add(["recipients", audience], `no recipients for ${audience}`);
      continue;
    }
    list.forEach((address, i) => {
      if (typeof address !== "string" || !emailAddress(address)) {
        add(["recipients", audience, i], `not an e-mail address: ${address}`);
      }
    });
  }
  for (const which of ["subject", "body"] as const) {
    if (c[which] === undefined) continue;
    try {
      renderEmail({ [which]: c[which] }, SAMPLE_EMAIL_DATA);
    } catch (error) {
      add([which], reasonOf(error));
    }
  }
  if (c.maxAttachmentBytes !== undefined && !(c.maxAttachmentBytes >= 0)) {
    add(["maxAttachmentBytes"], `not a size in bytes: ${c.maxAttachmentBytes}`);
  }
  if (c.baseUrl !== undefined) add(["baseUrl"], urlProblem(c.baseUrl));
  return problems;
}

function checkWebhook(name: string, c: WebhookChannel, env: NodeJS.ProcessEnv): ChannelProblem[] {
  const problems: ChannelProblem[] = [];
  const add = (path: (string | number)[], message: string | undefined) => {
    if (message) problems.push({ path: [name, ...path], message });
  };
  add(["url"], urlProblem(c.url));
  add(["secretEnv"], envProblem(env, c.secretEnv, "webhook secret"));
  if (c.timeoutMs !== undefined && !(c.timeoutMs > 0))
    add(["timeoutMs"], `not a timeout in ms: ${c.timeoutMs}`);
  return problems;
}

/**
 * Every problem of the channels that can be seen before sending, with its path.
 * @param channels channels by name
 * @param env the environment that will hold the credentials (default `process.env`)
 * @param options known audiences
 */
export function channelProblems(
  channels: Record<string, ChannelConfig>,
  env: NodeJS.ProcessEnv = process.env,
  options: CheckOptions = {},
): ChannelProblem[] {
  return Object.entries(channels).flatMap(([name, channel]): ChannelProblem[] => {
    if (!channel || typeof channel !== "object") return [{ path: [name], message: "not a channel" }];
    switch (channel.type) {
      case "folder":
        return typeof channel.path === "string" && isAbsolute(channel.path)
          ? []
          : [{ path: [name, "path"], message: `outbox folder must be an absolute path: ${channel.path}` }];
      case "email":
        return checkEmail(name, channel, env, options);
      case "webhook":
        return checkWebhook(name, channel, env);
      default:
        return [
          {
            path: [name, "type"],
            message: `unknown channel type ${JSON.stringify((channel as { type?: unknown }).type)}: folder, email or webhook`,
          },
        ];
    }
  });
}

/**
 * Every problem of the channels that can be seen before sending, one line each:
 * `<channel>.<key…>: <message>` (e.g. `mail.passEnv: environment variable SMTP_PASS (SMTP password) is not set`).
 * Use `channelProblems` for the paths as arrays, to find config lines.
 * @param channels channels by name
 * @param env the environment that will hold the credentials (default `process.env`)
 * @param options known audiences
 */
export function checkChannels(
  channels: Record<string, ChannelConfig>,
  env: NodeJS.ProcessEnv = process.env,
  options: CheckOptions = {},
): string[] {
  return channelProblems(channels, env, options).map((p) => `${p.path.join(".")}: ${p.message}`);
}
