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

/**
 * Runs every check.
 * @param configFile path of config.yaml
 */
export async function doctor(configFile: string): Promise<Check[]> {
  const checks: Check[] = [];
  try {
    const found = await findBrowser(null);
    let detail = `${found.path} (${found.from}${found.headlessShell ? ", headless shell" : ""})`;
    try {
      const browser = await launchBrowser(found);
      detail += `, version ${await browser.version()}`;
      await browser.close();
      checks.push({ name: "browser", ok: true, detail });
    } catch (error) {
      checks.push({
        name: "browser",
        ok: false,
        detail: `${detail} does not start: ${(error as Error).message.split("\n")[0]}`,
        fix: INSTALL_HINT,
      });
    }
  } catch (error) {
    checks.push({
      name: "browser",
      ok: false,
      detail: describeError(error).split("\n")[0] as string,
      fix: INSTALL_HINT,
    });
  }
  const fonts = await cjkFonts();
  if (fonts === undefined)
    checks.push({
      name: "CJK fonts",
      ok: false,
      detail: "fc-list not found",
      fix: "apt-get install fontconfig fonts-noto-cjk",
    });
  else if (fonts.length === 0)
    checks.push({
      name: "CJK fonts",
      ok: false,
      detail: "no font covers Chinese: PDFs would show boxes",
      fix: "apt-get install fonts-noto-cjk (as root)",
    });
  else checks.push({ name: "CJK fonts", ok: true, detail: `${fonts.length} families, e.g. ${fonts[0]}` });

  let config: Config | undefined;
  try {
    config = await loadConfig(configFile);
    checks.push({
      name: "config",
      ok: true,
      detail: `${configFile}: ${Object.keys(config.audiences).length} audiences`,
    });
  } catch (error) {
    checks.push({
      name: "config",
      ok: false,
      detail: describeError(error),
      fix: "fix the lines named above (README: config.yaml reference)",
    });
  }
  if (!config) return checks;

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
  if (sources.length === 0)
    checks.push({
      name: "sources",
      ok: false,
      detail: `no file matches ${config.sources.join(", ")}`,
      fix: "npm run ingest -- <page.txt>",
    });
  else if (bad.length > 0)
    checks.push({
      name: "sources",
      ok: false,
      detail: bad.join("\n"),
      fix: "fix or remove the files named above",
    });
  else checks.push({ name: "sources", ok: true, detail: `${sources.length} sources read` });

  const composer = createComposer(config);
  const sample = models[0];
  const problems: string[] = [];
  if (sample) {
    for (const key of Object.keys(config.audiences)) {
      try {
        composer.compose(sample, key);
      } catch (error) {
        problems.push(`${key}: ${describeError(error)}`);
      }
    }
  }
  checks.push(
    problems.length === 0
      ? {
          name: "templates",
          ok: true,
          detail: `${Object.keys(config.audiences).length} audience templates compile${sample ? ` against ${sample.slug}` : ""}`,
        }
      : {
          name: "templates",
          ok: false,
          detail: problems.join("\n"),
          fix: "fix the template lines named above",
        },
  );
  if (!existsSync(config.out))
    checks.push({ name: "output", ok: true, detail: `${config.out} will be created` });
  return checks;
}
