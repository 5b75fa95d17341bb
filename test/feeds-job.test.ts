/**
 * A job that follows feeds and pages, end to end on loopback: new items become briefs and are
 * delivered; a second run costs 304s and sends nothing; failures are recorded while the rest is built.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../pipeline/config/load.js";
import { runJob } from "../pipeline/schedule/job.js";
import { file, fixture, rewrite, startWeb } from "./fetch-server.js";
import { cleanup, cli, collector, DEFAULT_CONFIG, sharedRenderer, tempProject } from "./helpers.js";
import type { Closers } from "./servers.js";

const renderer = sharedRenderer();
const closers: Closers = [];
const made: string[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});
afterAll(() => cleanup(...made));

const HTML = "text/html; charset=utf-8";
const TRUMP = "/guardian/us-news/2018/jan/31/donald-trump-state-of-the-union-address-unity-discord";
const CONSERVATIVES = "/guardian/us-news/2018/jan/31/so-how-did-conservatives-like-the-state-of-the-union";

async function site() {
  const web = await startWeb(closers);
  const guardian = rewrite("guardian.rss", "https://www.theguardian.com/", `${web.base}/guardian/`);
  const r = web.routes;
  r.set("/feeds/us.rss", file(guardian, "application/rss+xml; charset=utf-8"));
  r.set("/feeds/world.rss", file(guardian, "application/rss+xml; charset=utf-8"));
  r.set(TRUMP, file(fixture("brookings-article.html"), HTML));
  r.set(CONSERVATIVES, file(fixture("gmw-article.html"), HTML));
  const listing =
    '<html><body><ul class="news"><li><a href="/pages/notice.html">德清</a></li></ul></body></html>';
  r.set("/pages/list.html", file(Buffer.from(listing), HTML));
  r.set("/pages/notice.html", file(fixture("zjdrc-notice-gbk.html"), "text/html"));
  r.set("/pages/resolution.html", file(fixture("govcn-resolution.html"), HTML));
  return web;
}

function project(base: string): string {
  const job = `  web:
    cron: "0 7 * * *"
    sources: web/*.md
    audiences: [executive, researcher]
    feeds:
      - ${base}/feeds/us.rss
      - { url: ${base}/feeds/world.rss, maxItems: 2 }
    pages:
      - { url: ${base}/pages/list.html, selector: ".news a" }
      - ${base}/pages/resolution.html
      - ${base}/pages/gone.html
    maxItems: 2
    since: 2000-01-01
    deliver: [outbox]
`;
  const text = DEFAULT_CONFIG.replace(
    /\njobs:\n[\s\S]*?\n\naudiences:/,
    `\njobs:\n${job}\naudiences:`,
  ).replace(
    "channels:\n",
    "fetch:\n  delayMs: 0\n  timeoutMs: 2000\n  retries: 0\n  allowPrivate: [127.0.0.1]\n\nchannels:\n",
  );
  const dir = tempProject(text);
  made.push(dir);
  return dir;
}

async function run(dir: string) {
  const reporter = collector();
  const config = await loadConfig(join(dir, "config.yaml"), { delivery: true, env: {} });
  const record = await runJob(config, "web", { reporter, renderer, trigger: "manual" });
  return { record, output: reporter.text() };
}

describe("a job that follows feeds and pages", () => {
  it("builds and delivers new items once; a second run fetches with 304s and sends nothing; failures are recorded", async () => {
    const web = await site();
    const dir = project(web.base);
    const first = await run(dir);
    expect(first.record.fetched?.failures).toEqual([
      { url: `${web.base}/pages/gone.html`, reason: "http 404" },
    ]);
    expect(first.record.outcome, first.output).toBe("partial");
    const slugs = first.record.fetched?.articles.map((a) => a.slug) ?? [];
    expect(slugs).toHaveLength(4);
    expect(first.record.built).toHaveLength(8);
    expect(readdirSync(join(dir, "outbox"))).toHaveLength(8);
    expect(web.hits(TRUMP)).toBe(1);

    const brookings = slugs.find((s) => s.startsWith("brookings-edu-")) as string;
    const model = JSON.parse(readFileSync(join(dir, "dist", brookings, "brief.json"), "utf8"));
    expect(model.origin).toBe(
      "https://www.brookings.edu/articles/12-insurers-arent-banks-regulating-solvency-litan/",
    );
    expect(model.fetchedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    const researcher = readFileSync(join(dir, "dist", brookings, "researcher.html"), "utf8");
    expect(researcher).toContain(`<a href="${model.origin}">`);
    expect(readFileSync(join(dir, "dist", "feed.xml"), "utf8")).toContain(
      `<link rel="related" type="text/html" href="${model.origin}"/>`,
    );

    const second = await run(dir);
    expect(second.record.fetched?.articles).toEqual([]);
    expect(second.record.fetched?.notModified.length).toBeGreaterThanOrEqual(4);
    expect(second.record.built).toEqual([]);
    expect(second.output).toMatch(/deliver: outbox: nothing new or changed/);
    expect(readdirSync(join(dir, "outbox"))).toHaveLength(8);
  });

  it("`npm run ingest -- <url>` reads a web page into a source", async () => {
    const web = await site();
    const dir = tempProject();
    made.push(dir);
    const r = await cli(
      ["ingest", "--allow-private", "127.0.0.1", "--out", "in", `${web.base}/pages/resolution.html`],
      { cwd: dir },
    );
    expect(r.code, r.output).toBe(0);
    const [name] = readdirSync(join(dir, "in"));
    const text = readFileSync(join(dir, "in", name as string), "utf8");
    expect(text).toMatch(/^---\ntitle: /);
    expect(text).toContain(`source: ${web.base}/pages/resolution.html`);
    const refused = await cli(["ingest", "--out", "in2", `${web.base}/pages/resolution.html`], { cwd: dir });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/refused private address 127\.0\.0\.1/);
    expect(existsSync(join(dir, "in2"))).toBe(false);
  });
});
