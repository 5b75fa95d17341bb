/**
 * Resolves template files: the user's templates folder first, then the defaults. Any file in the
 * user's folder (layout, partial, audience template, stylesheet, labels) overrides the default of the
 * same name; the rest falls back.
 * @module
 */
import { existsSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";

/**
 * Finds the file that a template name resolves to.
 * @param dirs template folders, most specific first
 * @param name path inside a templates folder, e.g. `partials/section.hbs`
 * @returns the absolute path, or undefined when no folder has it
 */
export function resolveTemplate(dirs: readonly string[], name: string): string | undefined {
  for (const dir of dirs) {
    const file = join(dir, name);
    if (existsSync(file)) return file;
  }
  return undefined;
}

/**
 * Lists the names in one subfolder across all template folders, with the file each resolves to.
 * @param dirs template folders, most specific first
 * @param sub subfolder such as `partials` or `audiences`
 * @param ext file extension, e.g. `.hbs`
 */
export function listTemplates(dirs: readonly string[], sub: string, ext: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const dir of dirs) {
    const folder = join(dir, sub);
    if (!existsSync(folder)) continue;
    for (const entry of readdirSync(folder)) {
      if (!entry.endsWith(ext)) continue;
      const name = entry.slice(0, -ext.length);
      if (!found.has(name)) found.set(name, join(folder, entry));
    }
  }
  return found;
}

/** Every template file in use, as `name → file`, for `brief templates` and for build hashes. */
export function allTemplates(dirs: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  const layout = resolveTemplate(dirs, "layout.hbs");
  if (layout) out.set("layout.hbs", layout);
  for (const [sub, ext] of [
    ["partials", ".hbs"],
    ["audiences", ".hbs"],
    ["styles", ".css"],
    ["labels", ".yaml"],
  ] as const) {
    for (const [name, file] of listTemplates(dirs, sub, ext)) out.set(`${sub}/${name}${ext}`, file);
  }
  return out;
}

/** A path shown to a person: relative to the working folder when inside it. */
export function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel.startsWith("..") ? file : rel;
}

/**
 * Every file a brief of an audience template depends on (layout, its template, partials, stylesheet,
 * labels): what its build hash covers. Missing files are left out (compose reports them).
 * @param dirs template folders, most specific first
 * @param template the audience's template name
 */
export function templateFilesFor(dirs: readonly string[], template: string): string[] {
  return [
    resolveTemplate(dirs, "layout.hbs"),
    resolveTemplate(dirs, `audiences/${template}.hbs`),
    ...listTemplates(dirs, "partials", ".hbs").values(),
    resolveTemplate(dirs, "styles/brief.css"),
    ...listTemplates(dirs, "labels", ".yaml").values(),
  ].filter((f): f is string => f !== undefined);
}
