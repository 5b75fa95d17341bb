import { createHmac } from "node:crypto";
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { cleanup, cli, pdfText, ROOT, sharedRenderer, tempDir, tempProject } from "./helpers.js";
import { jobRunner, withJobs } from "./jobs.js";
import { startHttp as startHttpOn, startSmtp as startSmtpOn } from "./servers.js";

const renderer = sharedRenderer();
const job = jobRunner(renderer);

const titles = JSON.parse(readFileSync(join(ROOT, "test/fixtures/seed.gold.json"), "utf8")).articles.map(
  (a: { title: string }) => a.title,
);
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

const startSmtp = async () => {
  const smtp = await startSmtpOn(closers, {
    onAuth(auth, _session, callback) {
      if (auth.username === "briefs" && auth.password === "s3cret") callback(null, { user: auth.username });
      else callback(new Error("bad credentials"));
    },
  });
  return smtp;
};
const startHttp = (status = 200) => startHttpOn(closers, status);

const env = { SMTP_USER: "briefs", SMTP_PASS: "s3cret", HOOK_SECRET: "hook-secret" };

describe("jobs refused at start-up", () => {
  it.each([
    {
      name: "invalid cron",
      jobs: '  bad:\n    cron: "61 * * * *"\n    deliver: [outbox]\n',
      error: /config\.yaml:(\d+): jobs\.bad\.cron: invalid cron expression "61 \* \* \* \*"/,
      line: /cron: "61/,
    },
    {
      name: "unknown time zone",
      jobs: '  bad:\n    cron: "0 8 * * *"\n    timezone: Mars/Olympus\n    deliver: [outbox]\n',
      error: /config\.yaml:(\d+): jobs\.bad\.timezone: unknown time zone "Mars\/Olympus"/,
      line: /Mars/,
    },
    {
      name: "unknown audience",
      jobs: '  bad:\n    cron: "0 8 * * *"\n    audiences: [executive, ministers]\n    deliver: [outbox]\n',
      error: /config\.yaml:(\d+): jobs\.bad\.audiences\.1: unknown audience "ministers"/,
      line: /ministers/,
    },
    {
      name: "unknown channel",
      jobs: '  bad:\n    cron: "0 8 * * *"\n    deliver: [outbox, fax]\n',
      error: /config\.yaml:(\d+): jobs\.bad\.deliver\.1: unknown channel "fax"/,
      line: /fax/,
    },
  ])("$name: exit 2 with the config line", async ({ jobs, error, line }) => {
    const text = withJobs("  outbox:\n    type: folder\n    path: outbox\n", jobs);
    const dir = tempProject(text);
    try {
      const runs = await Promise.all([cli(["schedule"], { cwd: dir }), cli(["run", "bad"], { cwd: dir })]);
      for (const r of runs) {
        expect(r.code, r.output).toBe(2);
        const m = error.exec(r.stderr);
        expect(m, r.stderr).not.toBeNull();
        expect(text.split("\n")[Number(m?.[1]) - 1]).toMatch(line);
      }
    } finally {
      cleanup(dir);
    }
  });

  it("a missing credentials variable: refused at start-up with the line, not at send time", async () => {
    const text = withJobs(
      "  mail:\n    type: email\n    host: 127.0.0.1\n    port: 2525\n    userEnv: SMTP_USER\n    passEnv: SMTP_PASS_MISSING\n    from: briefs@example.org\n    recipients:\n      executive: [a@example.org]\n",
      '  daily:\n    cron: "0 8 * * *"\n    deliver: [mail]\n',
    );
    const dir = tempProject(text, 1);
    try {
      const r = await cli(["schedule"], { cwd: dir, env });
      expect(r.code).toBe(2);
      const m =
        /config\.yaml:(\d+): channels\.mail\.passEnv: environment variable SMTP_PASS_MISSING .*is not set/.exec(
          r.stderr,
        );
      expect(m, r.stderr).not.toBeNull();
      expect(text.split("\n")[Number(m?.[1]) - 1]).toMatch(/SMTP_PASS_MISSING/);
      expect((await cli(["brief", "--audience", "executive"], { cwd: dir })).code).toBe(0);
    } finally {
      cleanup(dir);
    }
  });

  it("--list prints each job's next run times in its time zone", async () => {
    const dir = tempProject();
    const r = await cli(["schedule", "--list", "--count", "2"], { cwd: dir });
    cleanup(dir);
    expect(r.code, r.output).toBe(0);
    expect(r.stdout).toMatch(/morning {2}0 8 \* \* 1-5 {2}\(Asia\/Shanghai\)/);
    expect(r.stdout).toMatch(/\d{4}-\d\d-\d\d 08:00:00 Asia\/Shanghai\n.*08:00:00 Asia\/Shanghai/);
  });
});

describe("a job delivers", () => {
  it("e-mail to a real SMTP server (one per audience, PDFs attached) and a signed webhook; nothing is sent twice", async () => {
    const smtp = await startSmtp();
    const hook = await startHttp();
    const text = withJobs(
      `  mail:\n    type: email\n    host: 127.0.0.1\n    port: ${smtp.port}\n    secure: false\n    userEnv: SMTP_USER\n    passEnv: SMTP_PASS\n    from: "政策简报 <briefs@example.org>"\n    recipients:\n      executive: [leader@example.org]\n      policymaker: [office@example.org, desk@example.org]\n  hook:\n    type: webhook\n    url: ${hook.url}\n    secretEnv: HOOK_SECRET\n`,
      '  daily:\n    cron: "0 8 * * *"\n    audiences: [executive, policymaker]\n    deliver: [mail, hook]\n',
    );
    const dir = tempProject(text);
    try {
      const r = await job(dir, "daily", { env });
      expect(r.record.outcome, r.output).toBe("ok");
      expect(smtp.mails).toHaveLength(2);
      const exec = smtp.mails.find((m) => m.to.includes("leader@example.org"));
      const policy = smtp.mails.find((m) => m.to.includes("office@example.org"));
      expect(policy?.to.sort()).toEqual(["desk@example.org", "office@example.org"]);
      expect(exec?.user).toBe("briefs");
      expect(exec?.parsed.subject).toBe("【领导速览】3 份政策简报 · daily");
      expect(exec?.parsed.attachments).toHaveLength(3);
      const tmp = tempDir();
      try {
        const texts: string[] = [];
        for (const [i, a] of (exec?.parsed.attachments ?? []).entries()) {
          expect(a.contentType).toBe("application/pdf");
          const file = join(tmp, `${i}.pdf`);
          writeFileSync(file, a.content);
          texts.push((await pdfText(file)).replace(/\s+/g, ""));
        }
        for (const title of titles)
          expect(texts.some((t) => t.includes(title.replace(/\s+/g, "")))).toBe(true);
      } finally {
        cleanup(tmp);
      }
      expect(hook.requests).toHaveLength(1);
      const request = hook.requests[0] as (typeof hook.requests)[number];
      const expected = `sha256=${createHmac("sha256", "hook-secret").update(request.body).digest("hex")}`;
      expect(request.headers["x-brief-signature"]).toBe(expected);
      const payload = JSON.parse(request.body.toString());
      expect(payload.job).toBe("daily");
      expect(payload.briefs).toHaveLength(6);
      expect(payload.briefs[0]).toMatchObject({
        title: expect.any(String),
        audience: expect.stringMatching(/executive|policymaker/),
      });

      // Unchanged briefs are not sent again; and if the job's state is lost (a crash before it was
      // saved), the delivery journal still knows what was sent.
      expect((await job(dir, "daily", { env })).record.outcome).toBe("ok");
      rmSync(join(dir, ".brief-state", "jobs.json"));
      const again = await job(dir, "daily", { env });
      expect(again.record.outcome, again.output).toBe("ok");
      expect(again.stdout).toMatch(/skipped \(already sent\)/);
      expect(smtp.mails).toHaveLength(2);
      expect(hook.requests).toHaveLength(1);
      const runs = await cli(["runs"], { cwd: dir });
      expect(runs.stdout.trim().split("\n")).toHaveLength(3);
      expect(readdirSync(join(dir, "dist", "runs"))).toHaveLength(3);
    } finally {
      cleanup(dir);
    }
  });

  it("SMTP refusing and a webhook answering 500: retried, recorded as failed, the outbox still delivers; the next run retries what failed", async () => {
    const smtp = await startSmtp();
    smtp.state.refuse = true;
    const hook = await startHttp(500);
    const text = withJobs(
      `  outbox:\n    type: folder\n    path: outbox\n  mail:\n    type: email\n    host: 127.0.0.1\n    port: ${smtp.port}\n    secure: false\n    from: briefs@example.org\n    recipients:\n      executive: [leader@example.org]\n  hook:\n    type: webhook\n    url: ${hook.url}\n`,
      '  daily:\n    cron: "0 8 * * *"\n    audiences: [executive]\n    deliver: [mail, hook, outbox]\n',
    );
    const dir = tempProject(text);
    try {
      const first = await job(dir, "daily", { env });
      expect(first.record.outcome).toBe("partial");
      expect(first.stdout).toMatch(/deliver: mail → leader@example\.org: failed \(.*550.*\) after 3 attempt/);
      expect(first.stdout).toMatch(/deliver: hook → .*: failed \(.*500.*\) after 3 attempt/);
      expect(readdirSync(join(dir, "outbox")).sort()).toEqual(
        titles.map((_: string, i: number) => `000_5f243a6afe7eb4cc-${i + 1}-executive.pdf`),
      );
      expect(hook.requests).toHaveLength(3);
      const record = JSON.parse(
        readFileSync(join(dir, "dist", "runs", readdirSync(join(dir, "dist", "runs"))[0] as string), "utf8"),
      );
      expect(record.outcome).toBe("partial");
      expect(record.deliveries.filter((d: { status: string }) => d.status === "failed")).toHaveLength(2);

      smtp.state.refuse = false;
      hook.state.status = 200;
      const second = await job(dir, "daily", { env });
      expect(second.record.outcome, second.output).toBe("ok");
      expect(second.stdout).toMatch(/deliver: mail → leader@example\.org: sent/);
      expect(second.stdout).toMatch(/deliver: hook → .*: sent/);
      expect(second.stdout).toMatch(/deliver: outbox: nothing new or changed/);
      expect(smtp.mails).toHaveLength(1);
    } finally {
      cleanup(dir);
    }
  });

  it("a dry run builds but sends nothing, and says what it would have sent; a digest joins the briefs per audience", async () => {
    const text = withJobs(
      "  outbox:\n    type: folder\n    path: outbox\n",
      '  daily:\n    cron: "0 8 * * *"\n    audiences: [executive]\n    deliver: [outbox]\n    digest: true\n',
    );
    const dir = tempProject(text);
    try {
      const dry = await cli(["run", "daily", "--dry-run"], { cwd: dir });
      expect(dry.code, dry.output).toBe(0);
      expect(dry.stdout).toMatch(/dry run: outbox would get 3 brief\(s\)/);
      expect(existsSync(join(dir, "outbox"))).toBe(false);
      const real = await job(dir, "daily");
      expect(real.record.outcome, real.output).toBe("ok");
      const files = readdirSync(join(dir, "outbox"));
      expect(files).toEqual(["digest-daily-executive.pdf"]);
      const digest = (await pdfText(join(dir, "outbox", files[0] as string))).replace(/\s+/g, "");
      expect(digest).toContain("目录");
      for (const title of titles) expect(digest).toContain(title.replace(/\s+/g, ""));
    } finally {
      cleanup(dir);
    }
  });
});
