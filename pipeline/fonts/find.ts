/**
 * Finds the fonts `config.yaml` names under `fonts:`: each role (body, headings) is a family of an
 * installed `@fontsource` package (named by its family or its package name; variable fonts are
 * refused) or local font files, or a list of these (fallback order). Nothing here reads glyphs or
 * character maps; `faces.ts` does, when printing.
 * @module
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { PROJECT_ROOT } from "../paths.js";

/** The roles a font plays in the default templates. */
export const FONT_ROLES = ["body", "headings", "latinBody", "latinHeadings"] as const;
/** A font role. */
export type FontRole = (typeof FONT_ROLES)[number];

/** One family of a role: from a font package, or from local font files. */
export interface FontFamily {
  /** The CSS family name the brief names (the package's family, or the files' own family name). */
  family: string;
  /** The package (`@fontsource/noto-serif-sc`), its folder and version, when the family is packaged. */
  package?: { name: string; dir: string; version: string };
  /** Absolute paths of local font files (one per weight or style). */
  files?: string[];
}

/** The resolved `fonts:` of a config: per role, its families in fallback order. */
export type ResolvedFonts = Record<FontRole, FontFamily[]>;

/** The fonts used when `fonts:` is not in the config. */
export const DEFAULT_FONTS: Record<FontRole, string> = {
  body: "Noto Serif SC",
  headings: "Noto Sans SC",
  // English briefs: a Latin face first (a CJK font's Latin punctuation is full-width: ’ “ ” —).
  latinBody: "Noto Serif",
  latinHeadings: "Noto Sans",
};

/** A problem with a font name, with the config path it belongs to. */
export interface FontIssue {
  path: (string | number)[];
  message: string;
}

const FONT_FILE = /\.(ttf|otf|woff2?)$/i;
const SCOPES = ["@fontsource", "@fontsource-variable"];

/** True when a `fonts:` entry names a local file rather than a package or family. */
export const isFontFile = (entry: string) => FONT_FILE.test(entry.trim());

interface Metadata {
  family: string;
  version?: string;
}

/** The folders packages are looked for in: the config's folder first, then the project's. */
const searchRoots = (configDir: string) => [...new Set([configDir, PROJECT_ROOT])];

/** The folder of an installed package, or undefined. */
function packageDir(name: string, roots: readonly string[]): string | undefined {
  try {
    const require = createRequire(join(roots[0] as string, "noop.js"));
    return dirname(require.resolve(`${name}/package.json`, { paths: [...roots] }));
  } catch {
    return undefined;
  }
}

function readPackage(name: string, dir: string) {
  const meta = JSON.parse(readFileSync(join(dir, "metadata.json"), "utf8")) as Metadata;
  const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { version: string };
  return { name, dir, version: pkg.version, family: meta.family };
}

/**
 * Families of the (static) `@fontsource` packages installed where a config can find them, for
 * messages.
 * @param configDir the config file's folder
 */
export function installedFontPackages(configDir: string): { name: string; family: string }[] {
  const found = new Map<string, string>();
  for (const root of searchRoots(configDir))
    for (let dir = root; ; dir = dirname(dir)) {
      const folder = join(dir, "node_modules", "@fontsource");
      for (const entry of existsSync(folder) ? readdirSync(folder) : []) {
        const meta = join(folder, entry, "metadata.json");
        if (!found.has(`@fontsource/${entry}`) && existsSync(meta))
          found.set(`@fontsource/${entry}`, (JSON.parse(readFileSync(meta, "utf8")) as Metadata).family);
      }
      if (dirname(dir) === dir) break;
    }
  return [...found].map(([name, family]) => ({ name, family }));
}

/**
 * The package of a family name (`Noto Sans SC`) or package name (`@fontsource/noto-sans-sc`), or why
 * there is none. A variable package (`@fontsource-variable/…`, family `<family> Variable`) is refused.
 */
function findPackage(entry: string, configDir: string): FontFamily | string {
  const roots = searchRoots(configDir);
  const wanted = entry.trim();
  const base = wanted.replace(/\s+variable$/i, "");
  const id = base.toLowerCase().replace(/\s+/g, "-");
  const scopes = base === wanted ? SCOPES : [...SCOPES].reverse();
  const names = wanted.startsWith("@") ? [wanted] : scopes.map((s) => `${s}/${id}`);
  for (const name of names) {
    const dir = packageDir(name, roots);
    if (!dir || !existsSync(join(dir, "metadata.json"))) continue;
    const { family, ...pkg } = readPackage(name, dir);
    if (!wanted.startsWith("@") && family.toLowerCase() !== base.toLowerCase()) continue;
    if (name.startsWith("@fontsource-variable/"))
      return variableFont(`${name}`, `@fontsource/${name.split("/")[1]}`);
    return { family, package: pkg };
  }
  const installed = installedFontPackages(configDir).map((p) => p.family);
  return (
    `no installed font package for "${wanted}" (installed: ${installed.join(", ") || "none"}); ` +
    `install one with \`npm install @fontsource/${id}\`, or name a font file (.ttf, .otf, .woff, .woff2)`
  );
}

/** Why a variable font cannot be used: Chromium prints its glyphs as Type 3 fonts. */
const variableFont = (what: string, instead: string) =>
  `${what} is a variable font: Chromium prints those as Type 3 glyphs (blurry, large); use ${instead}`;

/**
 * Reads a local font file's family name (fontkit is loaded only when a config names files).
 * @throws Error when the file is not a font, is a collection, or is a variable font
 */
export function fontFileFamily(file: string): string {
  const require = createRequire(import.meta.url);
  const fontkit = require("fontkit") as typeof import("fontkit");
  const font = fontkit.openSync(file);
  if ("fonts" in font) throw new Error("a font collection (.ttc); name a single font file");
  if (Object.keys(font.variationAxes ?? {}).length > 0)
    throw new Error(variableFont("it", "the family's static files (one per weight)"));
  return font.familyName;
}

/** A local font file as a family, or why it cannot be used. */
function findFile(entry: string, abs: (p: string) => string): { family: string; file: string } | string {
  const file = abs(entry.trim());
  if (!existsSync(file)) return `font file not found: ${file}`;
  try {
    return { family: fontFileFamily(file), file };
  } catch (error) {
    return `not a usable font file: ${file} (${(error as Error).message.split("\n")[0]})`;
  }
}

/** One role's families, files of one family grouped together, and the problems found. */
function resolveRole(value: unknown, role: FontRole, abs: (p: string) => string, configDir: string) {
  const entries = Array.isArray(value) ? value : [value];
  const families: FontFamily[] = [];
  const issues: FontIssue[] = [];
  for (const [i, entry] of entries.entries()) {
    if (typeof entry !== "string" || entry.trim() === "") continue;
    const path = Array.isArray(value) ? ["fonts", role, i] : ["fonts", role];
    const found = isFontFile(entry) ? findFile(entry, abs) : findPackage(entry, configDir);
    if (typeof found === "string") {
      issues.push({ path, message: found });
      continue;
    }
    const known = families.find((f) => f.family === found.family);
    if ("file" in found) {
      if (known?.files) known.files.push(found.file);
      else if (!known) families.push({ family: found.family, files: [found.file] });
    } else if (!known) families.push(found);
  }
  return { families, issues };
}

/**
 * Resolves the `fonts:` of a config (the raw value: the schema may have failed, so types are checked
 * here too); the defaults fill a missing role.
 * @param raw the `fonts:` value as written
 * @param abs the config's path resolver
 * @param configDir the config file's folder (packages are looked for from there, then in the project)
 */
export function resolveFonts(
  raw: unknown,
  abs: (p: string) => string,
  configDir: string,
): { fonts: ResolvedFonts; issues: FontIssue[] } {
  const given = (raw && typeof raw === "object" ? raw : {}) as Record<string, unknown>;
  const fonts = {} as ResolvedFonts;
  const issues: FontIssue[] = [];
  for (const role of FONT_ROLES) {
    const resolved = resolveRole(given[role] ?? DEFAULT_FONTS[role], role, abs, configDir);
    fonts[role] = resolved.families;
    issues.push(...resolved.issues);
  }
  return { fonts, issues };
}

/**
 * What the fonts contribute to a brief's build hash: each family with its package's version, or its
 * files' sizes and times, so upgrading a font package or replacing a file rebuilds the briefs.
 * @param fonts the config's resolved fonts
 */
export function fontsKey(fonts: ResolvedFonts): string {
  const file = (f: string) => {
    const s = statSync(f, { throwIfNoEntry: false });
    return `${f}:${s?.size}:${s?.mtimeMs}`;
  };
  return JSON.stringify(
    FONT_ROLES.map((role) =>
      fonts[role].map((f) => [
        f.family,
        f.package ? `${f.package.name}@${f.package.version}` : "",
        ...(f.files ?? []).map(file),
      ]),
    ),
  );
}
