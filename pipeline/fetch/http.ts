/**
 * Fetches one URL politely and safely: undici with a guarded DNS lookup (no private addresses unless
 * allowed, checked again on every redirect hop), connect and total timeouts, a streamed size cap,
 * redirects followed by hand, conditional GET, and retries with backoff on 5xx, timeouts and resets.
 * @module
 */
import type { IncomingHttpHeaders } from "node:http";
import { Agent, request } from "undici";
import { TOOL_VERSION } from "../paths.js";
import { type AllowPrivate, checkLiteralHost, guardedLookup } from "./address.js";
import { classify, discard, readCapped } from "./body.js";
import { type Failure, FetchError, failure } from "./failure.js";

export { classify } from "./body.js";

/** The cache validators of a response, sent back on the next fetch of the same URL. */
export interface Validators {
  etag?: string;
  lastModified?: string;
}

/** What a client may fetch and how. */
export interface HttpOptions {
  /** Private addresses allowed (see `AllowPrivate`); default none. */
  allowPrivate?: AllowPrivate;
  /** User-Agent header; default `policy-brief/<version>`. */
  userAgent?: string;
  /** Time to open a connection, ms; default 10 000. */
  connectTimeoutMs?: number;
  /** Time for one attempt, redirects and body included, ms; default 30 000. */
  timeoutMs?: number;
  /** Largest body read, bytes; default 10 MB. */
  sizeCap?: number;
  /** Redirects followed; default 5. */
  maxRedirects?: number;
  /** Attempts after the first on 5xx, timeouts and connection resets; default 2. */
  retries?: number;
  /** First backoff delay, ms, doubled each retry; default 500. */
  retryBaseMs?: number;
}

/** What one fetch asks for. */
export interface FetchRequest {
  /** Validators from the last fetch of this URL: sent as If-None-Match / If-Modified-Since. */
  validators?: Validators;
  /** `html` fails other content types with `not html`; default `any`. */
  accept?: "html" | "any";
}

/** A body fetched. */
export interface Fetched {
  ok: true;
  notModified: false;
  url: string;
  /** The URL after redirects. */
  finalUrl: string;
  status: number;
  contentType: string | undefined;
  body: Uint8Array;
  validators: Validators;
}

/** The server said the resource has not changed since the validators given (304). */
export interface NotModified {
  ok: true;
  notModified: true;
  url: string;
  finalUrl: string;
  status: 304;
  validators: Validators;
}

/** The result of one fetch: never thrown, always returned. */
export type HttpResult = Fetched | NotModified | Failure;

/** A client holding one connection pool; close it when done. */
export interface HttpClient {
  /** Fetches a URL (see `FetchRequest`). */
  fetch(url: string, request?: FetchRequest): Promise<HttpResult>;
  /** Closes the connection pool. */
  close(): Promise<void>;
}

/** The default User-Agent: `policy-brief/<version>`, and the project's homepage when package.json has one. */
export function defaultUserAgent(homepage?: string): string {
  return `policy-brief/${TOOL_VERSION}${homepage ? ` (+${homepage})` : ""}`;
}

/** 10 MB, the default size cap. */
export const DEFAULT_SIZE_CAP = 10 * 1024 * 1024;

interface Settings extends Required<Omit<HttpOptions, "allowPrivate">> {
  allowPrivate: AllowPrivate;
}

function settings(options: HttpOptions): Settings {
  return {
    allowPrivate: options.allowPrivate ?? false,
    userAgent: options.userAgent ?? defaultUserAgent(),
    connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
    timeoutMs: options.timeoutMs ?? 30_000,
    sizeCap: options.sizeCap ?? DEFAULT_SIZE_CAP,
    maxRedirects: options.maxRedirects ?? 5,
    retries: options.retries ?? 2,
    retryBaseMs: options.retryBaseMs ?? 500,
  };
}

/**
 * Makes a client: one undici Agent whose connector resolves names through the SSRF guard.
 * @param options timeouts, size cap, retries, User-Agent and `allowPrivate`
 */
export function createHttpClient(options: HttpOptions = {}): HttpClient {
  const s = settings(options);
  const agent = new Agent({
    connect: { lookup: guardedLookup(s.allowPrivate), timeout: s.connectTimeoutMs },
    headersTimeout: s.timeoutMs,
    bodyTimeout: s.timeoutMs,
  });
  return {
    fetch: (url, req = {}) => fetchWithRetries(agent, s, url, req),
    close: () => agent.close(),
  };
}

/**
 * Fetches one URL with a client made for this call only.
 * @param url an http(s) URL
 * @param options client options and the request (validators, accept)
 */
export async function fetchUrl(url: string, options: HttpOptions & FetchRequest = {}): Promise<HttpResult> {
  const client = createHttpClient(options);
  try {
    return await client.fetch(url, options);
  } finally {
    await client.close();
  }
}

async function fetchWithRetries(agent: Agent, s: Settings, url: string, req: FetchRequest) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await attemptOnce(agent, s, url, req);
    } catch (error) {
      const e = classify(error);
      if (!e.retryable || attempt >= s.retries) return failure(url, e.reason, statusOf(e.reason));
      await sleep(s.retryBaseMs * 2 ** attempt);
    }
  }
}

function statusOf(reason: string): number | undefined {
  const m = /^http (\d{3})$/.exec(reason);
  return m ? Number(m[1]) : undefined;
}

async function attemptOnce(agent: Agent, s: Settings, url: string, req: FetchRequest) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new FetchError("timeout", true)), s.timeoutMs);
  try {
    return await follow(agent, s, url, req, controller.signal);
  } finally {
    clearTimeout(timer);
  }
}

function requestHeaders(s: Settings, req: FetchRequest): Record<string, string> {
  const headers: Record<string, string> = {
    "user-agent": s.userAgent,
    accept:
      req.accept === "html"
        ? "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1"
        : "*/*;q=0.8,text/html,application/xml",
    "accept-encoding": "identity",
  };
  if (req.validators?.etag) headers["if-none-match"] = req.validators.etag;
  if (req.validators?.lastModified) headers["if-modified-since"] = req.validators.lastModified;
  return headers;
}

async function follow(agent: Agent, s: Settings, url: string, req: FetchRequest, signal: AbortSignal) {
  let current = safeUrl(url, s.allowPrivate);
  for (let hop = 0; ; hop++) {
    const res = await request(current, {
      dispatcher: agent,
      method: "GET",
      headers: requestHeaders(s, req),
      signal,
    });
    const location = header(res.headers, "location");
    if (res.statusCode >= 300 && res.statusCode < 400 && res.statusCode !== 304 && location) {
      await res.body.dump();
      if (hop >= s.maxRedirects) throw new FetchError("too many redirects");
      current = safeUrl(new URL(location, current).href, s.allowPrivate);
      continue;
    }
    const validators = validatorsOf(res.headers);
    if (res.statusCode === 304) {
      await res.body.dump();
      const kept = { ...req.validators, ...validators };
      return {
        ok: true,
        notModified: true,
        url,
        finalUrl: current.href,
        status: 304,
        validators: kept,
      } as const;
    }
    if (res.statusCode >= 400 || res.statusCode < 200 || res.statusCode >= 300) {
      await res.body.dump();
      throw new FetchError(`http ${res.statusCode}`, res.statusCode >= 500);
    }
    const contentType = header(res.headers, "content-type");
    if (req.accept === "html" && contentType && !/html|xml/i.test(contentType)) {
      discard(res.body);
      throw new FetchError("not html");
    }
    const body = await readCapped(res.body, header(res.headers, "content-length"), s.sizeCap);
    return {
      ok: true,
      notModified: false,
      url,
      finalUrl: current.href,
      status: res.statusCode,
      contentType,
      body,
      validators,
    } as const;
  }
}

function safeUrl(href: string, allow: AllowPrivate): URL {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    throw new FetchError("not a URL");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new FetchError(`refused scheme ${url.protocol.replace(/:$/, "")}`);
  }
  checkLiteralHost(url, allow);
  return url;
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function validatorsOf(headers: IncomingHttpHeaders): Validators {
  const v: Validators = {};
  const etag = header(headers, "etag");
  const lastModified = header(headers, "last-modified");
  if (etag) v.etag = etag;
  if (lastModified) v.lastModified = lastModified;
  return v;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
