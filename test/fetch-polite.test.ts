/** Politeness: robots.txt (Disallow/Allow, Crawl-delay, missing, unavailable) and the per-host queue. */
import { afterEach, describe, expect, it } from "vitest";
import { createHttpClient } from "../pipeline/fetch/http.js";
import { createPoliteness } from "../pipeline/fetch/politeness.js";
import { createRobots } from "../pipeline/fetch/robots.js";
import { file, startWeb } from "./fetch-server.js";
import type { Closers } from "./servers.js";

const closers: Closers = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

const UA = "policy-brief/0.1.0";

function client() {
  const c = createHttpClient({ allowPrivate: ["127.0.0.1", "localhost"], retries: 0, timeoutMs: 1000 });
  closers.push(() => c.close());
  return c;
}

describe("robots.txt", () => {
  it("honours Disallow and Allow for our User-Agent and for *, fetching robots.txt once", async () => {
    const web = await startWeb(closers);
    const rules = [
      "User-agent: *",
      "Disallow: /drafts/",
      "",
      "User-agent: policy-brief",
      "Disallow: /private/",
      "Allow: /private/open.html",
      "Crawl-delay: 0.02",
    ].join("\n");
    web.routes.set("/robots.txt", file(Buffer.from(rules), "text/plain"));
    const robots = createRobots({ client: client(), userAgent: UA });
    expect(await robots.check(`${web.base}/private/x.html`)).toEqual({
      allowed: false,
      reason: "robots.txt disallows",
    });
    expect(await robots.check(`${web.base}/private/open.html`)).toEqual({ allowed: true, crawlDelayMs: 20 });
    expect(await robots.check(`${web.base}/drafts/a.html`)).toMatchObject({ allowed: true });
    const other = createRobots({ client: client(), userAgent: "someone-else/1.0" });
    expect(await other.check(`${web.base}/drafts/a.html`)).toMatchObject({ allowed: false });
    expect(web.hits("/robots.txt")).toBe(2);
  });

  it("allows everything when robots.txt is missing, and nothing when it cannot be fetched", async () => {
    const web = await startWeb(closers);
    const robots = createRobots({ client: client(), userAgent: UA });
    expect(await robots.check(`${web.base}/a.html`)).toMatchObject({ allowed: true });
    const down = await startWeb(closers);
    down.routes.set("/robots.txt", (_q, s) => s.writeHead(503).end());
    expect(await robots.check(`${down.base}/a.html`)).toEqual({
      allowed: false,
      reason: "robots.txt unavailable (http 503)",
    });
  });

  it("raises the host's delay in the politeness queue to its Crawl-delay", async () => {
    const web = await startWeb(closers);
    web.routes.set("/robots.txt", file(Buffer.from("User-agent: *\nCrawl-delay: 0.05\n"), "text/plain"));
    web.routes.set("/p", file(Buffer.from("<p>x</p>"), "text/html"));
    const politeness = createPoliteness({ delayMs: 0 });
    const c = client();
    const robots = createRobots({ client: c, userAgent: UA, politeness });
    await robots.check(`${web.base}/p`);
    await politeness.run(`${web.base}/p`, () => c.fetch(`${web.base}/p`));
    await politeness.run(`${web.base}/p`, () => c.fetch(`${web.base}/p`));
    const [first, second] = web.seen.filter((s) => s.path === "/p");
    const firstEnd = web.ended.find((e) => e.path === "/p")?.at ?? 0;
    expect((second?.at ?? 0) - firstEnd).toBeGreaterThanOrEqual(40);
    expect(first).toBeDefined();
  });
});

describe("politeness", () => {
  it("runs one request at a time per host, spaced by the delay, and hosts in parallel", async () => {
    const web = await startWeb(closers);
    const inFlight = new Map<string, number>();
    const most = new Map<string, number>();
    let overall = 0;
    let mostOverall = 0;
    web.routes.set("/slow", (req, res) => {
      const host = req.headers.host ?? "";
      inFlight.set(host, (inFlight.get(host) ?? 0) + 1);
      overall++;
      most.set(host, Math.max(most.get(host) ?? 0, inFlight.get(host) ?? 0));
      mostOverall = Math.max(mostOverall, overall);
      setTimeout(() => {
        inFlight.set(host, (inFlight.get(host) ?? 0) - 1);
        overall--;
        res.writeHead(200, { "content-type": "text/html" }).end("<p>ok</p>");
      }, 80);
    });
    const c = client();
    const politeness = createPoliteness({ delayMs: 20 });
    const urls = [
      ...Array.from({ length: 3 }, () => `${web.base}/slow`),
      ...Array.from({ length: 3 }, () => `http://localhost:${web.port}/slow`),
    ];
    const results = await Promise.all(urls.map((u) => politeness.run(u, () => c.fetch(u))));
    expect(results.every((r) => r.ok)).toBe(true);
    expect([...most.values()]).toEqual([1, 1]);
    expect(mostOverall).toBe(2);
    const host = `127.0.0.1:${web.port}`;
    const starts = web.seen.filter((s) => s.path === "/slow" && s.host === host);
    const firstEnd = Math.min(...web.ended.filter((e) => e.path === "/slow").map((e) => e.at));
    expect((starts[1]?.at ?? 0) - firstEnd).toBeGreaterThanOrEqual(15);
  });

  it("keeps going after a task fails", async () => {
    const politeness = createPoliteness({ delayMs: 0 });
    const failed = politeness.run("http://h/a", () => Promise.reject(new Error("boom")));
    await expect(failed).rejects.toThrow("boom");
    expect(await politeness.run("http://h/b", async () => "next")).toBe("next");
  });
});
