/**
 * Fonts that travel with the project: briefs print with the packaged fonts alone, embed them as subset
 * CID TrueType fonts, load only the slices they use, carry their metadata, and never print a title
 * without glyphs. Two browsers (the only file with two): one seeing the system's fonts, one with the
 * system's CJK fonts hidden, as on a machine without `fonts-noto-cjk`.
 */

import { execFile } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../pipeline/config/load.js";
import { facesOf, stylesheetFaces, subtractRanges } from "../pipeline/fonts/faces.js";
import { printFonts } from "../pipeline/fonts/print.js";
import { setPdfInfo } from "../pipeline/render/pdf-info.js";
import {
  build,
  DEFAULT_CONFIG,
  fontconfigWithoutCjk,
  LATIN_FONT,
  pdfPages,
  pdfText,
  projects,
  ROOT,
  SEED_SLUGS,
  sharedRenderer,
  tempDir,
} from "./helpers.js";
import { gold } from "./seed.js";

const run = promisify(execFile);
// The fitted one-page brief and a two-page one (e2e.test.ts checks the fonts of every default brief).
const AUDIENCES = ["executive", "policymaker"];
const SLUG = SEED_SLUGS[0] as string;
const { made, project } = projects();

const fcDir = tempDir("brief-fontconfig-");
made.push(fcDir);
const requests: string[] = [];
const hidden = sharedRenderer(
  (browser) =>
    browser.on("targetcreated", async (target) =>
      (await target.page())?.on("request", (r) => requests.push(r.url())),
    ),
  { ...process.env, FONTCONFIG_FILE: fontconfigWithoutCjk(fcDir) },
);
const system = sharedRenderer();

/** pdffonts' rows: name, type, encoding, embedded, subset, unicode. */
async function pdfFonts(file: string): Promise<string[]> {
  return (await run("pdffonts", [file])).stdout.split("\n").slice(2).filter(Boolean);
}

describe("printing with the packaged fonts only", () => {
  const withoutCjk = project();
  const withCjk = project();
  let fontFiles = 0;
  let firstBrief: string[] = [];
  beforeAll(async () => {
    // The hidden-fonts browser's first brief: nothing is cached yet, so every font it needs is a request.
    const first = await build(withoutCjk, hidden, { audiences: ["policymaker"], only: [SLUG] });
    if (first.result.failed.length > 0) throw new Error(first.reporter.text());
    firstBrief = requests.filter((u) => u.endsWith(".woff2"));
    fontFiles = facesOf(first.config.fonts).length;
    const [a, b] = await Promise.all([
      build(withoutCjk, hidden, { audiences: AUDIENCES, only: [SLUG] }),
      build(withCjk, system, { audiences: AUDIENCES, only: [SLUG] }),
    ]);
    if (a.result.failed.length + b.result.failed.length > 0)
      throw new Error(a.reporter.text() + b.reporter.text());
  });

  it("a brief loads only the font slices it uses: one request per font its PDF embeds", async () => {
    const embedded = await pdfFonts(join(withoutCjk, "dist", SLUG, "policymaker.pdf"));
    expect(firstBrief.every((u) => /^file:\/\/.*\/node_modules\/@fontsource\//.test(u))).toBe(true);
    expect(new Set(firstBrief).size).toBe(firstBrief.length);
    expect(firstBrief.length).toBe(embedded.length);
    expect(firstBrief.length).toBeLessThan(fontFiles / 5);
  });

  it("with the system's CJK fonts hidden, every audience prints the same pages and text as with them", async () => {
    for (const a of AUDIENCES) {
      const [mine, theirs] = [withoutCjk, withCjk].map((d) => join(d, "dist", SLUG, `${a}.pdf`)) as [
        string,
        string,
      ];
      expect(await pdfPages(mine), a).toBe(await pdfPages(theirs));
      const text = await pdfText(mine);
      expect(text, a).toBe(await pdfText(theirs));
      expect(text.replace(/\s+/g, ""), a).toContain(gold.articles[0].title.replace(/\s+/g, ""));
    }
  });

  it("every PDF embeds only subset CID TrueType fonts (no Type 3)", async () => {
    for (const dir of [withoutCjk, withCjk])
      for (const a of AUDIENCES) {
        const fonts = await pdfFonts(join(dir, "dist", SLUG, `${a}.pdf`));
        expect(fonts.length, a).toBeGreaterThan(0);
        for (const f of fonts)
          expect(f, a).toMatch(/^[A-Z]{6}\+\S+\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes/);
      }
  });

  it("the HTML brief names the fonts and links their slices in ../fonts/: no file: or remote URL", () => {
    const html = readFileSync(join(withoutCjk, "dist", SLUG, "policymaker.html"), "utf8");
    expect(html).toContain('--font-body:"Noto Serif SC"');
    expect(html).toMatch(/@font-face\{font-family:"Noto Serif SC";[^}]*src:url\("\.\.\/fonts\//);
    expect(html).not.toMatch(/file:|https?:\/\//);
    for (const url of html.matchAll(/url\(([^)]*)\)/g))
      expect(url[1]).toMatch(/^"\.\.\/fonts\/[\w-]+\.[0-9a-f]{8}\.woff2"$/);
  });

  it("the PDF says what it is: title, authors, audience and column, keywords, creator, language; tagged, with bookmarks", async () => {
    const file = join(withCjk, "dist", SLUG, "policymaker.pdf");
    const { stdout, stderr } = await run("pdfinfo", [file]);
    expect(stderr).toBe("");
    expect(stdout).toMatch(new RegExp(`Title:\\s+${gold.articles[0].title}\\n`));
    expect(stdout).toMatch(/Author:\s+邵志成, 翟崑\n/);
    expect(stdout).toMatch(/Subject:\s+决策参考 · 议天下\n/);
    expect(stdout).toMatch(/Keywords:\s+议天下, /);
    expect(stdout).toMatch(/Creator:\s+policy-brief \d+\.\d+\.\d+\n/);
    expect(stdout).toMatch(/Tagged:\s+yes/);
    expect(readFileSync(file).toString("latin1")).toMatch(/\/Lang \(zh\)/);
    const xml = (await run("pdftohtml", ["-xml", "-stdout", "-i", "-q", file], { maxBuffer: 2 ** 26 }))
      .stdout;
    expect(/<outline>[\s\S]*<\/outline>/.exec(xml)?.[0]).toContain(gold.articles[0].title);
  });
});

describe("a title the fonts cannot show", () => {
  it("fails each brief with the characters and the fix; nothing is written", async () => {
    const fonts = "fonts:\n  body: fonts/latin.woff2\n  headings: fonts/latin.woff2\n";
    const dir = project(DEFAULT_CONFIG.replace(/fonts:.*\n( {2}.*\n)+/, fonts));
    mkdirSync(join(dir, "fonts"));
    copyFileSync(LATIN_FONT, join(dir, "fonts", "latin.woff2"));
    const { result, reporter } = await build(dir, hidden, {
      audiences: ["executive", "policymaker"],
      only: [SLUG],
    });
    expect(result.built).toEqual([]);
    expect(result.failed).toHaveLength(2);
    const text = reporter.text();
    expect(text).toMatch(/the title would print without glyphs: no loaded font has 「以」 U\+4EE5/);
    expect(text).toMatch(/fonts: in config\.yaml/);
    expect(text).not.toMatch(/retrying/);
    for (const a of ["executive", "policymaker"])
      expect(existsSync(join(dir, "dist", SLUG, `${a}.pdf`))).toBe(false);
  });
});

/** A minimal PDF with a classic cross-reference table and no /Lang, as a browser might write it. */
function tinyPdf(): Buffer {
  const objects = [
    "<</Type /Catalog /Pages 2 0 R>>",
    "<</Type /Pages /Kids [3 0 R] /Count 1>>",
    "<</Type /Page /Parent 2 0 R /MediaBox [0 0 200 200]>>",
    "<</Producer (Test) /CreationDate (D:20260101000000Z)>>",
  ];
  let out = "%PDF-1.4\n";
  const offsets = objects.map((o, i) => {
    const at = out.length;
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
    return at;
  });
  const xref = out.length;
  out += `xref\n0 5\n0000000000 65535 f\r\n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n\r\n`).join("")}`;
  out += `trailer\n<</Size 5 /Root 1 0 R /Info 4 0 R>>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, "latin1");
}

describe("fonts and PDF information, without a browser", () => {
  it("the PDF information is an appended update whose cross-reference points at its objects", async () => {
    const dir = tempDir();
    made.push(dir);
    const before = tinyPdf();
    const after = Buffer.from(
      setPdfInfo(before, {
        title: "数字服务贸易 (draft)",
        author: ["王海文", "贾瑞哲"],
        subject: "决策参考 · 议天下",
        keywords: ["议天下"],
        creator: "policy-brief 0.1.0",
        lang: "zh",
      }),
    );
    expect(after.subarray(0, before.length).equals(before)).toBe(true);
    const text = after.toString("latin1");
    const xref = Number(/startxref\s+(\d+)\s+%%EOF\s*$/.exec(text)?.[1]);
    const section = text.slice(xref, text.indexOf("trailer", xref));
    for (const m of section.matchAll(/^(\d+) 1\n(\d{10}) 00000 n\r$/gm))
      expect(text.slice(Number(m[2]), Number(m[2]) + 12)).toMatch(new RegExp(`^${m[1]} 0 obj`));
    expect(text).toMatch(/\/Prev \d+/);
    writeFileSync(join(dir, "a.pdf"), after);
    const { stdout, stderr } = await run("pdfinfo", [join(dir, "a.pdf")]);
    expect(stderr).toBe("");
    expect(stdout).toMatch(/Title:\s+数字服务贸易 \(draft\)\n[\s\S]*Author:\s+王海文, 贾瑞哲/);
    expect(stdout).toMatch(/Producer:\s+Test/);
    expect(text).toMatch(/\/Lang <FEFF007A0068>/);
  });

  it("a package's slices are disjoint per family and weight, and cover what the package covers", async () => {
    expect(subtractRanges([0, 10, 20, 30], [5, 6, 8, 22, 25, 25])).toEqual([0, 4, 7, 7, 23, 24, 26, 30]);
    const config = await parseConfig(DEFAULT_CONFIG, join(ROOT, "config.yaml"));
    const pkg = config.fonts.body[0]?.package?.dir as string;
    const original = new Set<number>();
    for (const f of stylesheetFaces(readFileSync(join(pkg, "400.css"), "utf8"), pkg))
      for (let i = 0; i < f.ranges.length; i += 2)
        for (let c = f.ranges[i] as number; c <= (f.ranges[i + 1] as number); c++) original.add(c);
    const faces = facesOf(config.fonts).filter((f) => f.family === "Noto Serif SC" && f.weight === "400");
    const seen = new Map<number, string>();
    for (const f of faces)
      for (let i = 0; i < f.ranges.length; i += 2)
        for (let c = f.ranges[i] as number; c <= (f.ranges[i + 1] as number); c++) {
          expect(seen.get(c), `U+${c.toString(16)}`).toBeUndefined();
          seen.set(c, f.file);
        }
    expect(seen.size).toBe(original.size);
  });

  it("a document gets the faces covering its characters, far fewer than the package has", async () => {
    const config = await parseConfig(DEFAULT_CONFIG, join(ROOT, "config.yaml"));
    const fonts = printFonts(config.fonts);
    const faces = fonts.facesFor("<p>以高水平区域合作 2026</p>");
    expect(faces.length).toBeGreaterThan(3);
    expect(faces.length).toBeLessThan(fonts.allow.length / 4);
    for (const f of faces) expect(fonts.allow.some((u) => f.src.includes(u))).toBe(true);
    expect(
      fonts.uncovered(
        "以高𠀀 A",
        faces.map((f) => f.key),
      ),
    ).toEqual(["𠀀"]);
  });
});
