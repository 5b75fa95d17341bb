/** End to end through the CLI, as the README's quick start runs it (on a copy of the default config). */
import { execFile } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findBrowser } from "../pipeline/render/browser.js";
import {
  type CliResult,
  cleanup,
  cli,
  DEFAULT_CONFIG,
  pdfPages,
  pdfText,
  SEED_SLUGS as slugs,
  tempDir,
  tempProject,
} from "./helpers.js";
import { gold } from "./seed.js";

const audiences = ["executive", "policymaker", "industry", "researcher"];

describe("npm run brief on the seed", () => {
  const dir = tempProject();
  const out = join(dir, "dist");
  let run: CliResult;
  beforeAll(async () => {
    run = await cli(["brief"], { cwd: dir });
  });
  afterAll(() => cleanup(dir));

  it("exits 0 with a line per brief and a summary", () => {
    expect(run.code, run.output).toBe(0);
    for (const slug of slugs)
      for (const a of audiences)
        expect(run.stdout).toMatch(new RegExp(`✓ ${slug}\\s+${a}\\s+html\\s+\\d+ ms\\s+pdf\\s+\\d+ ms`));
    expect(run.stdout).toMatch(/12 briefs built \(3 articles\), 0 unchanged, 0 failed/);
  });

  it("leaves 3 articles × 4 audiences × (HTML + PDF) and a brief.json each", () => {
    for (const slug of slugs) {
      const files = readdirSync(join(out, slug)).sort();
      expect(files).toEqual(["brief.json", ...audiences.flatMap((a) => [`${a}.html`, `${a}.pdf`])].sort());
    }
  });

  it("each PDF shows the article's Chinese title, page numbers, and embeds its fonts as subset CID TrueType (no Type 3)", async () => {
    for (const [i, slug] of slugs.entries()) {
      for (const a of audiences) {
        const file = join(out, slug, `${a}.pdf`);
        const text = (await pdfText(file)).replace(/\s+/g, "");
        expect(text, `${slug}/${a}`).toContain(gold.articles[i].title.replace(/\s+/g, ""));
        expect(text).toMatch(/第1页\/共\d+页/);
        const fonts = (await promisify(execFile)("pdffonts", [file])).stdout
          .split("\n")
          .slice(2)
          .filter(Boolean);
        expect(fonts.length).toBeGreaterThan(0);
        for (const f of fonts)
          expect(f).toMatch(/^[A-Z]{6}\+\S+\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes\s+/);
        expect(await pdfPages(file)).toBeGreaterThanOrEqual(1);
      }
    }
  });

  it("HTML briefs are standalone pages in Chinese", () => {
    const html = readFileSync(join(out, slugs[0] as string, "policymaker.html"), "utf8");
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('<html lang="zh">');
    expect(html).toContain(gold.articles[0].title);
    expect(html).not.toMatch(/<link|src="http/);
  });
});

describe("bad sources do not stop the others", () => {
  it("an empty source and a binary one are reported by name and skipped; every other brief is built; exit 1", async () => {
    const dir = tempProject();
    writeFileSync(join(dir, "sources", "empty.md"), "");
    writeFileSync(
      join(dir, "sources", "binary.md"),
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
    );
    try {
      const r = await cli(["brief", "--config", join(dir, "config.yaml"), "--audience", "executive"], {
        cwd: dir,
      });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/sources\/empty\.md.*skipped[\s\S]*empty file/);
      expect(r.stderr).toMatch(/sources\/binary\.md.*skipped[\s\S]*not a text file/);
      expect(r.stdout).toMatch(/3 briefs built \(3 articles\), 0 unchanged, 2 failed/);
      for (const slug of slugs) expect(existsSync(join(dir, "dist", slug, "executive.pdf"))).toBe(true);
      expect(existsSync(join(dir, "dist", "empty"))).toBe(false);
      expect(readdirSync(join(dir, "dist")).filter((f) => f.startsWith(".tmp"))).toEqual([]);
    } finally {
      cleanup(dir);
    }
  });
});

describe("a missing browser", () => {
  it("names what was looked for and how to install one", async () => {
    const empty = tempDir();
    try {
      await expect(findBrowser(null, { PUPPETEER_CACHE_DIR: empty }, ["/nowhere/chromium"])).rejects.toThrow(
        /no browser found.*PUPPETEER_EXECUTABLE_PATH.*\/nowhere\/chromium.*Puppeteer's cache/,
      );
      await expect(findBrowser(null, { PUPPETEER_CACHE_DIR: empty }, [])).rejects.toMatchObject({
        hint: expect.stringMatching(/apt-get install chromium-headless-shell`/),
      });
      await expect(findBrowser("/no/such/chrome")).rejects.toThrow(/browser.executablePath does not exist/);
    } finally {
      cleanup(empty);
    }
  });

  it("prefers PUPPETEER_EXECUTABLE_PATH over system browsers", async () => {
    const found = await findBrowser(null, { PUPPETEER_EXECUTABLE_PATH: process.execPath }, [
      "/usr/bin/chromium",
    ]);
    expect(found).toMatchObject({ path: process.execPath, from: "env" });
  });

  it("the CLI exits 1 with the fix when the configured browser is missing, and writes no PDF", async () => {
    const dir = tempProject();
    const config = readFileSync(join(dir, "config.yaml"), "utf8").replace(
      "executablePath: null",
      "executablePath: /no/such/chrome",
    );
    writeFileSync(join(dir, "config.yaml"), config);
    try {
      const r = await cli(["brief"], { cwd: dir });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/browser.executablePath does not exist: \/no\/such\/chrome/);
      expect(r.stderr).toMatch(/fix: install one/);
      expect(existsSync(join(dir, "dist", slugs[0] as string, "executive.pdf"))).toBe(false);
    } finally {
      cleanup(dir);
    }
  });
});

describe("faults of the machine (issue 14)", () => {
  it("a browser path that is not a program: exit 1 with the fix, the lock released, no PDF", async () => {
    const dir = tempProject(DEFAULT_CONFIG.replace("executablePath: null", "executablePath: /etc/passwd"));
    try {
      const r = await cli(["brief", "--audience", "executive"], { cwd: dir });
      expect(r.code, r.output).toBe(1);
      expect(r.stderr).toMatch(/browser\.executablePath is not an executable program: \/etc\/passwd/);
      expect(r.stderr).toMatch(/fix: point it at a Chrome or Chromium binary/);
      expect(existsSync(join(dir, "dist", ".brief.lock"))).toBe(false);
      expect(existsSync(join(dir, "dist", slugs[0] as string, "executive.pdf"))).toBe(false);
    } finally {
      cleanup(dir);
    }
  });

  it("an output folder that cannot be written: exit 1 naming the folder and the cause, not a crash", async () => {
    const dir = tempProject();
    try {
      const r = await cli(["brief", "--out", "/sys/brief-dist"], { cwd: dir });
      expect(r.code, r.output).toBe(1);
      expect(r.stderr).toMatch(/cannot write \/sys\/brief-dist: operation not permitted \(EPERM\)/);
      expect(r.stderr).not.toMatch(/this is a bug/);
    } finally {
      cleanup(dir);
    }
  });
});

describe("doctor", () => {
  it("checks browser, fonts, config, templates and sources", async () => {
    const dir = tempProject();
    const r = await cli(["doctor"], { cwd: dir });
    cleanup(dir);
    expect(r.code, r.output).toBe(0);
    for (const name of ["browser", "fonts", "config", "sources", "templates"])
      expect(r.stdout).toMatch(new RegExp(`✓ ${name}:`));
    expect(r.stdout).toMatch(
      /✓ fonts: body: Noto Serif SC \(@fontsource\/noto-serif-sc [\d.]+\); headings: Noto Sans SC/,
    );
  });

  it("prints the fix for a broken config", async () => {
    const dir = tempProject();
    writeFileSync(join(dir, "config.yaml"), "audiences: {}\n");
    try {
      const r = await cli(["doctor", "--config", join(dir, "config.yaml")], { cwd: dir });
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/✗ config:[\s\S]*define at least one audience[\s\S]*fix:/);
    } finally {
      cleanup(dir);
    }
  });
});

describe("two sources with one name (issue 14, break 2)", () => {
  it("the second is refused with both paths named; the first is built once", async () => {
    const dir = tempProject(
      DEFAULT_CONFIG.replace("sources: sources/*.md", "sources: [sources/*.md, more/*.md]"),
      1,
    );
    try {
      mkdirSync(join(dir, "more"));
      copyFileSync(join(dir, "sources", `${slugs[0]}.md`), join(dir, "more", `${slugs[0]}.md`));
      const r = await cli(["brief", "--audience", "executive"], { cwd: dir });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(
        new RegExp(
          `two sources are both named "${slugs[0]}": more/${slugs[0]}\\.md and sources/${slugs[0]}\\.md`,
        ),
      );
      expect(r.stdout).toMatch(/1 briefs built \(1 articles\), 0 unchanged, 1 failed/);
    } finally {
      cleanup(dir);
    }
  });
});

describe("output outside the project (issue 14, break 11)", () => {
  it("the run's first line and doctor say where output and state go", async () => {
    const elsewhere = tempDir("brief-elsewhere-");
    const dir = tempProject(
      DEFAULT_CONFIG.replace("out: dist", `out: ${elsewhere}/dist`).replace(
        "state: .brief-state",
        `state: ${elsewhere}/state`,
      ),
      1,
    );
    try {
      const r = await cli(["brief", "--audience", "executive"], { cwd: dir });
      expect(r.code, r.output).toBe(0);
      const first = r.stdout.split("\n").slice(0, 2).join("\n");
      expect(first).toContain(`output goes to ${elsewhere}/dist, outside the project folder ${dir}`);
      expect(first).toContain(`state goes to ${elsewhere}/state, outside the project folder`);
      const doctor = await cli(["doctor"], { cwd: dir });
      expect(doctor.stdout).toMatch(
        new RegExp(`✓ output: output goes to ${elsewhere}/dist, outside the project folder`),
      );
    } finally {
      cleanup(dir, elsewhere);
    }
  });
});
