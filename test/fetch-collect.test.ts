/**
 * collect, end to end on loopback: two feeds sharing items, an Atom feed, article pages and a listing
 * page, every failure reported while the rest is built, 304s on the second run, changed articles.
 */
import { afterEach, describe, expect, it } from "vitest";
import { type CollectOptions, collect } from "../pipeline/fetch/collect.js";
import { file, fixture, rewrite, startWeb } from "./fetch-server.js";
import type { Closers } from "./servers.js";

const closers: Closers = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

const NOW = new Date("2026-03-04T05:06:07Z");
const TRUMP = "/guardian/us-news/2018/jan/31/donald-trump-state-of-the-union-address-unity-discord";
const CONSERVATIVES = "/guardian/us-news/2018/jan/31/so-how-did-conservatives-like-the-state-of-the-union";
const WILDFLY = "/heise/developer/meldung/Java-Anwendungsserver-Red-Hat-gibt-WildFly-10-frei-3088438.html";
const HTML = "text/html; charset=utf-8";

/** The loopback site: real feeds whose links point back to it, real pages, and broken ones. */
async function site() {
  const web = await startWeb(closers);
  const guardian = rewrite("guardian.rss", "https://www.theguardian.com/", `${web.base}/guardian/`);
  const heise = rewrite("heise.atom", "http://www.heise.de/", `${web.base}/heise/`);
  const r = web.routes;
  r.set("/robots.txt", file(Buffer.from("User-agent: *\nDisallow: /private/\n"), "text/plain"));
  r.set("/feeds/us.rss", file(guardian, "application/rss+xml; charset=utf-8"));
  r.set("/feeds/world.rss", file(guardian, "application/rss+xml; charset=utf-8"));
  r.set("/feeds/heise.atom", file(heise, "application/atom+xml"));
  r.set(TRUMP, file(fixture("brookings-article.html"), HTML));
  r.set(CONSERVATIVES, file(fixture("gmw-article.html"), HTML));
  r.set(WILDFLY, file(fixture("people-article.html"), "text/html"));
  r.set("/pages/notice.html", file(fixture("zjdrc-notice-gbk.html"), "text/html"));
  r.set("/pages/resolution.html", file(fixture("govcn-resolution.html"), HTML));
  r.set("/private/secret.html", file(fixture("govcn-resolution.html"), HTML));
  r.set("/pages/logo.png", file(Buffer.from([0x89, 0x50, 0x4e, 0x47, 13, 10]), "image/png"));
  r.set(
    "/pages/big.html",
    file(Buffer.concat([fixture("gmw-article.html"), fixture("gmw-article.html")]), HTML),
  );
  r.set("/pages/welcome.html", file(Buffer.from("<title>Welcome</title><p>Hello.</p>"), HTML));
  r.set("/pages/stall.html", (_q, res) => {
    res.writeHead(200, { "content-type": HTML });
    res.write("<html><body>");
  });
  return web;
}

function options(base: string, extra: Partial<CollectOptions> = {}): CollectOptions {
  return {
    feeds: [
      { url: `${base}/feeds/us.rss`, maxItems: 2 },
      { url: `${base}/feeds/world.rss`, maxItems: 2 },
      { url: `${base}/feeds/heise.atom`, maxItems: 1, column: "人民网文化" },
      { url: `${base}/feeds/gone.rss` },
      { url: `${base}/pages/resolution.html` },
    ],
    pages: [
      { url: `${base}/pages/notice.html` },
      { url: `${base}/pages/resolution.html` },
      { url: `${base}/private/secret.html` },
      { url: `${base}/pages/logo.png` },
      { url: `${base}/pages/big.html` },
      { url: `${base}/pages/welcome.html` },
      { url: `${base}/pages/stall.html` },
      { url: `${base}/pages/gone.html` },
      { url: `${base.replace("127.0.0.1", "127.0.0.2")}/pages/resolution.html` },
    ],
    allowPrivate: ["127.0.0.1"],
    delays: { perHostMs: 0, retryBaseMs: 5 },
    timeouts: { totalMs: 600 },
    retries: 0,
    sizeCap: 250_000,
    now: () => NOW,
    ...extra,
  };
}

describe("collect", () => {
  it("builds each article once, reports every failure, and a second run costs 304s and builds nothing", async () => {
    const web = await site();
    const first = await collect(options(web.base));
    expect(first.articles.map((a) => a.title)).toEqual([
      "Insurers Aren’t Banks: What the Difference Means for Regulating Their Solvency",
      "宇航员在太空中喝酒会怎么样？后果很严重",
      "女儿出嫁，郑板桥画了几笔兰花当嫁妆",
      "1-10月德清县固定资产投资结构趋稳趋优",
      "全国人民代表大会常务委员会关于批准财政部发行特别国债购买外汇及调整2007年末国债余额限额的决议",
    ]);
    const b = web.base;
    expect(new Map(first.failures.map((f) => [f.url.replace(b, ""), f.reason]))).toEqual(
      new Map([
        ["/feeds/gone.rss", "http 404"],
        ["/pages/resolution.html", "not a feed"],
        ["/private/secret.html", "robots.txt disallows"],
        ["/pages/logo.png", "not html"],
        ["/pages/big.html", "too big"],
        ["/pages/welcome.html", "no article found"],
        ["/pages/stall.html", "timeout"],
        ["/pages/gone.html", "http 404"],
        [`http://127.0.0.2:${web.port}/pages/resolution.html`, "refused private address 127.0.0.2"],
      ]),
    );
    expect(web.hits(TRUMP)).toBe(1);
    expect(web.hits(CONSERVATIVES)).toBe(1);
    expect(web.hits("/private/secret.html")).toBe(0);
    expect(web.hits("/robots.txt")).toBe(1);

    const [brookings, gmw, people] = first.articles;
    expect(brookings).toMatchObject({
      canonicalUrl: "https://www.brookings.edu/articles/12-insurers-arent-banks-regulating-solvency-litan/",
      url: `${b}${TRUMP}`,
      via: `${b}/feeds/us.rss`,
      changed: false,
      fetchedAt: NOW.toISOString(),
    });
    expect(brookings?.slug).toMatch(/^brookings-edu-[0-9a-f]{8}$/);
    expect(gmw?.slug).toMatch(/^127-0-0-1-[0-9a-f]{8}$/);
    expect(people?.markdown).toContain("column: 人民网文化");
    expect(brookings?.markdown).toContain("source: https://www.brookings.edu/articles/");
    expect(new Set(first.articles.map((a) => a.slug)).size).toBe(5);
    expect(Object.keys(first.state.seen)).toHaveLength(5);

    const second = await collect(
      options(b, {
        state: first.state,
        pages: [...(options(b).pages ?? []), { url: `${b}/pages/copy.html` }],
      }),
    );
    web.routes.set("/pages/copy.html", file(fixture("brookings-article.html"), HTML));
    expect(second.articles).toEqual([]);
    expect(second.notModified.map((u) => u.replace(b, "")).sort()).toEqual([
      "/feeds/heise.atom",
      "/feeds/us.rss",
      "/feeds/world.rss",
      "/pages/notice.html",
      "/pages/resolution.html",
    ]);
    expect(web.hits(TRUMP)).toBe(1);
    expect(second.failures.length).toBeGreaterThanOrEqual(9);
  });

  it("keeps a republished article out and builds a changed one again, flagged", async () => {
    const web = await site();
    let text = fixture("zjdrc-notice-gbk.html");
    web.routes.set(
      "/pages/live.html",
      file(() => text, "text/html", false),
    );
    web.routes.set("/pages/copy.html", file(fixture("zjdrc-notice-gbk.html"), "text/html", false));
    const only = (url: string, state?: CollectOptions["state"]) =>
      collect(options(web.base, { feeds: [], pages: [{ url: `${web.base}${url}` }], state }));

    const first = await only("/pages/live.html");
    expect(first.failures).toEqual([]);
    expect(first.articles).toHaveLength(1);
    const again = await only("/pages/live.html", first.state);
    expect(again.articles).toEqual([]);
    expect(web.hits("/pages/live.html")).toBe(2);

    const copy = await only("/pages/copy.html", first.state);
    expect(copy.articles).toHaveLength(1);
    expect(copy.articles[0]?.canonicalUrl).toBe(`${web.base}/pages/copy.html`);

    text = Buffer.from(text.toString("latin1").replaceAll("246.79", "250.01"), "latin1");
    const changed = await only("/pages/live.html", first.state);
    expect(changed.articles).toHaveLength(1);
    expect(changed.articles[0]).toMatchObject({ changed: true, slug: first.articles[0]?.slug });
    expect(changed.articles[0]?.markdown).toContain("250.01亿元");
    expect(changed.articles[0]?.hash).not.toBe(first.articles[0]?.hash);
    expect(changed.state.seen[`${web.base}/pages/live.html`]).toBe(changed.articles[0]?.hash);
  });

  it("follows a listing page's links, and a failing listing does not stop the rest", async () => {
    const web = await site();
    const listing = `<html><body><ul class="news"><li><a href="/pages/notice.html">德清</a></li>
      <li><a href="resolution.html#x">决议</a></li><li><a href="/pages/notice.html">again</a></li></ul></body></html>`;
    web.routes.set("/pages/list.html", file(Buffer.from(listing), HTML));
    const result = await collect(
      options(web.base, {
        feeds: [],
        pages: [
          { url: `${web.base}/pages/list.html`, selector: ".news li" },
          { url: `${web.base}/pages/list.html`, selector: ".nothing-here a" },
        ],
      }),
    );
    expect(result.articles.map((a) => a.url.replace(web.base, ""))).toEqual([
      "/pages/notice.html",
      "/pages/resolution.html",
    ]);
    expect(result.failures).toEqual([
      { url: `${web.base}/pages/list.html`, reason: "no links match the selector" },
    ]);
  });

  it("refuses loopback when private addresses are not allowed", async () => {
    const web = await site();
    const result = await collect(
      options(web.base, { allowPrivate: false, pages: [], feeds: [{ url: `${web.base}/feeds/us.rss` }] }),
    );
    expect(result.articles).toEqual([]);
    expect(result.failures).toEqual([
      { url: `${web.base}/feeds/us.rss`, reason: "refused private address 127.0.0.1" },
    ]);
    expect(web.seen).toHaveLength(0);
  });
});
