/**
 * The font faces of the configured families, with the characters each covers: from a font package's
 * own stylesheets (one face per `unicode-range` slice, so a brief loads only the slices it uses) or
 * from local font files (their character maps). Read once per run, when the first document prints.
 * @module
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { FONT_ROLES, type FontFamily, type ResolvedFonts } from "./find.js";

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
  /** The same as a CSS `unicode-range` value. */
  unicodeRange: string;
}

/** Parses a CSS `unicode-range` value (`U+4E00-4E01, U+4E03, U+30??`) into sorted [first, last] pairs. */
export function parseUnicodeRange(value: string): number[] {
  const pairs: [number, number][] = [];
  for (const raw of value.split(",")) {
    const part = raw.trim();
    if (!/^u\+/i.test(part)) continue;
    const [first = "", last] = part.slice(2).split("-");
    const low = Number.parseInt(first.replace(/\?/g, "0"), 16);
    const high =
      last === undefined ? Number.parseInt(first.replace(/\?/g, "f"), 16) : Number.parseInt(last, 16);
    if (Number.isFinite(low) && Number.isFinite(high)) pairs.push([low, high]);
  }
  return mergePairs(pairs);
}

/** Sorts (when needed) and merges [first, last] pairs, flattened. */
function mergePairs(pairs: [number, number][]): number[] {
  if (pairs.some((p, i) => i > 0 && p[0] < (pairs[i - 1] as [number, number])[0]))
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

/** Flattened [first, last] pairs as a CSS `unicode-range` value (`U+4e00-4e01,U+4e03`). */
export function unicodeRangeOf(ranges: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < ranges.length; i += 2) {
    const [a, b] = [ranges[i] as number, ranges[i + 1] as number];
    parts.push(a === b ? `U+${a.toString(16)}` : `U+${a.toString(16)}-${b.toString(16)}`);
  }
  return parts.join(",");
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
    const declarations = new Map<string, string>();
    for (const part of (block[1] as string).split(";")) {
      const colon = part.indexOf(":");
      if (colon > 0)
        declarations.set(part.slice(0, colon).trim().toLowerCase(), part.slice(colon + 1).trim());
    }
    const prop = (name: string) => declarations.get(name);
    const src = /url\(\s*['"]?([^'")]+?\.(woff2|woff|ttf|otf))['"]?\s*\)/.exec(prop("src") ?? "");
    const family = prop("font-family")?.replace(/^['"]|['"]$/g, "");
    if (!src || !family) continue;
    const range = prop("unicode-range") ?? "U+0-10ffff";
    faces.push({
      family,
      weight: prop("font-weight") ?? "400",
      style: prop("font-style") === "italic" ? "italic" : "normal",
      file: join(dir, src[1] as string),
      format: FORMATS[src[2] as string] as Face["format"],
      ranges: parseUnicodeRange(range),
      unicodeRange: range.replace(/\s+/g, ""),
    });
  }
  return faces;
}

/** The weight nearest to a target among those a package has. */
const nearest = (weights: number[], target: number) =>
  weights.reduce((best, w) => (Math.abs(w - target) < Math.abs(best - target) ? w : best));

/** The stylesheets of a (static) package to use: its regular and bold, normal and italic. */
export function packageStylesheets(dir: string): string[] {
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

/** The faces of a packaged family (named as the config's family, whatever its stylesheets say). */
function packageFaces(family: string, pkg: NonNullable<FontFamily["package"]>): Face[] {
  return packageStylesheets(pkg.dir).flatMap((css) =>
    stylesheetFaces(readFileSync(join(pkg.dir, css), "utf8"), pkg.dir).map((f) => ({ ...f, family })),
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
  const ranges = toRanges([...new Set(font.characterSet)].sort((a, b) => a - b));
  return {
    family,
    weight: String(os2?.usWeightClass ?? 400),
    style: italic ? "italic" : "normal",
    file,
    format: FORMATS[ext] ?? "truetype",
    ranges,
    unicodeRange: unicodeRangeOf(ranges),
  };
}

/** The code points of flattened pairs `a` that are not in `b` (both sorted and disjoint). */
export function subtractRanges(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  let j = 0;
  for (let i = 0; i < a.length; i += 2) {
    let lo = a[i] as number;
    const hi = a[i + 1] as number;
    while (j < b.length && (b[j + 1] as number) < lo) j += 2;
    for (let k = j; k < b.length && (b[k] as number) <= hi && lo <= hi; k += 2) {
      if ((b[k] as number) > lo) out.push(lo, (b[k] as number) - 1);
      lo = Math.max(lo, (b[k + 1] as number) + 1);
    }
    if (lo <= hi) out.push(lo, hi);
  }
  return out;
}

/** Indexes of the faces (all of one family, weight and style) that share a character with another. */
function overlapping(faces: readonly Face[], members: readonly number[]): Set<number> {
  const pairs: [number, number, number][] = [];
  for (const i of members) {
    const r = (faces[i] as Face).ranges;
    for (let k = 0; k < r.length; k += 2) pairs.push([r[k] as number, r[k + 1] as number, i]);
  }
  pairs.sort((a, b) => a[0] - b[0]);
  const found = new Set<number>();
  let reach = -1;
  let holder = -1;
  for (const [lo, hi, i] of pairs) {
    if (lo <= reach) found.add(i).add(holder);
    if (hi > reach) [reach, holder] = [hi, i];
  }
  return found;
}

/**
 * Makes the faces of each family, weight and style cover disjoint characters, so they can be registered
 * on a page in any order and still choose the same glyphs. Where two faces cover a character, the one
 * defined first keeps it (CSS would take the last): a package's Chinese slices come before its Latin,
 * Cyrillic and Vietnamese ones, so “ ” — … in a Chinese heading come from the slice its characters
 * are already in, and the PDF embeds one font fewer per face (an English brief then takes these few
 * marks from a Chinese slice: a font more, a few kilobytes).
 */
function disjoint(faces: Face[]): Face[] {
  const groups = new Map<string, number[]>();
  faces.forEach((f, i) => {
    const key = `${f.family}\u0000${f.weight}\u0000${f.style}`;
    (groups.get(key) ?? groups.set(key, []).get(key))?.push(i);
  });
  const out = [...faces];
  for (const members of groups.values()) {
    const clashing = [...overlapping(faces, members)].sort((a, b) => a - b);
    let covered: number[] = [];
    // From the first face defined to the last: a face keeps what no earlier face covers.
    for (const i of clashing) {
      const face = faces[i] as Face;
      const ranges = subtractRanges(face.ranges, covered);
      covered = unionRanges(covered, face.ranges);
      out[i] = { ...face, ranges, unicodeRange: unicodeRangeOf(ranges) };
    }
  }
  return out.filter((f) => f.ranges.length > 0);
}

/** The union of two flattened, sorted, disjoint pair lists, merged in one pass. */
function unionRanges(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const fromA = j >= b.length || (i < a.length && (a[i] as number) <= (b[j] as number));
    const [lo, hi] = fromA ? [a[i] as number, a[i + 1] as number] : [b[j] as number, b[j + 1] as number];
    if (fromA) i += 2;
    else j += 2;
    const n = out.length;
    if (n > 0 && lo <= (out[n - 1] as number) + 1) out[n - 1] = Math.max(out[n - 1] as number, hi);
    else out.push(lo, hi);
  }
  return out;
}

/**
 * Every face of the configured fonts, each family once; faces of one family, weight and style cover
 * disjoint characters.
 * @param fonts the config's resolved fonts
 */
export function facesOf(fonts: ResolvedFonts): Face[] {
  const seen = new Set<string>();
  const faces: Face[] = [];
  for (const family of FONT_ROLES.flatMap((role) => fonts[role])) {
    if (seen.has(family.family)) continue;
    seen.add(family.family);
    if (family.package) faces.push(...packageFaces(family.family, family.package));
    for (const file of family.files ?? []) faces.push(fileFace(family.family, file));
  }
  return disjoint(faces);
}
