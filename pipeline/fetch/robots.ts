/**
 * robots.txt: fetched once per origin (through the same HTTP client and politeness queue), then
 * Disallow/Allow for our User-Agent token and `*`, and Crawl-delay. A missing robots.txt (4xx) allows
 * everything; one that cannot be fetched (5xx, timeout) disallows the origin for this run (RFC 9309).
 * @module
 */
import robotsModule from "robots-parser";
import type { HttpClient } from "./http.js";
import type { Politeness } from "./politeness.js";

/** The verdict for one URL. */
export type RobotsVerdict = { allowed: true; crawlDelayMs: number } | { allowed: false; reason: string };

/** A per-run cache of robots.txt rules. */
export interface Robots {
  /**
   * Says whether a URL may be fetched, fetching the origin's robots.txt the first time.
   * @param url the URL to check
   */
  check(url: string): Promise<RobotsVerdict>;
}

/** Options of `createRobots`. */
export interface RobotsOptions {
  /** The HTTP client robots.txt is fetched with. */
  client: HttpClient;
  /** Our User-Agent (its product token, before `/`, is matched against robots.txt groups). */
  userAgent: string;
  /** The politeness queue; robots.txt waits its turn like any request. */
  politeness?: Politeness;
  /** Longest Crawl-delay honoured, ms; default 60 000. */
  maxCrawlDelayMs?: number;
}

type Rules = {
  isAllowed(url: string, ua?: string): boolean | undefined;
  getCrawlDelay(ua?: string): number | undefined;
};
type Entry = { rules: Rules } | { unavailable: string };

/** robots-parser is CommonJS whose module.exports is the parser function; its typings say `default`. */
const robotsParser = robotsModule as unknown as (url: string, text: string) => Rules;

const ALLOW_ALL: Rules = { isAllowed: () => true, getCrawlDelay: () => undefined };

/**
 * Makes a robots.txt cache for one run.
 * @param options client, User-Agent, politeness queue and Crawl-delay cap
 */
export function createRobots(options: RobotsOptions): Robots {
  const cache = new Map<string, Promise<Entry>>();
  const maxDelay = options.maxCrawlDelayMs ?? 60_000;
  const load = (origin: string): Promise<Entry> => {
    const robotsUrl = `${origin}/robots.txt`;
    const fetchIt = () => options.client.fetch(robotsUrl);
    const pending = options.politeness ? options.politeness.run(robotsUrl, fetchIt) : fetchIt();
    return pending.then((result): Entry => {
      if (result.ok && !result.notModified) {
        const text = new TextDecoder("utf-8").decode(result.body);
        return { rules: robotsParser(robotsUrl, text) };
      }
      if (!result.ok && result.status !== undefined && result.status < 500) return { rules: ALLOW_ALL };
      if (!result.ok && result.status === undefined) return { unavailable: result.reason };
      return { unavailable: `robots.txt unavailable (${result.ok ? "304" : result.reason})` };
    });
  };
  return {
    async check(url: string): Promise<RobotsVerdict> {
      const origin = new URL(url).origin;
      let entry = cache.get(origin);
      if (!entry) {
        entry = load(origin);
        cache.set(origin, entry);
      }
      const got = await entry;
      if ("unavailable" in got) return { allowed: false, reason: got.unavailable };
      if (got.rules.isAllowed(url, options.userAgent) === false) {
        return { allowed: false, reason: "robots.txt disallows" };
      }
      const seconds = got.rules.getCrawlDelay(options.userAgent) ?? 0;
      const crawlDelayMs = Math.min(maxDelay, Math.max(0, seconds * 1000));
      if (crawlDelayMs > 0) options.politeness?.setHostDelay(new URL(url).host, crawlDelayMs);
      return { allowed: true, crawlDelayMs };
    },
  };
}
