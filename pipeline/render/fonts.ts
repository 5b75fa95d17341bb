/**
 * Fonts in the printing page. The faces a document may use are registered on its page as `FontFace`s
 * (each with its `unicode-range`, so the browser loads only the slices the text is set in), and kept
 * across the documents the page prints: a slice is read and decoded once per page, not per brief.
 * A document is loaded and then waited on until its fonts are ready — including those of the `@page`
 * margin boxes (running header, page numbers), which the browser lays out only while printing and so
 * would never ask for by itself. Before printing, `assertGlyphs` checks that every character of a
 * text (the brief's title) is covered by a font the page loaded: without it a machine without the
 * right fonts prints boxes, or nothing, and says nothing.
 * @module
 */
import type { Page } from "puppeteer-core";
import { BriefError } from "../errors.js";

/** A font face for a printing page. */
export interface PageFace {
  /** Identifies the face (its file, weight and style). */
  key: string;
  family: string;
  /** CSS `src` (`url("file:///…") format("woff2")`). */
  src: string;
  weight: string;
  style: string;
  unicodeRange: string;
}

/** The fonts a page prints with. */
export interface PageFonts {
  /** Identifies the set of faces (a page switching sets drops the faces of the old one). */
  readonly id: string;
  /** The faces a document (its HTML) may use. */
  facesFor(html: string): readonly PageFace[];
  /** The characters of `text` that none of the given faces (by key) covers. */
  uncovered(text: string, keys: readonly string[]): string[];
}

/** Per page, the faces registered on it (and their set's id). */
const registered = new WeakMap<Page, { id: string; keys: Set<string> }>();

/** Runs in the page: adds faces not there yet; a new set replaces the old one's faces. */
function addFaces(id: string, faces: readonly PageFace[]): void {
  const g = globalThis as unknown as { __briefFonts?: { id: string; faces: Map<string, FontFace> } };
  const set = document.fonts as unknown as Set<FontFace>;
  if (g.__briefFonts?.id !== id) {
    for (const face of g.__briefFonts?.faces.values() ?? []) set.delete(face);
    g.__briefFonts = { id, faces: new Map() };
  }
  for (const f of faces) {
    if (g.__briefFonts.faces.has(f.key)) continue;
    const face = new FontFace(f.family, f.src, {
      weight: f.weight,
      style: f.style,
      unicodeRange: f.unicodeRange,
      display: "block",
    });
    set.add(face);
    g.__briefFonts.faces.set(f.key, face);
  }
}

/**
 * Registers on a page the faces a document may use that it does not have yet.
 * @param page the printing page
 * @param html the document
 * @param fonts the fonts it prints with
 */
export async function registerFonts(page: Page, html: string, fonts: PageFonts): Promise<void> {
  let known = registered.get(page);
  if (known?.id !== fonts.id) {
    known = { id: fonts.id, keys: new Set() };
    registered.set(page, known);
  }
  const keys = known.keys;
  const added = fonts.facesFor(html).filter((f) => !keys.has(f.key));
  if (added.length === 0) return;
  await page.evaluate(addFaces, fonts.id, added);
  for (const f of added) keys.add(f.key);
}

// The two functions below run in the page: they define no named functions inside (tsx would wrap
// those in a helper the page does not have).

/** Runs in the page: loads the fonts of every `@page` rule and margin box, then waits for all fonts. */
async function settleFonts(): Promise<void> {
  const root = getComputedStyle(document.documentElement);
  const loads: Promise<unknown>[] = [];
  for (const sheet of Array.from(document.styleSheets)) {
    let rules: CSSRule[] = [];
    try {
      rules = Array.from(sheet.cssRules);
    } catch {
      // A stylesheet from elsewhere (blocked, or not readable): it has no rules for this page.
    }
    for (const rule of rules) {
      if (!(rule instanceof CSSPageRule)) continue;
      const boxes = [rule, ...Array.from((rule as unknown as { cssRules?: CSSRuleList }).cssRules ?? [])];
      for (const box of boxes as CSSStyleRule[]) {
        let family = box.style.fontFamily || rule.style.fontFamily || root.fontFamily;
        // Custom properties, innermost first: var(--serif) → var(--font-body, …), … → "Noto Serif SC", …
        for (let n = 0; n < 10 && family.includes("var("); n++)
          family = family.replace(
            /var\(\s*(--[\w-]+)\s*(?:,([^()]*))?\)/g,
            (_m, name: string, fallback?: string) =>
              root.getPropertyValue(name).trim() || (fallback ?? "").trim(),
          );
        const weight = box.style.fontWeight || rule.style.fontWeight || "400";
        const style = box.style.fontStyle || rule.style.fontStyle || "normal";
        const text = `${box.style.getPropertyValue("content")}0123456789`;
        loads.push(document.fonts.load(`${style} ${weight} 16px ${family}`, text).catch(() => []));
      }
    }
  }
  await Promise.all(loads);
  await document.fonts.ready;
}

/**
 * Loads a document into a page with the fonts it may use, and waits for them (margin boxes' too).
 * @param page the page
 * @param html the document
 * @param options how long loading may take; the fonts to print with
 */
export async function loadDocument(
  page: Page,
  html: string,
  options: { timeoutMs: number; fonts?: PageFonts },
): Promise<void> {
  if (options.fonts) await registerFonts(page, html, options.fonts);
  await page.setContent(html, { waitUntil: "load", timeout: options.timeoutMs });
  await page.evaluate(settleFonts);
}

/**
 * Runs in the page: the font families of the element showing `text` (the first h1 holding it, else the
 * body), the registered faces of those families that loaded, and how many faces failed to load.
 */
async function loadedFor(text: string): Promise<{ keys: string[]; failed: number; families: string }> {
  const heading = Array.from(document.querySelectorAll("h1")).find((h) => h.textContent?.includes(text));
  const style = getComputedStyle(heading ?? document.body);
  // A shown title has its faces loaded already; for one the template does not show in a heading, the
  // body's faces for its characters are loaded now.
  if (!heading)
    await document.fonts
      .load(`${style.fontStyle} ${style.fontWeight} 16px ${style.fontFamily}`, text)
      .catch(() => []);
  const families = style.fontFamily.split(",").map((f) => f.trim().replace(/^["']|["']$/g, ""));
  const registry = (globalThis as unknown as { __briefFonts?: { faces: Map<string, FontFace> } })
    .__briefFonts;
  const keys: string[] = [];
  let failed = 0;
  for (const [key, face] of registry?.faces ?? []) {
    if (face.status === "error") failed++;
    if (face.status === "loaded" && families.includes(face.family.replace(/^["']|["']$/g, "")))
      keys.push(key);
  }
  return { keys, failed, families: style.fontFamily };
}

/** A document that would print without some glyphs: retrying cannot help. */
export class MissingGlyphsError extends BriefError {
  override name = "MissingGlyphsError";
}

const codePoint = (ch: string) =>
  `「${ch}」 U+${(ch.codePointAt(0) as number).toString(16).toUpperCase().padStart(4, "0")}`;

/**
 * Fails when a character of `text` (the brief's title) has no glyph in the fonts its element uses that
 * the page registered and loaded: the PDF would show boxes, or depend on this machine's fonts.
 * @param page a page with the document loaded (fonts settled)
 * @param text the text that must print
 * @param fonts the fonts registered on the page
 * @throws MissingGlyphsError naming the characters, the fonts and any font files that failed to load
 */
export async function assertGlyphs(page: Page, text: string, fonts: PageFonts): Promise<void> {
  const { keys, failed, families } = await page.evaluate(loadedFor, text);
  const missing = fonts.uncovered(text, keys);
  if (missing.length === 0) return;
  const shown = missing.slice(0, 5).map(codePoint).join(", ") + (missing.length > 5 ? ", …" : "");
  throw new MissingGlyphsError(
    `the title would print without glyphs: no loaded font has ${shown} (fonts: ${families})` +
      (failed > 0 ? `; ${failed} font file${failed === 1 ? "" : "s"} failed to load` : ""),
    {
      hint: "name fonts that cover the title under fonts: in config.yaml (README: Fonts), and check `npm run doctor`",
    },
  );
}
