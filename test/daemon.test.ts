import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cleanup, ROOT, SEED, sharedRenderer, tempProject } from "./helpers.js";
import { jobRunner, waitFor, withJobs } from "./jobs.js";

const renderer = sharedRenderer();

const job = jobRunner(renderer);

describe("the inbox", () => {
  it("ingests a dropped page, moves bad files to failed/ with a reason, and goes on", async () => {
    const text = withJobs(
      "  outbox:\n    type: folder\n    path: outbox\n",
      '  daily:\n    cron: "0 8 * * *"\n    audiences: [executive]\n    inbox: inbox\n    deliver: [outbox]\n',
    );
    const dir = tempProject(text);
    try {
      for (const f of readdirSync(join(dir, "sources")))
        if (f.endsWith(".md")) rmSync(join(dir, "sources", f));
      mkdirSync(join(dir, "inbox"));
      writeFileSync(join(dir, "inbox", "page.txt"), readFileSync(SEED));
      writeFileSync(join(dir, "inbox", "empty.txt"), "");
      writeFileSync(
        join(dir, "inbox", "photo.txt"),
        Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0, 1]),
      );
      writeFileSync(join(dir, "inbox", "noise.txt"), "]]\n\n——\n");
      const r = await job(dir, "daily");
      expect(r.record.outcome, r.output).toBe("ok");
      expect(readdirSync(join(dir, "inbox", "processed"))).toEqual(["page.txt"]);
      expect(readdirSync(join(dir, "inbox", "failed")).sort()).toEqual(
        [
          "empty.txt",
          "empty.txt.reason.txt",
          "noise.txt",
          "noise.txt.reason.txt",
          "photo.txt",
          "photo.txt.reason.txt",
        ].sort(),
      );
      expect(readFileSync(join(dir, "inbox", "failed", "empty.txt.reason.txt"), "utf8")).toMatch(
        /empty\.txt: empty file/,
      );
      expect(readFileSync(join(dir, "inbox", "failed", "photo.txt.reason.txt"), "utf8")).toMatch(
        /photo\.txt: not a text file/,
      );
      expect(readFileSync(join(dir, "inbox", "failed", "noise.txt.reason.txt"), "utf8")).toMatch(
        /noise\.txt: no article found/,
      );
      expect(readdirSync(join(dir, "sources")).filter((f) => f.endsWith(".md"))).toHaveLength(3);
      expect(readdirSync(join(dir, "outbox"))).toHaveLength(3);
    } finally {
      cleanup(dir);
    }
  });
});

describe("the daemon", () => {
  it("fires on a seconds-level cron, delivers, skips an overlapping tick, and stops cleanly on SIGTERM", async () => {
    const text = withJobs(
      "  outbox:\n    type: folder\n    path: outbox\n",
      '  fast:\n    cron: "*/2 * * * * *"\n    timezone: UTC\n    audiences: [executive]\n    deliver: [outbox]\n    catchUpMinutes: 0\n',
    );
    const dir = tempProject(text);
    const child = spawn(process.execPath, [join(ROOT, "pipeline/bin.mjs"), "schedule"], {
      cwd: dir,
      env: { ...process.env, BRIEF_JOB_DELAY_MS: "3000" },
    });
    let out = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d;
    });
    child.stderr.on("data", (d: Buffer) => {
      out += d;
    });
    const events = () =>
      out
        .split("\n")
        .filter((l) => l.startsWith("{"))
        .map((l) => JSON.parse(l) as { event: string; job?: string; outcome?: string });
    try {
      await waitFor(
        () => events().some((e) => e.event === "run.end") && events().some((e) => e.event === "tick.skipped"),
      );
      expect(events().map((e) => e.event)).toContain("daemon.start");
      expect(events().find((e) => e.event === "run.end")?.outcome).toBe("ok");
      expect(events().some((e) => e.event === "tick.skipped")).toBe(true);
      expect(readdirSync(join(dir, "outbox"))).toHaveLength(3);
      child.kill("SIGTERM");
      const code = await new Promise<number | null>((r) => child.on("exit", r));
      expect(code).toBe(0);
      const names = events().map((e) => e.event);
      expect(names.at(-1)).toBe("daemon.stop");
      expect(names.filter((n) => n === "run.start").length).toBe(names.filter((n) => n === "run.end").length);
      expect(existsSync(join(dir, "dist", ".brief.lock"))).toBe(false);
    } finally {
      child.kill("SIGKILL");
      cleanup(dir);
    }
  });

  it("after a restart, a run missed within the grace window is caught up once, never twice", async () => {
    const missed = new Date(Date.now() - 3 * 60_000);
    const cronExpr = `${missed.getUTCMinutes()} ${missed.getUTCHours()} * * *`;
    const text = withJobs(
      "  outbox:\n    type: folder\n    path: outbox\n",
      `  once:\n    cron: "${cronExpr}"\n    timezone: UTC\n    audiences: [executive]\n    deliver: [outbox]\n    catchUpMinutes: 30\n`,
    );
    const dir = tempProject(text);
    try {
      const runDaemon = async () => {
        const child = spawn(process.execPath, [join(ROOT, "pipeline/bin.mjs"), "schedule", "--log", "json"], {
          cwd: dir,
        });
        let out = "";
        child.stdout.on("data", (d: Buffer) => {
          out += d;
        });
        await waitFor(() => out.includes('"daemon.start"'));
        if (out.includes('"catch-up"')) await waitFor(() => out.includes('"run.end"'));
        child.kill("SIGTERM");
        await new Promise((r) => child.on("exit", r));
        return out;
      };
      const first = await runDaemon();
      expect(first).toMatch(/"event":"catch-up","job":"once","missed":"[^"]+"/);
      expect(first).toMatch(/"event":"run.end","job":"once"/);
      const second = await runDaemon();
      expect(second).not.toMatch(/"catch-up"/);
      expect(second).not.toMatch(/"run.start"/);
    } finally {
      cleanup(dir);
    }
  });
});
