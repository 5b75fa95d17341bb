/**
 * Shared test helpers: temp projects made from the shipped default config (never your config.yaml),
 * the CLI run asynchronously, PDFs read as text without blocking, and one browser per test file.
 */
import { execFile, spawn } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import type { Browser } from "puppeteer-core";
import { afterAll } from "vitest";
import { parseDocument, type YAMLMap } from "yaml";
import { loadConfig } from "../pipeline/config/load.js";
import { findBrowser, launchBrowser } from "../pipeline/render/browser.js";
import { createRenderer, type Renderer } from "../pipeline/render/pool.js";
import { type Reporter, type RunOptions, runBriefs } from "../pipeline/run/index.js";

const run = promisify(execFile);

/** The project's root folder. */
export const ROOT = resolve(import.meta.dirname, "..");
/**
 * A copy of the project's seed as the tests know it (`test/fixtures/seed/sources/`: the three sources
 * and the raw page): tests never depend on what you add to or change in `sources/`.
 */
export const SEED_PROJECT = join(ROOT, "test/fixtures/seed");
/** The seed's sources. */
export const SEED_SOURCES = join(SEED_PROJECT, "sources");
/** The seed page. */
export const SEED = join(SEED_SOURCES, "raw/000_5f243a6afe7eb4cc.txt");
/** The shipped default config (tests never read the user's config.yaml). */
export const DEFAULT_CONFIG = readFileSync(join(ROOT, "pipeline/config/default-config.yaml"), "utf8");
/** A font file that covers Latin only (a slice of the packaged Noto Sans SC), for font tests. */
export const LATIN_FONT = join(
  ROOT,
  "node_modules/@fontsource/noto-sans-sc/files/noto-sans-sc-latin-400-normal.woff2",
);
/** The seed's article slugs. */
export const SEED_SLUGS = [1, 2, 3].map((n) => `000_5f243a6afe7eb4cc-${n}`);

/** Makes a temp folder; remove it with `cleanup`. */
export function tempDir(prefix = "brief-test-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Removes folders made by tempDir. */
export function cleanup(...dirs: string[]): void {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
}

/**
 * A file's throwaway projects, removed after its tests: `made` is the list (add other folders to it),
 * `project(config)` makes one (see tempProject).
 */
export function projects(): { made: string[]; project: (config?: string) => string } {
  const made: string[] = [];
  afterAll(() => cleanup(...made));
  const project = (config = DEFAULT_CONFIG) => {
    const dir = tempProject(config);
    made.push(dir);
    return dir;
  };
  return { made, project };
}

/**
 * Makes a throwaway project: config.yaml (given text, default: the shipped default config) and a copy
 * of the seed sources.
 * @param configText the config text
 * @param articles how many of the seed's three articles to copy (default all; fewer makes faster tests)
 */
export function tempProject(configText = DEFAULT_CONFIG, articles = 3): string {
  const dir = tempDir("brief-project-");
  cpSync(SEED_SOURCES, join(dir, "sources"), { recursive: true });
  for (const slug of SEED_SLUGS.slice(articles)) rmSync(join(dir, "sources", `${slug}.md`));
  writeFileSync(join(dir, "config.yaml"), configText);
  return dir;
}

/** What a CLI run gave. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  output: string;
}

/** Runs the CLI (`node pipeline/bin.mjs …`) in a child process, without blocking this one. */
export function cli(
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<CliResult> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [join(ROOT, "pipeline/bin.mjs"), ...args], {
      cwd: options.cwd ?? ROOT,
      env: { ...process.env, ...options.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d;
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d;
    });
    child.on("close", (code) => done({ code: code ?? -1, stdout, stderr, output: stdout + stderr }));
  });
}

/** Text of a PDF (poppler's pdftotext, layout kept). */
export async function pdfText(file: string): Promise<string> {
  return (await run("pdftotext", ["-layout", file, "-"], { maxBuffer: 64 * 2 ** 20 })).stdout;
}

/** Page count of a PDF (poppler's pdfinfo). */
export async function pdfPages(file: string): Promise<number> {
  const { stdout } = await run("pdfinfo", [file]);
  return Number(/Pages:\s+(\d+)/.exec(stdout)?.[1] ?? 0);
}

/** A reporter that keeps every line, for assertions. */
export function collector(): Reporter & { lines: string[]; warnings: string[]; text(): string } {
  const lines: string[] = [];
  const warnings: string[] = [];
  return {
    lines,
    warnings,
    line: (t) => lines.push(t),
    warn: (t) => warnings.push(t),
    text: () => [...lines, ...warnings].join("\n"),
  };
}

/**
 * One renderer (one browser) for a whole test file, launched on first use and closed after the file.
 * Call at the top of a file or describe block.
 * @param launched called with each browser launched (e.g. to watch its pages' requests)
 * @param env the browser's environment (default this process's)
 */
export function sharedRenderer(
  launched?: (browser: Browser) => void,
  env: NodeJS.ProcessEnv = process.env,
): Renderer {
  const renderer = createRenderer({
    launch: async () => {
      const browser = await launchBrowser(await findBrowser(null), { env }, { singleProcess: true });
      launched?.(browser);
      return browser;
    },
    concurrency: 2,
  });
  afterAll(() => renderer.close());
  return renderer;
}

/**
 * Builds a project in this process with the file's shared renderer.
 * @param dir the project folder (its config.yaml)
 * @param renderer the file's renderer
 * @param options more run options
 */
export async function build(dir: string, renderer: Renderer, options: Partial<RunOptions> = {}) {
  const reporter = collector();
  const config = await loadConfig(join(dir, "config.yaml"));
  const result = await runBriefs({ config, reporter, renderer, ...options });
  return { result, reporter, config };
}

/**
 * A config text keeping only the given audiences (fewer briefs for tests that do not need them all).
 * @param text the config text
 * @param keep the audience keys to keep
 */
export function onlyAudiences(text: string, keep: readonly string[]): string {
  const doc = parseDocument(text);
  const audiences = doc.get("audiences") as YAMLMap;
  for (const pair of [...audiences.items]) {
    const key = String((pair.key as { value?: unknown }).value ?? pair.key);
    if (!keep.includes(key)) audiences.delete(key);
  }
  return doc.toString();
}

/**
 * A fontconfig file that shows the browser the system's fonts except every font with Chinese glyphs
 * (any font holding 一 U+4E00): a machine without `fonts-noto-cjk`. (A config with no fonts at all is
 * no such machine: Chromium then loads no web font either.)
 * @param dir where to write it
 */
export function fontconfigWithoutCjk(dir: string): string {
  const file = join(dir, "fonts.conf");
  const system = process.env.FONTCONFIG_FILE ?? "/etc/fonts/fonts.conf";
  writeFileSync(
    file,
    `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">${system}</include>
  <selectfont><rejectfont>
    <pattern><patelt name="charset"><charset><int>0x4e00</int></charset></patelt></pattern>
  </rejectfont></selectfont>
</fontconfig>
`,
  );
  return file;
}
