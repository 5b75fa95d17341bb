/**
 * `brief doctor`: checks the browser, CJK fonts, config, templates and sources, and prints the fix for
 * each problem it finds.
 * @module
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { promisify } from "node:util";
import { createComposer } from "./compose/compose.js";
import { loadConfig } from "./config/load.js";
import type { Config } from "./config/schema.js";
import { describeError } from "./errors.js";
import { listSources, readSource } from "./read.js";
import { findBrowser, INSTALL_HINT, launchBrowser } from "./render/browser.js";
import { loadCues } from "./structure/cues.js";
import type { BriefModel } from "./structure/model.js";
import { structureSource } from "./structure/structure.js";

const run = promisify(execFile);

/** One check's outcome. */
export interface Check {
  name: string;
  ok: boolean;
  detail: string;
  fix?: string;
}

/** Lists CJK fonts fontconfig knows, or undefined when fc-list is missing. */
export async function cjkFonts(): Promise<string[] | undefined> {
  try {
    const { stdout } = await run("fc-list", [":lang=zh", "family"]);
    return stdout.split("\n").filter((l) => l.trim() !== "");
  } catch {
    return undefined;
  }
}

/** The browser: found, and it starts. */
async function checkBrowser(): Promise<Check> {
  let found: Awaited<ReturnType<typeof findBrowser>>;
  try {
    found = await findBrowser(null);
  } catch (error) {
    return {
      name: "browser",
      ok: false,
      detail: describeError(error).split("\n")[0] as string,
      fix: INSTALL_HINT,
    };
  }
  const detail = `${found.path} (${found.from}${found.headlessShell ? ", headless shell" : ""})`;
  try {
    const browser = await launchBrowser(found);
    const version = await browser.version();
    await browser.close();
    return { name: "browser", ok: true, detail: `${detail}, version ${version}` };
  } catch (error) {
    const why = (error as Error).message.split("\n")[0];
    return { name: "browser", ok: false, detail: `${detail} does not start: ${why}`, fix: INSTALL_HINT };
  }
}

/** CJK fonts fontconfig knows. */
async function checkFonts(): Promise<Check> {
  const fonts = await cjkFonts();
  if (fonts === undefined)
    return {
      name: "CJK fonts",
      ok: false,
      detail: "fc-list not found",
      fix: "apt-get install fontconfig fonts-noto-cjk",
    };
  if (fonts.length === 0)
    return {
      name: "CJK fonts",
      ok: false,
      detail: "no font covers Chinese: PDFs would show boxes",
      fix: "apt-get install fonts-noto-cjk (as root)",
    };
  return { name: "CJK fonts", ok: true, detail: `${fonts.length} families, e.g. ${fonts[0]}` };
}

/** The sources: each one reads and structures. */
async function checkSources(config: Config): Promise<{ check: Check; models: BriefModel[] }> {
  const models: BriefModel[] = [];
  const sources = await listSources(config.sources);
  const cues = loadCues(config.structure.cues);
  const bad: string[] = [];
  for (const s of sources) {
    try {
      models.push(structureSource(await readSource(s.file), s.file, s.slug, { cues }).model);
    } catch (error) {
      bad.push(describeError(error));
    }
  }
  const name = "sources";
  if (sources.length === 0)
    return {
      models,
      check: {
        name,
        ok: false,
        detail: `no file matches ${config.sources.join(", ")}`,
        fix: "npm run ingest -- <page.txt>",
      },
    };
  if (bad.length > 0)
    return {
      models,
      check: { name, ok: false, detail: bad.join("\n"), fix: "fix or remove the files named above" },
    };
  return { models, check: { name, ok: true, detail: `${sources.length} sources read` } };
}

/** Every audience's templates compose against a source. */
function checkTemplates(config: Config, sample: BriefModel | undefined): Check {
  const composer = createComposer(config);
  const problems: string[] = [];
  for (const key of Object.keys(config.audiences)) {
    try {
      if (sample) composer.compose(sample, key);
    } catch (error) {
      problems.push(`${key}: ${describeError(error)}`);
    }
  }
  if (problems.length > 0)
    return {
      name: "templates",
      ok: false,
      detail: problems.join("\n"),
      fix: "fix the template lines named above",
    };
  const against = sample ? ` against ${sample.slug}` : "";
  return {
    name: "templates",
    ok: true,
    detail: `${Object.keys(config.audiences).length} audience templates compile${against}`,
  };
}

/**
 * Runs every check.
 * @param configFile path of config.yaml
 */
export async function doctor(configFile: string): Promise<Check[]> {
  const checks: Check[] = [await checkBrowser(), await checkFonts()];
  let config: Config;
  try {
    config = await loadConfig(configFile);
    checks.push({
      name: "config",
      ok: true,
      detail: `${configFile}: ${Object.keys(config.audiences).length} audiences`,
    });
  } catch (error) {
    const fix = "fix the lines named above (README: config.yaml reference)";
    return [...checks, { name: "config", ok: false, detail: describeError(error), fix }];
  }
  const sources = await checkSources(config);
  checks.push(sources.check, checkTemplates(config, sources.models[0]));
  const { outsideProject } = await import("./run/index.js");
  const where = outsideProject(config);
  const output = `${config.out}${existsSync(config.out) ? "" : " (will be created)"}`;
  checks.push({ name: "output", ok: true, detail: where.length > 0 ? where.join("; ") : output });
  return checks;
}
