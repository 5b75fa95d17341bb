/**
 * The orchestration a scheduled job calls: fetch feeds and pages politely, follow their items to
 * article pages, read each article into a Markdown source, and keep each article once (canonical URL
 * + content hash) — a changed one again, flagged. Pure: it writes no files; the caller writes the
 * sources and the returned state.
 * @module
 */
import type { AllowPrivate } from "./address.js";
import { extractArticle } from "./article.js";
import { decodeHtml } from "./decode-html.js";
import { parseFeed } from "./feed.js";
import { createHttpClient, defaultUserAgent, type HttpClient, type Validators } from "./http.js";
import { findArticleLinks } from "./listing.js";
import { createPoliteness, type Politeness } from "./politeness.js";
import { createRobots, type Robots } from "./robots.js";
import { slugFor } from "./slug.js";

/** A feed to follow. */
export interface FeedSource {
  url: string;
  /** Items taken from this feed; default the run's `maxItems`. */
  maxItems?: number;
  /** Language and column name of its articles, over what the pages say. */
  lang?: "zh" | "en";
  column?: string;
}

/** A page: an article, or with `selector` a listing page whose matching links are articles. */
export interface PageSource {
  url: string;
  selector?: string;
  maxItems?: number;
  lang?: "zh" | "en";
  column?: string;
}

/** What a job keeps between runs. */
export interface CollectState {
  /** Cache validators per fetched URL (feeds, listings, articles). */
  validators: Record<string, Validators>;
  /** Canonical URL → content hash of every article produced. */
  seen: Record<string, string>;
}

/** Options of `collect`. */
export interface CollectOptions {
  feeds?: readonly FeedSource[];
  pages?: readonly PageSource[];
  /** Only feed items published (or updated) since then; items without a date are kept. */
  since?: Date | string;
  /** Items per feed or listing page; default 20. */
  maxItems?: number;
  /** The state of the last run; default empty. */
  state?: CollectState;
  /** Private addresses allowed (see `AllowPrivate`); default none. */
  allowPrivate?: AllowPrivate;
  /** User-Agent; default `policy-brief/<version>`. */
  userAgent?: string;
  /** Delays: per host between requests (default 1000), first retry backoff (500), Crawl-delay cap (60 000), ms. */
  delays?: { perHostMs?: number; retryBaseMs?: number; maxCrawlDelayMs?: number };
  /** Timeouts: connect (default 10 000) and one whole attempt (30 000), ms. */
  timeouts?: { connectMs?: number; totalMs?: number };
  /** Largest body read, bytes; default 10 MB. */
  sizeCap?: number;
  /** Retries on 5xx, timeouts and resets; default 2. */
  retries?: number;
  /** Honour robots.txt; default true. */
  robots?: boolean;
  /** Shorter article text than this is "no article found"; default 200. */
  minChars?: number;
  /** The clock; default `() => new Date()`. */
  now?: () => Date;
}

/** An article produced by a run. */
export interface CollectedArticle {
  /** Stable per canonical URL: the source's file stem. */
  slug: string;
  /** The Markdown source (front matter + body). */
  markdown: string;
  title: string;
  /** The URL fetched (after redirects). */
  url: string;
  canonicalUrl: string;
  /** Content hash of the body. */
  hash: string;
  fetchedAt: string;
  /** True when this canonical URL was produced before with another hash. */
  changed: boolean;
  /** The feed or listing page that led to it, or the page itself. */
  via: string;
}

/** A URL that failed, and why. */
export interface CollectFailure {
  url: string;
  reason: string;
}

/** The result of a run. */
export interface CollectResult {
  articles: CollectedArticle[];
  failures: CollectFailure[];
  /** The state to keep for the next run. */
  state: CollectState;
  /** URLs the servers answered 304 Not Modified for. */
  notModified: string[];
}

interface Target {
  url: string;
  via: string;
  lang?: "zh" | "en";
  column?: string;
}

interface Run {
  options: CollectOptions;
  client: HttpClient;
  politeness: Politeness;
  robots: Robots | undefined;
  old: CollectState;
  state: CollectState;
  failures: CollectFailure[];
  notModified: string[];
}

type Got = { bytes: Uint8Array; contentType?: string; finalUrl: string; validators: Validators } | undefined;

/** Fetches a URL through robots.txt and the politeness queue; records failures and 304s. */
async function get(run: Run, url: string, accept: "html" | "any"): Promise<Got> {
  if (run.robots) {
    const verdict = await run.robots
      .check(url)
      .catch(() => ({ allowed: false, reason: "robots.txt unavailable" }));
    if (!verdict.allowed) {
      run.failures.push({ url, reason: verdict.reason });
      return undefined;
    }
  }
  const validators = run.old.validators[url];
  const result = await run.politeness.run(url, () => run.client.fetch(url, { validators, accept }));
  if (!result.ok) {
    run.failures.push({ url, reason: result.reason });
    return undefined;
  }
  if (result.notModified) {
    if (!run.notModified.includes(url)) run.notModified.push(url);
    if (validators) run.state.validators[url] = validators;
    return undefined;
  }
  return {
    bytes: result.body,
    contentType: result.contentType,
    finalUrl: result.finalUrl,
    validators: result.validators,
  };
}

function keepValidators(run: Run, url: string, validators: Validators): void {
  if (validators.etag || validators.lastModified) run.state.validators[url] = validators;
}

async function feedTargets(run: Run, feed: FeedSource): Promise<Target[]> {
  const got = await get(run, feed.url, "any");
  if (!got) return [];
  const since = run.options.since === undefined ? undefined : new Date(run.options.since);
  try {
    const text = decodeHtml(got.bytes, got.contentType).text;
    const parsed = parseFeed(text, got.finalUrl, {
      since,
      maxItems: feed.maxItems ?? run.options.maxItems ?? 20,
    });
    keepValidators(run, feed.url, got.validators);
    return parsed.items.map((i) => ({ url: i.url, via: feed.url, lang: feed.lang, column: feed.column }));
  } catch {
    run.failures.push({ url: feed.url, reason: "not a feed" });
    return [];
  }
}

async function pageTargets(run: Run, page: PageSource): Promise<Target[]> {
  const own = { lang: page.lang, column: page.column, via: page.url };
  if (!page.selector) return [{ url: page.url, ...own }];
  const got = await get(run, page.url, "html");
  if (!got) return [];
  try {
    const html = decodeHtml(got.bytes, got.contentType).text;
    const links = findArticleLinks(html, got.finalUrl, page.selector);
    if (links.length === 0) throw new Error("no links match the selector");
    keepValidators(run, page.url, got.validators);
    return links.slice(0, page.maxItems ?? run.options.maxItems ?? 20).map((url) => ({ url, ...own }));
  } catch (error) {
    run.failures.push({ url: page.url, reason: (error as Error).message });
    return [];
  }
}

/** Fetches an article page (phase 2: all fetches run before any page is read, so reading never delays a fetch). */
async function fetchTarget(run: Run, target: Target): Promise<Got> {
  return get(run, target.url, "html");
}

/** Reads a fetched article page (phase 3). */
function readTarget(run: Run, target: Target, got: Got) {
  if (!got) return undefined;
  const html = decodeHtml(got.bytes, got.contentType).text;
  const article = extractArticle(html, {
    url: got.finalUrl,
    fetchedAt: (run.options.now ?? (() => new Date()))(),
    minChars: run.options.minChars,
    lang: target.lang,
    column: target.column,
  });
  if (!article.ok) {
    run.failures.push({ url: target.url, reason: article.reason });
    return undefined;
  }
  keepValidators(run, target.url, got.validators);
  return article;
}

function startRun(options: CollectOptions): Run {
  const userAgent = options.userAgent ?? defaultUserAgent();
  const client = createHttpClient({
    allowPrivate: options.allowPrivate,
    userAgent,
    connectTimeoutMs: options.timeouts?.connectMs,
    timeoutMs: options.timeouts?.totalMs,
    sizeCap: options.sizeCap,
    retries: options.retries,
    retryBaseMs: options.delays?.retryBaseMs,
  });
  const politeness = createPoliteness({ delayMs: options.delays?.perHostMs });
  const robots =
    options.robots === false
      ? undefined
      : createRobots({ client, userAgent, politeness, maxCrawlDelayMs: options.delays?.maxCrawlDelayMs });
  const old = options.state ?? { validators: {}, seen: {} };
  const state = { validators: {}, seen: { ...old.seen } };
  return { options, client, politeness, robots, old, state, failures: [], notModified: [] };
}

/**
 * Collects the articles of a job's feeds and pages.
 * @param options sources, the last run's state, and fetch settings
 * @returns new or changed articles, failures with reasons, and the state for the next run
 */
export async function collect(options: CollectOptions): Promise<CollectResult> {
  const run = startRun(options);
  try {
    const lists = await Promise.all([
      ...(options.feeds ?? []).map((f) => feedTargets(run, f)),
      ...(options.pages ?? []).map((p) => pageTargets(run, p)),
    ]);
    const targets = uniqueTargets(lists.flat());
    const fetched = await Promise.all(targets.map((t) => fetchTarget(run, t)));
    const read = targets.map((t, i) => readTarget(run, t, fetched[i]));
    const articles: CollectedArticle[] = [];
    read.forEach((article, i) => {
      if (!article) return;
      const key = article.canonicalUrl;
      if (articles.some((a) => a.canonicalUrl === key) || run.old.seen[key] === article.contentHash) return;
      const changed = run.old.seen[key] !== undefined;
      run.state.seen[key] = article.contentHash;
      articles.push({
        slug: slugFor(key),
        markdown: article.markdown,
        title: article.title,
        url: article.url,
        canonicalUrl: key,
        hash: article.contentHash,
        fetchedAt: article.fetchedAt,
        changed,
        via: (targets[i] as Target).via,
      });
    });
    for (const [url, v] of Object.entries(run.old.validators)) run.state.validators[url] ??= v;
    return { articles, failures: run.failures, state: run.state, notModified: run.notModified };
  } finally {
    await run.client.close();
  }
}

function uniqueTargets(targets: readonly Target[]): Target[] {
  const seen = new Set<string>();
  return targets.filter((t) => !seen.has(t.url) && seen.add(t.url));
}
