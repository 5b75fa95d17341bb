import { createHmac, timingSafeEqual } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import type { IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { createServer as createNetServer } from "node:net";
import { join } from "node:path";
import type { SMTPServerOptions } from "smtp-server";
import { afterEach, describe, expect, it } from "vitest";
import { deliver } from "../pipeline/deliver/deliver.js";
import { openJournal } from "../pipeline/deliver/journal.js";
import { deliveryKey, hashFile } from "../pipeline/deliver/keys.js";
import { PermanentError, withRetry } from "../pipeline/deliver/retry.js";
import { ChannelSchema } from "../pipeline/deliver/schema.js";
import type { Channel, DeliveryBrief, DeliveryLog } from "../pipeline/deliver/types.js";
import { checkChannels } from "../pipeline/deliver/validate.js";
import { cleanup, pdfText, tempDir } from "./helpers.js";
import { startHttp as startHttpOn, startSmtp as startSmtpOn } from "./servers.js";

const dirs: string[] = [];
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
  cleanup(...dirs.splice(0));
});

/** A minimal valid one-page PDF showing `text` (ASCII) in Helvetica. */
function makePdf(text: string): Buffer {
  const content = `BT /F1 18 Tf 20 70 Td (${text.replace(/[()\\]/g, "\\$&")}) Tj ET`;
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 400 144] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  let out = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) out += `${String(offset).padStart(10, "0")} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, "latin1");
}

/** Writes `dist/<slug>/<audience>.pdf|.html` for each brief in a temp folder. */
async function makeBriefs(items: { slug: string; title: string; audience: string; text?: string }[]) {
  const dist = tempDir("brief-deliver-");
  dirs.push(dist);
  const briefs: DeliveryBrief[] = [];
  for (const item of items) {
    mkdirSync(join(dist, item.slug), { recursive: true });
    const pdf = join(dist, item.slug, `${item.audience}.pdf`);
    const html = join(dist, item.slug, `${item.audience}.html`);
    writeFileSync(pdf, makePdf(item.text ?? item.title));
    writeFileSync(html, `<h1>${item.title}</h1>`);
    briefs.push({
      slug: item.slug,
      title: item.title,
      audience: item.audience,
      pdf,
      html,
      hash: await hashFile(pdf),
    });
  }
  return { dist, briefs };
}

const startSmtp = (options: SMTPServerOptions = {}) => startSmtpOn(closers, options);
const startHttp = (status = 200) => startHttpOn(closers, status);

/** A loopback port with nothing listening. */
async function deadPort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function fakeSleep() {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
}

function memoryLog() {
  const lines: string[] = [];
  const log: DeliveryLog = { line: (t) => lines.push(t), warn: (t) => lines.push(`warn: ${t}`) };
  return { lines, log };
}

function journalFile(): string {
  const dir = tempDir("brief-journal-");
  dirs.push(dir);
  return join(dir, "state", "deliveries.jsonl");
}

/** A channel as the config schema gives it (defaults filled in). */
const ch = (raw: Record<string, unknown>): Channel => ChannelSchema.parse(raw);

const email = (port: number, extra: Record<string, unknown> = {}): Channel =>
  ch({
    type: "email",
    host: "127.0.0.1",
    port,
    secure: false,
    from: "Policy Brief <brief@example.org>",
    recipients: { executive: ["a@example.org", "b@example.org"] },
    ...extra,
  });

describe("e-mail channel", () => {
  it("mails each audience its PDFs as attachments over real SMTP, logging in with credentials from env", async () => {
    const smtp = await startSmtp({
      onAuth(auth, _session, callback) {
        if (auth.username === "brief" && auth.password === "s3cret") callback(null, { user: "brief" });
        else callback(new Error("bad credentials"));
      },
    });
    const { briefs } = await makeBriefs([
      { slug: "digital-trade", title: "Digital Trade", audience: "executive" },
      { slug: "green-finance", title: "Green/Finance", audience: "executive" },
      { slug: "digital-trade", title: "Digital Trade", audience: "researcher" },
    ]);
    const channel = email(smtp.port, {
      userEnv: "TEST_SMTP_USER",
      passEnv: "TEST_SMTP_PASS",
      recipients: {
        executive: ["a@example.org", "b@example.org"],
        researcher: ["r@example.org"],
        industry: ["i@example.org"],
      },
    });
    const outcomes = await deliver({
      job: "daily",
      runId: "run-1",
      briefs,
      channels: { mail: channel },
      journal: await openJournal(journalFile()),
      audienceTitles: { executive: "领导速览" },
      env: { TEST_SMTP_USER: "brief", TEST_SMTP_PASS: "s3cret" },
    });
    expect(outcomes.map((o) => [o.target, o.status, o.attempts])).toEqual([
      ["a@example.org, b@example.org", "sent", 1],
      ["r@example.org", "sent", 1],
    ]);
    expect(outcomes[0]?.briefs).toEqual(["digital-trade/executive", "green-finance/executive"]);
    expect(smtp.mails).toHaveLength(2);

    const exec = smtp.mails.find((m) => m.to.includes("a@example.org"));
    expect(exec?.user).toBe("brief");
    expect(exec?.to).toEqual(["a@example.org", "b@example.org"]);
    expect(exec?.parsed.subject).toBe("领导速览：2 份简报");
    expect(exec?.parsed.from?.value[0]?.address).toBe("brief@example.org");
    const key = deliveryKey("daily", "mail", "a@example.org, b@example.org", briefs.slice(0, 2));
    expect(exec?.parsed.messageId).toBe(`<${key}@policy-brief>`);
    expect(exec?.parsed.text).toMatch(/Digital Trade/);
    const attachments = exec?.parsed.attachments ?? [];
    expect(attachments.map((a) => a.filename)).toEqual([
      "Digital Trade-executive.pdf",
      "Green_Finance-executive.pdf",
    ]);
    const dir = tempDir("brief-attach-");
    dirs.push(dir);
    for (const [i, a] of attachments.entries()) {
      expect(a.contentType).toBe("application/pdf");
      expect(a.content.subarray(0, 5).toString("latin1")).toBe("%PDF-");
      expect(a.content.equals(readFileSync(briefs[i]?.pdf as string))).toBe(true);
      const file = join(dir, `${i}.pdf`);
      writeFileSync(file, a.content);
      expect(await pdfText(file)).toContain(briefs[i]?.title);
    }

    const researcher = smtp.mails.find((m) => m.to.includes("r@example.org"));
    expect(researcher?.parsed.subject).toBe("researcher：1 份简报");
    expect(researcher?.parsed.attachments.map((a) => a.filename)).toEqual(["Digital Trade-researcher.pdf"]);
  });

  it("links the PDFs instead of attaching them over maxAttachmentBytes, and fails without a baseUrl", async () => {
    const smtp = await startSmtp();
    const { briefs } = await makeBriefs([
      { slug: "digital-trade", title: "Digital Trade", audience: "executive" },
    ]);
    const outcomes = await deliver({
      job: "daily",
      runId: "run-1",
      briefs,
      channels: {
        linked: email(smtp.port, {
          maxAttachmentBytes: 100,
          baseUrl: "https://briefs.example.org/dist",
          subject: "{{job}}: {{count}} for {{audience}}",
        }),
        nobase: email(smtp.port, { maxAttachmentBytes: 100 }),
      },
      journal: await openJournal(journalFile()),
      retry: fakeSleep(),
    });
    expect(outcomes.map((o) => [o.channel, o.status, o.attempts])).toEqual([
      ["linked", "sent", 1],
      ["nobase", "failed", 1],
    ]);
    expect(outcomes[1]?.reason).toMatch(/over maxAttachmentBytes.*no baseUrl/);
    expect(smtp.mails).toHaveLength(1);
    const mail = smtp.mails[0]?.parsed;
    expect(mail?.subject).toBe("daily: 1 for executive");
    expect(mail?.attachments).toHaveLength(0);
    expect(mail?.text).toContain("https://briefs.example.org/dist/digital-trade/executive.pdf");
    expect(mail?.text).toContain("Digital Trade");
  });

  it("retries a refusing or dead SMTP server 3 times and reports it, while folder and webhook still deliver", async () => {
    const sessions = new Set<string>();
    const refusing = await startSmtp({
      onRcptTo(_address, session, callback) {
        sessions.add(session.id);
        callback(Object.assign(new Error("mailbox unavailable"), { responseCode: 550 }));
      },
    });
    const dead = await deadPort();
    const hook = await startHttp();
    const outbox = tempDir("brief-outbox-");
    dirs.push(outbox);
    const { briefs } = await makeBriefs([
      { slug: "digital-trade", title: "Digital Trade", audience: "executive" },
      { slug: "green-finance", title: "Green Finance", audience: "executive" },
    ]);
    const retry = fakeSleep();
    const { lines, log } = memoryLog();
    const outcomes = await deliver({
      job: "daily",
      runId: "run-1",
      briefs,
      channels: {
        refusing: email(refusing.port),
        dead: email(dead),
        outbox: { type: "folder", path: join(outbox, "out") },
        hook: ch({ type: "webhook", url: hook.url }),
      },
      journal: await openJournal(journalFile()),
      retry,
      log,
    });
    const byChannel = (name: string) => outcomes.filter((o) => o.channel === name);
    expect(byChannel("refusing")).toMatchObject([{ status: "failed", attempts: 3 }]);
    expect(byChannel("refusing")[0]?.reason).toMatch(/mailbox unavailable/);
    expect(sessions.size).toBe(3);
    expect(byChannel("dead")).toMatchObject([{ status: "failed", attempts: 3 }]);
    expect(byChannel("dead")[0]?.reason).toMatch(/ECONNREFUSED/);
    expect(retry.waits.sort((a, b) => a - b)).toEqual([200, 200, 800, 800]);
    expect(lines.some((l) => /refusing → .*attempt 1 failed.*retrying in 200 ms/.test(l))).toBe(true);

    expect(byChannel("outbox").map((o) => [o.status, o.target])).toEqual([
      ["sent", join(outbox, "out", "digital-trade-executive.pdf")],
      ["sent", join(outbox, "out", "green-finance-executive.pdf")],
    ]);
    expect(readdirSync(join(outbox, "out")).sort()).toEqual([
      "digital-trade-executive.pdf",
      "green-finance-executive.pdf",
    ]);
    expect(
      readFileSync(join(outbox, "out", "green-finance-executive.pdf")).equals(
        readFileSync(briefs[1]?.pdf ?? ""),
      ),
    ).toBe(true);
    expect(byChannel("hook")).toMatchObject([{ status: "sent", attempts: 1 }]);
    expect(hook.requests).toHaveLength(1);
  });

  it("fails at send time, without retrying, when a credential variable is not set", async () => {
    const smtp = await startSmtp();
    const { briefs } = await makeBriefs([
      { slug: "digital-trade", title: "Digital Trade", audience: "executive" },
    ]);
    const outcomes = await deliver({
      job: "daily",
      runId: "run-1",
      briefs,
      channels: { mail: email(smtp.port, { userEnv: "TEST_SMTP_USER", passEnv: "TEST_SMTP_PASS" }) },
      journal: await openJournal(journalFile()),
      env: { TEST_SMTP_USER: "brief" },
      retry: fakeSleep(),
    });
    expect(outcomes).toMatchObject([{ status: "failed", attempts: 1 }]);
    expect(outcomes[0]?.reason).toMatch(/TEST_SMTP_PASS/);
    expect(smtp.mails).toHaveLength(0);
  });
});

describe("webhook channel", () => {
  it("POSTs the run's briefs as JSON, signed with HMAC-SHA256, with the idempotency key", async () => {
    const hook = await startHttp();
    const { briefs } = await makeBriefs([
      { slug: "digital-trade", title: "数字贸易", audience: "executive" },
      { slug: "digital-trade", title: "数字贸易", audience: "researcher" },
    ]);
    const outcomes = await deliver({
      job: "daily",
      runId: "run-7",
      briefs,
      channels: { hook: ch({ type: "webhook", url: hook.url, secretEnv: "TEST_HOOK_SECRET" }) },
      journal: await openJournal(journalFile()),
      env: { TEST_HOOK_SECRET: "sh-secret" },
    });
    expect(outcomes).toEqual([
      {
        channel: "hook",
        target: hook.url,
        status: "sent",
        attempts: 1,
        briefs: ["digital-trade/executive", "digital-trade/researcher"],
      },
    ]);
    expect(hook.requests).toHaveLength(1);
    const { headers, body } = hook.requests[0] as { headers: IncomingHttpHeaders; body: Buffer };
    expect(headers["content-type"]).toBe("application/json");
    const expected = Buffer.from(`sha256=${createHmac("sha256", "sh-secret").update(body).digest("hex")}`);
    const signature = Buffer.from(String(headers["x-brief-signature"]));
    expect(signature.length === expected.length && timingSafeEqual(signature, expected)).toBe(true);
    expect(headers["x-brief-delivery"]).toBe(deliveryKey("daily", "hook", hook.url, briefs));
    const payload = JSON.parse(body.toString("utf8"));
    // Replay protection: the signed body carries the time it was sent (also in a header).
    expect(Math.abs(payload.timestamp - Date.now() / 1000)).toBeLessThan(3600);
    expect(headers["x-brief-timestamp"]).toBe(String(payload.timestamp));
    expect(payload).toEqual({
      job: "daily",
      runId: "run-7",
      timestamp: payload.timestamp,
      briefs: briefs.map(({ slug, title, audience, pdf, html, hash }) => ({
        slug,
        title,
        audience,
        pdf,
        html,
        hash,
      })),
    });
  });

  it("retries a 500, fails, and the next run sends what failed with the same key", async () => {
    const hook = await startHttp(500);
    const { briefs } = await makeBriefs([
      { slug: "digital-trade", title: "Digital Trade", audience: "executive" },
    ]);
    const file = journalFile();
    const run = async (runId: string) =>
      deliver({
        job: "daily",
        runId,
        briefs,
        channels: { hook: ch({ type: "webhook", url: hook.url }) },
        journal: await openJournal(file),
        retry: fakeSleep(),
      });
    const first = await run("run-1");
    expect(first).toMatchObject([{ status: "failed", attempts: 3 }]);
    expect(first[0]?.reason).toMatch(/HTTP 500 .*boom/);
    expect(hook.requests).toHaveLength(3);

    hook.state.status = 200;
    expect(await run("run-2")).toMatchObject([{ status: "sent", attempts: 1 }]);
    expect(hook.requests).toHaveLength(4);
    expect(JSON.parse(hook.requests[3]?.body.toString() ?? "{}").runId).toBe("run-2");
    expect(new Set(hook.requests.map((r) => r.headers["x-brief-delivery"])).size).toBe(1);

    expect(await run("run-3")).toMatchObject([{ status: "skipped", attempts: 0, reason: "already sent" }]);
    expect(hook.requests).toHaveLength(4);
  });

  it("does not retry a 4xx answer", async () => {
    const hook = await startHttp(404);
    const { briefs } = await makeBriefs([
      { slug: "digital-trade", title: "Digital Trade", audience: "executive" },
    ]);
    const outcomes = await deliver({
      job: "daily",
      runId: "run-1",
      briefs,
      channels: { hook: ch({ type: "webhook", url: hook.url }) },
      journal: await openJournal(journalFile()),
      retry: fakeSleep(),
    });
    expect(outcomes).toMatchObject([{ status: "failed", attempts: 1 }]);
    expect(outcomes[0]?.reason).toMatch(/HTTP 404/);
  });
});

describe("delivery journal", () => {
  it("sends nothing twice: a second run with the same briefs skips every unit", async () => {
    const smtp = await startSmtp();
    const hook = await startHttp();
    const outbox = tempDir("brief-outbox-");
    dirs.push(outbox);
    const { briefs } = await makeBriefs([
      { slug: "digital-trade", title: "Digital Trade", audience: "executive" },
    ]);
    const file = journalFile();
    const channels: Record<string, Channel> = {
      mail: email(smtp.port),
      hook: ch({ type: "webhook", url: hook.url }),
      outbox: { type: "folder", path: outbox },
    };
    const first = await deliver({
      job: "daily",
      runId: "r1",
      briefs,
      channels,
      journal: await openJournal(file),
    });
    expect(first.map((o) => o.status)).toEqual(["sent", "sent", "sent"]);
    const second = await deliver({
      job: "daily",
      runId: "r2",
      briefs,
      channels,
      journal: await openJournal(file),
    });
    expect(second.map((o) => [o.status, o.reason])).toEqual([
      ["skipped", "already sent"],
      ["skipped", "already sent"],
      ["skipped", "already sent"],
    ]);
    expect(smtp.mails).toHaveLength(1);
    expect(hook.requests).toHaveLength(1);
    // A new version of the PDF is a new delivery.
    const changed = briefs.map((b) => ({ ...b, hash: "0".repeat(64) }));
    const third = await deliver({
      job: "daily",
      runId: "r3",
      briefs: changed,
      channels,
      journal: await openJournal(file),
    });
    expect(third.map((o) => o.status)).toEqual(["sent", "sent", "sent"]);
    expect(hook.requests).toHaveLength(2);
  });

  it("redelivers once, with the same idempotency key, what a crash left started but unfinished", async () => {
    const smtp = await startSmtp();
    const hook = await startHttp();
    const { briefs } = await makeBriefs([
      { slug: "digital-trade", title: "Digital Trade", audience: "executive" },
    ]);
    const file = journalFile();
    const hookKey = deliveryKey("daily", "hook", hook.url, briefs);
    const mailKey = deliveryKey("daily", "mail", "a@example.org, b@example.org", briefs);
    const crashed = await openJournal(file);
    const info = { job: "daily", runId: "r1", briefs: ["digital-trade/executive"] };
    await crashed.begin(hookKey, { ...info, channel: "hook", target: hook.url });
    await crashed.begin(mailKey, { ...info, channel: "mail", target: "a@example.org, b@example.org" });

    const channels: Record<string, Channel> = {
      mail: email(smtp.port),
      hook: ch({ type: "webhook", url: hook.url }),
    };
    const journal = await openJournal(file);
    expect(journal.state(hookKey)).toBe("started");
    const { lines, log } = memoryLog();
    const outcomes = await deliver({ job: "daily", runId: "r2", briefs, channels, journal, log });
    expect(outcomes.map((o) => o.status)).toEqual(["sent", "sent"]);
    expect(lines.filter((l) => /stopped while delivering/.test(l))).toHaveLength(2);
    expect(hook.requests).toHaveLength(1);
    expect(hook.requests[0]?.headers["x-brief-delivery"]).toBe(hookKey);
    expect(smtp.mails[0]?.parsed.messageId).toBe(`<${mailKey}@policy-brief>`);

    const again = await deliver({
      job: "daily",
      runId: "r3",
      briefs,
      channels,
      journal: await openJournal(file),
    });
    expect(again.map((o) => o.status)).toEqual(["skipped", "skipped"]);
    expect(hook.requests).toHaveLength(1);
    expect(smtp.mails).toHaveLength(1);
  });

  it("tolerates a truncated last line and appends after it on a line of its own", async () => {
    const file = journalFile();
    mkdirSync(join(file, ".."), { recursive: true });
    const sent = (key: string) => JSON.stringify({ at: "2025-01-01T00:00:00Z", event: "sent", key });
    writeFileSync(file, `${sent("a")}\n{"at":"2025-01-01T00:00:01Z","event":"sta`);
    const journal = await openJournal(file);
    expect(journal.wasSent("a")).toBe(true);
    expect(journal.state("b")).toBeUndefined();
    await journal.begin("b", { job: "j", runId: "r", channel: "c", target: "t", briefs: [] });
    await journal.finish("b", "sent");
    const lines = readFileSync(file, "utf8").trimEnd().split("\n");
    expect(lines.map((l) => JSON.parse(l).event)).toEqual(["sent", "start", "sent"]);
    expect((await openJournal(file)).wasSent("b")).toBe(true);

    // A whole record that lost only its newline is kept.
    writeFileSync(file, sent("c"));
    const kept = await openJournal(file);
    expect(kept.wasSent("c")).toBe(true);
    await kept.finish("d", "failed", "boom");
    expect(
      readFileSync(file, "utf8")
        .trimEnd()
        .split("\n")
        .map((l) => JSON.parse(l).key),
    ).toEqual(["c", "d"]);
    const reopened = await openJournal(file);
    expect(reopened.state("d")).toBe("failed");
    // `sent` stays sent whatever follows.
    await reopened.finish("c", "failed");
    expect((await openJournal(file)).wasSent("c")).toBe(true);
  });
});

describe("withRetry", () => {
  it("backs off 200 ms × 4ⁿ and counts attempts; a PermanentError is not retried", async () => {
    const retry = fakeSleep();
    let calls = 0;
    const ok = await withRetry(async () => {
      if (++calls < 3) throw new Error(`flaky ${calls}`);
      return "done";
    }, retry);
    expect(ok).toEqual({ ok: true, value: "done", attempts: 3 });
    expect(retry.waits).toEqual([200, 800]);

    const failed = await withRetry(async () => {
      throw new Error("outer", { cause: new Error("connect ECONNREFUSED") });
    }, retry);
    expect(failed).toMatchObject({ ok: false, attempts: 3, reason: "outer: connect ECONNREFUSED" });

    const permanent = await withRetry(async () => {
      throw new PermanentError("no such file");
    }, retry);
    expect(permanent).toMatchObject({ ok: false, attempts: 1, reason: "no such file" });
  });
});

describe("channel checks", () => {
  const parse = (raw: unknown) => ChannelSchema.parse(raw);
  const good: Record<string, Channel> = {
    mail: parse({
      type: "email",
      host: "smtp.example.org",
      userEnv: "SMTP_USER",
      passEnv: "SMTP_PASS",
      from: "Brief <brief@example.org>",
      recipients: { executive: ["a@example.org", "Boss <boss@example.org>"] },
    }),
    hook: parse({ type: "webhook", url: "https://hooks.example.org/brief", secretEnv: "HOOK_SECRET" }),
    outbox: parse({ type: "folder", path: "/srv/outbox" }),
  };

  it("an e-mail channel without a port gets 587, or 465 with secure: true", () => {
    expect(good.mail).toMatchObject({ port: 587, secure: false });
    const base = {
      type: "email",
      host: "h",
      from: "a@example.org",
      recipients: { executive: ["b@example.org"] },
    };
    expect(parse({ ...base, secure: true })).toMatchObject({ port: 465 });
    expect(parse({ ...base, port: 2525 })).toMatchObject({ port: 2525 });
  });

  it("accepts good channels whose variables are set", () => {
    expect(checkChannels(good, { env: { SMTP_USER: "u", SMTP_PASS: "p", HOOK_SECRET: "s" } })).toEqual([]);
  });

  it("names each missing credential variable", () => {
    expect(checkChannels(good, { env: { SMTP_USER: "u" } })).toEqual([
      "mail.passEnv: environment variable SMTP_PASS (SMTP password) is not set",
      "hook.secretEnv: environment variable HOOK_SECRET (webhook secret) is not set",
    ]);
  });

  it("the schema reports bad addresses, URLs, empty recipient lists and a lone userEnv, each at its path", () => {
    const issues = (raw: unknown) =>
      (ChannelSchema.safeParse(raw).error?.issues ?? [])
        .map((i) => `${i.path.join(".")}: ${i.message}`)
        .join("\n");
    const mail = issues({
      type: "email",
      host: "smtp.example.org",
      from: "brief@example.org",
      userEnv: "SMTP_USER",
      recipients: { executive: ["ops-team", "a@b@c"], industry: [] },
      baseUrl: "not a url",
    });
    expect(mail).toContain("recipients.executive.0: not an e-mail address: ops-team");
    expect(mail).toContain("recipients.executive.1: not an e-mail address: a@b@c");
    expect(mail).toMatch(/recipients\.industry: .*at least 1/);
    expect(mail).toMatch(/baseUrl: Invalid url/);
    expect(issues({ type: "webhook", url: "ftp://example.org/x" })).toContain(
      "url: not an http(s) URL: ftp://example.org/x",
    );
    expect(issues({ type: "webhook", url: "::nope" })).toMatch(/url: Invalid url/);
    expect(issues({ type: "fax", number: 1 })).toMatch(
      /type: unknown channel type "fax": folder, email or webhook/,
    );
    const lone = issues({
      type: "email",
      host: "h",
      from: "a@example.org",
      userEnv: "U",
      recipients: { x: ["b@example.org"] },
    });
    expect(lone).toContain("passEnv: set both userEnv and passEnv, or neither");
  });

  it("start-up checks report unknown audiences and subject templates that do not fill", () => {
    const mail = parse({
      type: "email",
      host: "smtp.example.org",
      from: "brief@example.org",
      recipients: { reseacher: ["r@example.org"] },
      subject: "{{audienceTitel}}",
    });
    const text = checkChannels({ mail }, { audiences: ["executive", "researcher"], env: {} }).join("\n");
    expect(text).toMatch(/mail\.recipients\.reseacher: unknown audience "reseacher"/);
    expect(text).toMatch(/mail\.subject: e-mail subject template: .*audienceTitel/);
  });
});

describe("journal compaction (issue 14)", () => {
  it("a grown journal is compacted to one line per key on open; states survive; long-sent keys are dropped", async () => {
    const file = journalFile();
    mkdirSync(join(file, ".."), { recursive: true });
    const now = Date.now();
    const at = (daysAgo: number) => new Date(now - daysAgo * 86_400_000).toISOString();
    const lines: string[] = [];
    for (let i = 0; i < 600; i++) {
      lines.push(
        JSON.stringify({
          at: at(1),
          event: "start",
          key: `k${i}`,
          job: "j",
          runId: "r",
          channel: "c",
          target: "t",
          briefs: [],
        }),
      );
      lines.push(JSON.stringify({ at: at(1), event: i % 2 ? "sent" : "failed", key: `k${i}` }));
    }
    lines.push(JSON.stringify({ at: at(500), event: "sent", key: "ancient" }));
    lines.push(
      JSON.stringify({
        at: at(0),
        event: "start",
        key: "uncertain",
        job: "j",
        runId: "r",
        channel: "c",
        target: "t",
        briefs: [],
      }),
    );
    writeFileSync(file, `${lines.join("\n")}\n`);
    const journal = await openJournal(file);
    const after = readFileSync(file, "utf8").trimEnd().split("\n");
    expect(after).toHaveLength(601);
    expect(journal.state("k1")).toBe("sent");
    expect(journal.state("k2")).toBe("failed");
    expect(journal.state("uncertain")).toBe("started");
    expect(journal.state("ancient")).toBeUndefined();
    await journal.finish("k2", "sent");
    expect((await openJournal(file)).state("k2")).toBe("sent");
  });
});
