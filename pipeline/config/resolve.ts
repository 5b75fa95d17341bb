/**
 * Turns a validated config into the run's config: paths absolute (relative to the config file), job
 * defaults filled in, template folders listed most specific first.
 * @module
 */
import { dirname, isAbsolute, join, resolve } from "node:path";
import { resolveFonts } from "../fonts/find.js";
import { PROJECT_ROOT } from "../paths.js";
import type { Config, ConfigInput } from "./schema.js";

/** The templates shipped with the project. */
export const DEFAULT_TEMPLATES = join(PROJECT_ROOT, "templates");

/** A function making a config path absolute (relative to the config file's folder). */
export function pathResolver(file: string): (p: string) => string {
  const root = dirname(resolve(file));
  return (p) => (isAbsolute(p) ? p : join(root, p));
}

/**
 * Template folders of a config, most specific first: the user's (if any), then the defaults.
 * @param templates the `templates:` value
 * @param abs the config's path resolver
 */
export function templateDirsOf(templates: unknown, abs: (p: string) => string): string[] {
  return [...(typeof templates === "string" ? [abs(templates)] : []), DEFAULT_TEMPLATES];
}

const list = (g: string | string[]) => (Array.isArray(g) ? g : [g]);

/**
 * The resolved config (not yet frozen).
 * @param input what the schema gave
 * @param file the config file's path
 */
export function resolveConfig(input: ConfigInput, file: string): Config {
  const abs = pathResolver(file);
  const sources = list(input.sources).map(abs);
  return {
    ...input,
    stateDir: abs(input.state),
    channels: Object.fromEntries(
      Object.entries(input.channels).map(([k, c]) => [
        k,
        c.type === "folder" ? { ...c, path: abs(c.path) } : c,
      ]),
    ),
    jobs: Object.fromEntries(
      Object.entries(input.jobs).map(([k, j]) => [
        k,
        {
          ...j,
          timezone: j.timezone ?? input.timezone,
          sources: j.sources === undefined ? sources : list(j.sources).map(abs),
          ...(j.inbox ? { inbox: abs(j.inbox) } : {}),
        },
      ]),
    ),
    file: resolve(file),
    root: dirname(resolve(file)),
    sources,
    out: abs(input.out),
    templateDirs: templateDirsOf(input.templates, abs),
    structure: { cues: input.structure.cues.map(abs) },
    fonts: resolveFonts(input.fonts, abs, dirname(resolve(file))).fonts,
  };
}

/** Freezes an object and everything in it, so no stage can change the run's config. */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
