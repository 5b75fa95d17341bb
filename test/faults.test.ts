import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { findBrowser, launchBrowser } from "../pipeline/render/browser.js";
import { createRenderer } from "../pipeline/render/pool.js";
import { runBriefs } from "../pipeline/run/index.js";
import { acquireLock, LOCK } from "../pipeline/write/lock.js";
import { cleanup, cli, ROOT, SEED_SLUGS as slugs, tempProject } from "./helpers.js";
import { configOf, quiet, validPdfs } from "./runs.js";

/** Processes in the groups of the given browser pids (Chromium runs as a detached group), read from /proc. */
function chromiumProcesses(groups: readonly number[]): number[] {
  const out: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (fields[0] === "Z") continue;
      if (groups.includes(Number(fields[2])) || groups.includes(Number(entry))) out.push(Number(entry));
    } catch {
      // gone
    }
  }
  return out;
}

describe("faults", () => {
  it("a template whose page never finishes loading times out, is retried once, is reported; the run finishes", async () => {
    const dir = tempProject();
    try {
      mkdirSync(join(dir, "my-templates", "audiences"), { recursive: true });
      writeFileSync(
        join(dir, "my-templates", "audiences", "hang.hbs"),
        "<p>{{brief.title}}</p><script>for(;;){}</script>\n",
      );
      const config = await configOf(dir, (t) =>
        t
          .replace("templates: null", "templates: my-templates")
          .replace("timeoutMs: 30000", "timeoutMs: 3000\n  javaScript: true")
          .replace("audiences:\n", "audiences:\n  hang:\n    template: hang\n"),
      );
      const reporter = quiet();
      const result = await runBriefs({
        config,
        reporter,
        audiences: ["hang", "executive"],
        only: [slugs[0] as string],
      });
      expect(result.built.map((b) => b.audience)).toEqual(["executive"]);
      expect(result.failed).toHaveLength(1);
      expect(result.failed[0]?.message).toMatch(
        /failed twice.*render timed out after 3000 ms: \S*000_5f243a6afe7eb4cc-1\.md → hang/,
      );
      expect(reporter.lines.join("\n")).toMatch(/render timed out after 3000 ms.*retrying once/);
    } finally {
      cleanup(dir);
    }
  });

  it("Chromium killed with SIGKILL mid-run: relaunched, every brief finished", async () => {
    const dir = tempProject();
    try {
      const config = await configOf(dir);
      const pids: number[] = [];
      let killed = false;
      const reporter = quiet();
      const launch = async () => {
        const b = await launchBrowser(await findBrowser(null));
        pids.push(b.process()?.pid ?? 0);
        return b;
      };
      const result = await runBriefs({
        config,
        launch,
        audiences: ["executive"],
        reporter: {
          ...reporter,
          line: (t) => {
            reporter.line(t);
            if (!killed && t.startsWith("✓")) {
              killed = true;
              process.kill(pids[0] as number, "SIGKILL");
            }
          },
        },
      });
      expect(killed).toBe(true);
      expect(result.failed).toEqual([]);
      expect(result.built).toHaveLength(3);
      expect(result.launches).toBeGreaterThanOrEqual(2);
      expect(chromiumProcesses(pids)).toEqual([]);
      await validPdfs(join(dir, "dist"));
    } finally {
      cleanup(dir);
    }
  });

  it("after 12 forced render timeouts, zero Chromium processes remain when the renderer closes", async () => {
    const found = await findBrowser(null);
    const own = createRenderer({ launch: () => launchBrowser(found), concurrency: 2 });
    const hang = "<!DOCTYPE html><html><body><script>for(;;){}</script></body></html>";
    let timeouts = 0;
    await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        own
          .render(hang, {
            label: `hang-${i}`,
            timeoutMs: 200,
            javaScript: true,
            pdf: {},
            onEvent: () => undefined,
          })
          .catch((e: Error) => {
            timeouts += (e.message.match(/timed out/g) ?? []).length + 1;
          }),
      ),
    );
    expect(timeouts).toBeGreaterThanOrEqual(12);
    await own.close();
    expect(chromiumProcesses(own.pids)).toEqual([]);
  });

  it("the pipeline killed mid-run: the next run finds no truncated file, takes over the stale lock and rebuilds what is missing", async () => {
    const dir = tempProject();
    try {
      const two = ["--audience", "executive", "policymaker"];
      const child = spawn(process.execPath, [join(ROOT, "pipeline/bin.mjs"), "brief", ...two], {
        cwd: dir,
        stdio: ["ignore", "pipe", "pipe"],
      });
      await new Promise<void>((resolve) => {
        let out = "";
        child.stdout.on("data", (d: Buffer) => {
          out += d.toString();
          if ((out.match(/✓/g) ?? []).length >= 1) resolve();
        });
        child.on("exit", () => resolve());
      });
      child.kill("SIGKILL");
      await new Promise((r) => child.on("exit", r));
      expect(existsSync(join(dir, "dist", LOCK))).toBe(true);
      // Killed between writing a temporary file and renaming it, a run may leave the temporary file.
      await validPdfs(join(dir, "dist"), { debris: true });
      const r = await cli(["brief", ...two], { cwd: dir });
      expect(r.code, r.output).toBe(0);
      expect(r.stderr).toMatch(/taking over a stale lock .* is no longer running/);
      const built = Number(/(\d+) briefs built/.exec(r.stdout)?.[1]);
      const unchanged = Number(/(\d+) unchanged/.exec(r.stdout)?.[1]);
      expect(built).toBeGreaterThan(0);
      expect(built + unchanged).toBe(6);
      expect(unchanged).toBeGreaterThanOrEqual(1);
      await validPdfs(join(dir, "dist"));
      for (const slug of slugs)
        expect(readdirSync(join(dir, "dist", slug)).filter((f) => f.endsWith(".pdf"))).toHaveLength(2);
    } finally {
      cleanup(dir);
    }
  });

  it("a run while another holds dist/: exits 1 with a clear message, or waits with --wait; nothing corrupt", async () => {
    const dir = tempProject();
    try {
      const release = await acquireLock(join(dir, "dist"));
      const refused = await cli(["brief", "--audience", "executive"], { cwd: dir });
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/another brief run \(pid \d+, started .*\) is writing .*dist/);
      expect(refused.stderr).toMatch(/fix: wait for it to finish/);
      expect(existsSync(join(dir, "dist", slugs[0] as string))).toBe(false);
      const child = spawn(
        process.execPath,
        [join(ROOT, "pipeline/bin.mjs"), "brief", "--audience", "executive", "--wait", "120"],
        {
          cwd: dir,
          stdio: ["ignore", "pipe", "pipe"],
        },
      );
      let out = "";
      const waiting = new Promise<void>((resolve) => {
        const on = (d: Buffer) => {
          out += d;
          if (/waiting for another brief run \(pid \d+\) to finish/.test(out)) resolve();
        };
        child.stdout.on("data", on);
        child.stderr.on("data", on);
      });
      await waiting;
      await release();
      const code = await new Promise<number>((resolve) => child.on("close", (c) => resolve(c ?? -1)));
      expect(code, out).toBe(0);
      expect(out).toMatch(/3 briefs built/);
      await validPdfs(join(dir, "dist"));
    } finally {
      cleanup(dir);
    }
  });
});
