/**
 * The font faces of the configured families, with the characters each covers: from a font package's
 * own stylesheets (one face per `unicode-range` slice, so a brief loads only the slices it uses) or
 * from local font files (their character maps). Read once per run, when the first document prints.
 * @module
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import type { FontFamily, ResolvedFonts } from "./find.js";

/** One `@font-face`: a file and the characters it covers. */
export interface Face {
  family: string;
  /** A weight (`400`) or a variable font's range (`100 900`). */
  weight: string;
  style: "normal" | "italic";
  /** Absolute path of the font file. */
  file: string;
  format: "woff2" | "woff" | "truetype" | "opentype";
  /** Covered code points as sorted, disjoint [first, last] pairs, flattened. */
  ranges: number[];
}

/** Parses a CSS `unicode-range` value (`U+4E00-4E01, U+4E03, U+30??`) into sorted [first, last] pairs. */
export function parseUnicodeRange(value: string): number[] {
  const pairs: [number, number][] = [];
  for (const part of value.split(",")) {
    const m = /^\s*U\+([0-9a-f?]+)(?:-([0-9a-f]+))?\s*$/i.exec(part);
    if (!m) continue;
    const first = m[1] as string;
    const low = Number.parseInt(first.replace(/\?/g, "0"), 16);
    const high = m[2] ? Number.parseInt(m[2], 16) : Number.parseInt(first.replace(/\?/g, "f"), 16);
    pairs.push([low, high]);
  }
  return mergePairs(pairs);
}

/** Sorts and merges [first, last] pairs, flattened. */
function mergePairs(pairs: [number, number][]): number[] {
  pairs.sort((a, b) => a[0] - b[0]);
  const out: number[] = [];
  for (const [a, b] of pairs) {
    const n = out.length;
    if (n > 0 && a <= (out[n - 1] as number) + 1) out[n - 1] = Math.max(out[n - 1] as number, b);
    else out.push(a, b);
  }
  return out;
}

/** Code points (sorted, unique) as flattened [first, last] pairs. */
export function toRanges(points: readonly number[]): number[] {
  return mergePairs(points.map((p) => [p, p]));
}

const FORMATS: Record<string, Face["format"]> = {
  woff2: "woff2",
  woff: "woff",
  ttf: "truetype",
  otf: "opentype",
};

/** The faces of one of a package's stylesheets (`400.css`), their files made absolute. */
export function stylesheetFaces(css: string, dir: string): Face[] {
  const faces: Face[] = [];
  for (const block of css.matchAll(/@font-face\s*{([^}]*)}/g)) {
    const body = block[1] as string;
    const prop = (name: string) => new RegExp(`${name}\\s*:\\s*([^;]+);?`).exec(body)?.[1]?.trim();
    const src = /url\(\s*['"]?([^'")]+?\.(woff2|woff|ttf|otf))['"]?\s*\)/.exec(prop("src") ?? "");
    const family = prop("font-family")?.replace(/^['"]|['"]$/g, "");
    if (!src || !family) continue;
    const range = prop("unicode-range");
    faces.push({
      family,
      weight: prop("font-weight") ?? "400",
      style: prop("font-style") === "italic" ? "italic" : "normal",
      file: join(dir, src[1] as string),
      format: FORMATS[src[2] as string] as Face["format"],
      ranges: range ? parseUnicodeRange(range) : [0, 0x10ffff],
    });
  }
  return faces;
}

/** The weight nearest to a target among those a package has. */
const nearest = (weights: number[], target: number) =>
  weights.reduce((best, w) => (Math.abs(w - target) < Math.abs(best - target) ? w : best));

/** The stylesheets of a package to use: regular and bold (normal and italic), or the variable one. */
export function packageStylesheets(dir: string, name: string): string[] {
  if (name.startsWith("@fontsource-variable/"))
    return ["wght.css", "wght-italic.css", "index.css"].filter((f) => existsSync(join(dir, f))).slice(0, 2);
  const meta = JSON.parse(readFileSync(join(dir, "metadata.json"), "utf8")) as {
    weights: number[];
    styles: string[];
  };
  const weights = [...new Set([nearest(meta.weights, 400), nearest(meta.weights, 700)])];
  const files = weights.flatMap((w) => [
    `${w}.css`,
    ...(meta.styles.includes("italic") ? [`${w}-italic.css`] : []),
  ]);
  return files.filter((f) => existsSync(join(dir, f)));
}

/** The faces of a packaged family. */
function packageFaces(pkg: NonNullable<FontFamily["package"]>): Face[] {
  return packageStylesheets(pkg.dir, pkg.name).flatMap((css) =>
    stylesheetFaces(readFileSync(join(pkg.dir, css), "utf8"), pkg.dir),
  );
}

/** The face of a local font file: its family, weight and style, and its character map. */
function fileFace(family: string, file: string): Face {
  const require = createRequire(import.meta.url);
  const fontkit = require("fontkit") as typeof import("fontkit");
  const font = fontkit.openSync(file);
  if ("fonts" in font) throw new Error(`a font collection cannot be used: ${file}`);
  const os2 = (
    font as unknown as { "OS/2"?: { usWeightClass?: number; fsSelection?: { italic?: boolean } } }
  )["OS/2"];
  const italic = os2?.fsSelection?.italic ?? font.italicAngle !== 0;
  const ext = /\.(\w+)$/.exec(file)?.[1]?.toLowerCase() ?? "ttf";
  return {
    family,
    weight: String(os2?.usWeightClass ?? 400),
    style: italic ? "italic" : "normal",
    file,
    format: FORMATS[ext] ?? "truetype",
    ranges: toRanges([...new Set(font.characterSet)].sort((a, b) => a - b)),
  };
}

/**
 * Every face of the configured fonts, each family once.
 * @param fonts the config's resolved fonts
 */
export function facesOf(fonts: ResolvedFonts): Face[] {
  const seen = new Set<string>();
  const faces: Face[] = [];
  for (const family of [...fonts.body, ...fonts.headings]) {
    if (seen.has(family.family)) continue;
    seen.add(family.family);
    if (family.package) faces.push(...packageFaces(family.package));
    for (const file of family.files ?? []) faces.push(fileFace(family.family, file));
  }
  return faces;
}
