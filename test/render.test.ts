import { spawn } from "node:child_process";
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseConfig } from "../pipeline/config/load.js";
import { findBrowser, launchBrowser } from "../pipeline/render/browser.js";
import { createRenderer } from "../pipeline/render/pool.js";
import { type Reporter, runBriefs } from "../pipeline/run/index.js";
import { acquireLock, LOCK } from "../pipeline/write/lock.js";
import {
  cleanup,
  cli,
  DEFAULT_CONFIG,
  onlyAudiences,
  pdfPages,
  ROOT,
  sharedRenderer,
  SEED_SLUGS as slugs,
  tempProject,
} from "./helpers.js";

const renderer = sharedRenderer();
const quiet = (): Reporter & { lines: string[] } => {
  const lines: string[] = [];
  return { lines, line: (t) => lines.push(t), warn: (t) => lines.push(t) };
};
const configOf = (dir: string, patch: (text: string) => string = (t) => t) => {
  const file = join(dir, "config.yaml");
  writeFileSync(file, patch(readFileSync(file, "utf8")));
  return parseConfig(readFileSync(file, "utf8"), file);
};

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

async function validPdfs(dir: string): Promise<void> {
  for (const slug of readdirSync(dir).filter((d) => d.startsWith("000_"))) {
    for (const f of readdirSync(join(dir, slug))) {
      expect(f.startsWith(".tmp-"), `${slug}/${f} is debris`).toBe(false);
      if (f.endsWith(".pdf")) expect(await pdfPages(join(dir, slug, f)), `${slug}/${f}`).toBeGreaterThan(0);
      if (f.endsWith(".html")) expect(readFileSync(join(dir, slug, f), "utf8")).toMatch(/<\/html>\s*$/);
    }
  }
}

describe("incremental builds", () => {
  it("rebuilds only what changed; a run where nothing changed launches no browser; --force rebuilds all", async () => {
    const dir = tempProject(onlyAudiences(DEFAULT_CONFIG, ["industry", "researcher"]));
    try {
      const config = await configOf(dir);
      const first = await runBriefs({ config, reporter: quiet(), renderer });
      expect(first.built).toHaveLength(6);
      expect(existsSync(join(dir, "dist", "index.html"))).toBe(true);
      expect(existsSync(join(dir, "dist", "feed.xml"))).toBe(true);

      const launchesBefore = renderer.launches;
      const again = await runBriefs({ config, reporter: quiet(), renderer });
      expect(again.built).toHaveLength(0);
      expect(again.skipped).toHaveLength(6);
      expect(renderer.launches).toBe(launchesBefore);
      expect(again.launches).toBe(0);

      appendFileSync(join(dir, "sources", `${slugs[1]}.md`), "\n补充一段新的内容，需要加强合作。\n");
      const afterSource = await runBriefs({ config, reporter: quiet(), renderer });
      expect(afterSource.built.map((b) => b.slug)).toEqual(Array(2).fill(slugs[1]));

      mkdirSync(join(dir, "my-templates", "audiences"), { recursive: true });
      writeFileSync(
        join(dir, "my-templates", "audiences", "industry.hbs"),
        "{{> bottom-line}}\n<p>产业版</p>\n",
      );
      const custom = await configOf(dir, (t) => t.replace("templates: null", "templates: my-templates"));
      const afterTemplate = await runBriefs({ config: custom, reporter: quiet(), renderer });
      expect(new Set(afterTemplate.built.map((b) => b.audience))).toEqual(new Set(["industry"]));
      expect(afterTemplate.built).toHaveLength(3);

      const budget = await configOf(dir, (t) => t.replace("pointChars: 200", "pointChars: 180"));
      const afterConfig = await runBriefs({ config: budget, reporter: quiet(), renderer });
      expect(new Set(afterConfig.built.map((b) => b.audience))).toEqual(new Set(["researcher"]));

      const forced = await runBriefs({
        config: budget,
        reporter: quiet(),
        renderer,
        force: true,
        only: [slugs[0] as string],
      });
      expect(forced.built).toHaveLength(2);
      await validPdfs(join(dir, "dist"));
    } finally {
      cleanup(dir);
    }
  });

  it("the archive lists every brief and the feed is Atom", async () => {
    const dir = tempProject();
    try {
      await runBriefs({
        config: await configOf(dir),
        reporter: quiet(),
        renderer,
        audiences: ["executive", "policymaker"],
      });
      const index = readFileSync(join(dir, "dist", "index.html"), "utf8");
      for (const slug of slugs) {
        expect(index).toContain(`href="${slug}/executive.pdf"`);
        expect(index).toContain(`href="${slug}/policymaker.html"`);
      }
      const feed = readFileSync(join(dir, "dist", "feed.xml"), "utf8");
      expect(feed).toMatch(
        /^<\?xml version="1.0" encoding="utf-8"\?>\n<feed xmlns="http:\/\/www.w3.org\/2005\/Atom">/,
      );
      expect(feed.match(/<entry>/g)).toHaveLength(6);
      for (const tag of ["id", "title", "updated"])
        expect(feed.match(new RegExp(`<${tag}>`, "g"))?.length).toBe(7);
      expect(feed).toContain("<author><name>");
      expect(feed).toMatch(
        /<link rel="enclosure" type="application\/pdf" href="000_5f243a6afe7eb4cc-1\/executive.pdf"\/>/,
      );
      // Well-formed XML: every element closes (checked by the browser's XML parser).
      const browser = await launchBrowser(await findBrowser(null));
      try {
        const page = await browser.newPage();
        const errors = await page.evaluate((xml) => {
          const doc = new DOMParser().parseFromString(xml, "application/xml");
          return [
            doc.getElementsByTagName("parsererror").length,
            doc.documentElement.namespaceURI,
            doc.getElementsByTagName("entry").length,
          ];
        }, feed);
        expect(errors).toEqual([0, "http://www.w3.org/2005/Atom", 6]);
      } finally {
        await browser.close();
      }
    } finally {
      cleanup(dir);
    }
  });
});

describe("the archive over time (issue 14)", () => {
  it("Atom ids are stable per article × audience; a forced rebuild of the same input keeps `updated`; removed audiences and sources are pruned", async () => {
    const dir = tempProject();
    try {
      const config = await configOf(dir);
      const audiences = ["executive", "industry"];
      await runBriefs({ config, reporter: quiet(), renderer, audiences });
      const feed = () => readFileSync(join(dir, "dist", "feed.xml"), "utf8");
      const idsAndUpdated = () =>
        [...feed().matchAll(/<id>(.*?)<\/id>\s*<title>.*?<\/title>\s*<updated>(.*?)<\/updated>/g)]
          .map((m) => `${m[1]} ${m[2]}`)
          .filter((l) => !l.includes(":archive "))
          .sort();
      const before = idsAndUpdated();
      expect(before).toHaveLength(6);
      expect(before[0]).toMatch(/^tag:policy-brief,2025:000_5f243a6afe7eb4cc-1\/executive /);
      await runBriefs({ config, reporter: quiet(), renderer, audiences, force: true });
      expect(idsAndUpdated()).toEqual(before);

      const fewer = await configOf(dir, (t) => t.replace(/\n {2}industry:\n( {4}.*\n)+/, "\n"));
      rmSync(join(dir, "sources", `${slugs[2]}.md`));
      const reporter = quiet();
      await runBriefs({ config: fewer, reporter, renderer });
      expect(reporter.lines.join("\n")).toMatch(/− 000_5f243a6afe7eb4cc-1\/industry: no longer produced/);
      expect(existsSync(join(dir, "dist", slugs[0] as string, "industry.pdf"))).toBe(false);
      expect(existsSync(join(dir, "dist", slugs[2] as string))).toBe(false);
      expect(feed()).not.toMatch(/\/industry</);
      expect(readFileSync(join(dir, "dist", "index.html"), "utf8")).not.toContain(slugs[2] as string);
    } finally {
      cleanup(dir);
    }
  });
});

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
      await validPdfs(join(dir, "dist"));
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
