/** The HTTP verb: redirects, conditional GET, retries, timeouts, size cap, SSRF guard, User-Agent. */
import { afterEach, describe, expect, it } from "vitest";
import { checkAddress, isPublicAddress } from "../pipeline/fetch/address.js";
import { fetchUrl, type HttpOptions } from "../pipeline/fetch/http.js";
import { file, fixture, startWeb } from "./fetch-server.js";
import type { Closers } from "./servers.js";

const closers: Closers = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

/** Loopback allowed, fast retries, short timeouts. */
const FAST: HttpOptions = { allowPrivate: ["127.0.0.1"], retries: 2, retryBaseMs: 10, timeoutMs: 1000 };

describe("fetchUrl", () => {
  it("follows a redirect chain by hand and says where it ended", async () => {
    const web = await startWeb(closers);
    web.routes.set("/a", (_q, s) => s.writeHead(301, { location: "/b" }).end());
    web.routes.set("/b", (_q, s) => s.writeHead(302, { location: `${web.base}/c` }).end());
    web.routes.set("/c", (_q, s) => s.writeHead(307, { location: "d" }).end());
    web.routes.set("/d", file(fixture("gmw-article.html"), "text/html; charset=utf-8"));
    const r = await fetchUrl(`${web.base}/a`, FAST);
    expect(r.ok && !r.notModified && r.finalUrl).toBe(`${web.base}/d`);
    expect(r.ok && !r.notModified && r.body.length).toBe(fixture("gmw-article.html").length);
  });

  it("stops after 5 redirects", async () => {
    const web = await startWeb(closers);
    for (let i = 0; i < 7; i++)
      web.routes.set(`/r${i}`, (_q, s) => s.writeHead(302, { location: `/r${i + 1}` }).end());
    const r = await fetchUrl(`${web.base}/r0`, FAST);
    expect(r).toMatchObject({ ok: false, reason: "too many redirects" });
  });

  it("sends the validators back and gets 304 on the second fetch", async () => {
    const web = await startWeb(closers);
    web.routes.set("/feed", file(fixture("guardian.rss"), "application/rss+xml"));
    const first = await fetchUrl(`${web.base}/feed`, FAST);
    expect(first.ok && !first.notModified).toBe(true);
    const validators = first.ok ? first.validators : {};
    expect(validators.etag).toMatch(/^"/);
    const second = await fetchUrl(`${web.base}/feed`, { ...FAST, validators });
    expect(second).toMatchObject({ ok: true, notModified: true, status: 304, validators });
    expect(web.seen[1]?.headers["if-none-match"]).toBe(validators.etag);
    expect(web.seen[1]?.headers["if-modified-since"]).toBe(validators.lastModified);
  });

  it("names the project in the User-Agent", async () => {
    const web = await startWeb(closers);
    web.routes.set("/", file(Buffer.from("<p>x</p>"), "text/html"));
    await fetchUrl(`${web.base}/`, FAST);
    expect(web.seen[0]?.headers["user-agent"]).toMatch(/^policy-brief\/\d+\.\d+\.\d+/);
  });

  it("never retries a 404", async () => {
    const web = await startWeb(closers);
    const r = await fetchUrl(`${web.base}/missing`, FAST);
    expect(r).toMatchObject({ ok: false, reason: "http 404", status: 404 });
    expect(web.hits("/missing")).toBe(1);
  });

  it("retries a 500 and gets the 200 after it", async () => {
    const web = await startWeb(closers);
    let calls = 0;
    web.routes.set("/flaky", (req, res) => {
      calls++;
      if (calls === 1) res.writeHead(500).end("oops");
      else file(fixture("heise.atom"), "application/atom+xml")(req, res);
    });
    const r = await fetchUrl(`${web.base}/flaky`, FAST);
    expect(r.ok).toBe(true);
    expect(calls).toBe(2);
  });

  it("gives up on a server that keeps failing, with its status", async () => {
    const web = await startWeb(closers);
    web.routes.set("/down", (_q, s) => s.writeHead(503).end());
    const r = await fetchUrl(`${web.base}/down`, FAST);
    expect(r).toMatchObject({ ok: false, reason: "http 503", status: 503 });
    expect(web.hits("/down")).toBe(3);
  });

  it("retries after a connection reset", async () => {
    const web = await startWeb(closers);
    let calls = 0;
    web.routes.set("/reset", (req, res) => {
      calls++;
      if (calls === 1) req.socket.destroy();
      else file(Buffer.from("<p>back</p>"), "text/html")(req, res);
    });
    const r = await fetchUrl(`${web.base}/reset`, FAST);
    expect(r.ok).toBe(true);
    expect(calls).toBe(2);
  });

  it("times out a response that stalls, after retrying it", async () => {
    const web = await startWeb(closers);
    web.routes.set("/stall", (_q, res) => {
      res.writeHead(200, { "content-type": "text/html" });
      res.write("<html><body><p>start");
    });
    const r = await fetchUrl(`${web.base}/stall`, { ...FAST, timeoutMs: 150, retries: 1 });
    expect(r).toMatchObject({ ok: false, reason: "timeout" });
    expect(web.hits("/stall")).toBe(2);
  });

  it("refuses a body over the size cap, announced or streamed", async () => {
    const web = await startWeb(closers);
    const page = fixture("brookings-article.html");
    web.routes.set("/big", file(page, "text/html"));
    web.routes.set("/chunked", (_q, res) => {
      res.writeHead(200, { "content-type": "text/html" });
      for (let i = 0; i < 8; i++) res.write(page.subarray(i * 20_000, (i + 1) * 20_000));
      res.end();
    });
    const options = { ...FAST, sizeCap: 64 * 1024 };
    expect(await fetchUrl(`${web.base}/big`, options)).toMatchObject({ ok: false, reason: "too big" });
    expect(await fetchUrl(`${web.base}/chunked`, options)).toMatchObject({ ok: false, reason: "too big" });
    expect(await fetchUrl(`${web.base}/big`, FAST)).toMatchObject({ ok: true });
  });

  it("fails what is not HTML when HTML was asked for", async () => {
    const web = await startWeb(closers);
    web.routes.set("/logo.png", file(Buffer.from([0x89, 0x50, 0x4e, 0x47]), "image/png"));
    const r = await fetchUrl(`${web.base}/logo.png`, { ...FAST, accept: "html" });
    expect(r).toMatchObject({ ok: false, reason: "not html" });
  });

  it("refuses loopback unless allowed, by address and by name", async () => {
    const web = await startWeb(closers);
    web.routes.set("/", file(Buffer.from("<p>x</p>"), "text/html"));
    expect(await fetchUrl(`${web.base}/`)).toMatchObject({
      ok: false,
      reason: "refused private address 127.0.0.1",
    });
    const byName = await fetchUrl(`http://localhost:${web.port}/`);
    expect(byName.ok).toBe(false);
    expect(!byName.ok && byName.reason).toMatch(/^refused private address (127\.0\.0\.1|::1)$/);
    expect(await fetchUrl(`http://localhost:${web.port}/`, { allowPrivate: ["localhost"] })).toMatchObject({
      ok: true,
    });
    expect(web.seen).toHaveLength(1);
  });

  it("refuses a redirect from an allowed host to a private one", async () => {
    const web = await startWeb(closers);
    web.routes.set("/hop", (_q, s) =>
      s.writeHead(302, { location: `http://127.0.0.2:${web.port}/inside` }).end(),
    );
    web.routes.set("/hop6", (_q, s) =>
      s.writeHead(302, { location: `http://[::ffff:10.0.0.1]:${web.port}/` }).end(),
    );
    expect(await fetchUrl(`${web.base}/hop`, FAST)).toMatchObject({
      reason: "refused private address 127.0.0.2",
    });
    expect(await fetchUrl(`${web.base}/hop6`, FAST)).toMatchObject({
      reason: "refused private address 10.0.0.1",
    });
    expect(web.hits("/inside")).toBe(0);
  });

  it("refuses schemes other than http and https, also on a redirect", async () => {
    const web = await startWeb(closers);
    web.routes.set("/to-file", (_q, s) => s.writeHead(302, { location: "file:///etc/passwd" }).end());
    expect(await fetchUrl("file:///etc/passwd", FAST)).toMatchObject({
      ok: false,
      reason: "refused scheme file",
    });
    expect(await fetchUrl("ftp://example.org/x", FAST)).toMatchObject({ reason: "refused scheme ftp" });
    expect(await fetchUrl(`${web.base}/to-file`, FAST)).toMatchObject({ reason: "refused scheme file" });
  });

  it("says dns when a name does not resolve", async () => {
    expect(await fetchUrl("http://no-such-host.invalid/", { retries: 0 })).toMatchObject({
      ok: false,
      reason: "dns",
    });
  });
});

describe("addresses", () => {
  it.each([
    ["8.8.8.8", true],
    ["93.184.216.34", true],
    ["2606:4700:4700::1111", true],
    ["127.0.0.1", false],
    ["10.1.2.3", false],
    ["172.16.0.1", false],
    ["192.168.1.1", false],
    ["169.254.169.254", false],
    ["100.64.0.1", false],
    ["0.0.0.0", false],
    ["224.0.0.1", false],
    ["255.255.255.255", false],
    ["::1", false],
    ["::", false],
    ["fe80::1", false],
    ["fc00::1", false],
    ["fd12:3456::1", false],
    ["ff02::1", false],
    ["::ffff:127.0.0.1", false],
    ["::ffff:192.168.0.1", false],
    ["::ffff:8.8.8.8", true],
  ])("%s public: %s", (address, expected) => {
    expect(isPublicAddress(address)).toBe(expected);
  });

  it("allows private addresses by host, address or CIDR when told", () => {
    expect(() => checkAddress("10.0.0.5", "intranet", ["10.0.0.0/8"])).not.toThrow();
    expect(() => checkAddress("10.0.0.5", "intranet", ["intranet"])).not.toThrow();
    expect(() => checkAddress("fd00::5", "x", ["fd00::/8"])).not.toThrow();
    expect(() => checkAddress("10.0.0.5", "intranet", ["192.168.0.0/16", "127.0.0.1"])).toThrow(
      "refused private address 10.0.0.5",
    );
    expect(() => checkAddress("10.0.0.5", "intranet", true)).not.toThrow();
  });
});
