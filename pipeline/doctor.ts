/**
 * `brief doctor`: checks the browser, the font packages, config, templates and sources, and prints the
 * fix for each problem it finds.
 * @module
 */
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { createComposer } from "./compose/compose.js";
import { loadConfig } from "./config/load.js";
import type { Config } from "./config/schema.js";
import { describeError } from "./errors.js";
import { facesOf } from "./fonts/faces.js";
import { FONT_ROLES, type FontFamily, type ResolvedFonts, resolveFonts } from "./fonts/find.js";
import { listSources, readSource } from "./read.js";
import { findBrowser, INSTALL_HINT, launchBrowser } from "./render/browser.js";
import { loadCues } from "./structure/cues.js";
import type { BriefModel } from "./structure/model.js";
import { structureSource } from "./structure/structure.js";

/** One check's outcome. */
export interface Check {
  name: string;
  ok: boolean;
  detail: string;
  fix?: string;
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

/** Where a family comes from, for a person: `@fontsource/noto-serif-sc 5.3.0` or its files. */
const origin = (f: FontFamily) =>
  f.package ? `${f.package.name} ${f.package.version}` : (f.files ?? []).join(", ");

/**
 * The fonts briefs print with: each role's families found (packages or files), with every face's file
 * present. Without them a PDF would depend on this machine's fonts, or show boxes.
 * @param fonts the config's fonts (the defaults when the config does not load)
 */
export function checkFonts(fonts: ResolvedFonts): Check {
  const roles = FONT_ROLES.map(
    (r) => `${r}: ${fonts[r].map((f) => `${f.family} (${origin(f)})`).join(", ")}`,
  );
  const empty = FONT_ROLES.filter((r) => fonts[r].length === 0);
  const fix = "npm install (the font packages are dependencies), or fix fonts: in config.yaml";
  if (empty.length > 0)
    return { name: "fonts", ok: false, detail: `no font found for ${empty.join(", ")}`, fix };
  try {
    const faces = facesOf(fonts);
    const missing = faces.filter((f) => !existsSync(f.file));
    if (faces.length === 0 || missing.length > 0)
      return {
        name: "fonts",
        ok: false,
        detail: `${missing.length || "no"} font files missing${missing[0] ? `, e.g. ${missing[0].file}` : ""}`,
        fix,
      };
    return { name: "fonts", ok: true, detail: `${roles.join("; ")}; ${faces.length} font files` };
  } catch (error) {
    return { name: "fonts", ok: false, detail: describeError(error), fix };
  }
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
  const checks: Check[] = [await checkBrowser()];
  let config: Config;
  try {
    config = await loadConfig(configFile);
  } catch (error) {
    const fix = "fix the lines named above (README: config.yaml reference)";
    const dir = dirname(resolve(configFile));
    const defaults = resolveFonts(undefined, (p) => resolve(dir, p), dir).fonts;
    return [
      ...checks,
      checkFonts(defaults),
      { name: "config", ok: false, detail: describeError(error), fix },
    ];
  }
  checks.push(checkFonts(config.fonts), {
    name: "config",
    ok: true,
    detail: `${configFile}: ${Object.keys(config.audiences).length} audiences`,
  });
  const sources = await checkSources(config);
  checks.push(sources.check, checkTemplates(config, sources.models[0]));
  const { outsideProject } = await import("./run/index.js");
  const where = outsideProject(config);
  const output = `${config.out}${existsSync(config.out) ? "" : " (will be created)"}`;
  checks.push({ name: "output", ok: true, detail: where.length > 0 ? where.join("; ") : output });
  return checks;
}
