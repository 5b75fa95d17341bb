/**
 * Fonts of the HTML briefs: the write stage puts the slices a brief's text needs into `dist/fonts/`
 * and links them with relative URLs, so the HTML shows Chinese on a machine without CJK system fonts
 * (the browser here sees the system's fonts minus every font with Chinese glyphs). One browser for the
 * file: it prints the briefs and opens the written HTML through `file://`.
 */
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser } from "puppeteer-core";
import { beforeAll, describe, expect, it } from "vitest";
import { facesOf } from "../pipeline/fonts/faces.js";
import { fontFaceRules, fontFileName, type LinkedFace, withStylesheet } from "../pipeline/fonts/html.js";
import { fontFolder, fontUrl } from "../pipeline/write/fonts.js";
import {
  build,
  DEFAULT_CONFIG,
  fontconfigWithoutCjk,
  onlyAudiences,
  projects,
  ROOT,
  SEED_SLUGS,
  sharedRenderer,
  tempDir,
} from "./helpers.js";

const AUDIENCES = ["executive", "policymaker"];
const { made, project } = projects();
const fcDir = tempDir("brief-fontconfig-");
made.push(fcDir);
let browser: Browser | undefined;
const renderer = sharedRenderer(
  (b) => {
    browser = b;
  },
  { ...process.env, FONTCONFIG_FILE: fontconfigWithoutCjk(fcDir) },
);

/** The `url(…)`s of a document's `@font-face` rules. */
const fontUrls = (html: string) =>
  [...html.matchAll(/@font-face\s*{[^}]*}/g)].flatMap((m) =>
    [...m[0].matchAll(/url\(\s*["']?([^"')]+)["']?\s*\)/g)].map((u) => u[1] as string),
  );

/** The HTML briefs written into an output folder (paths relative to it). */
const htmlBriefs = (out: string) =>
  readdirSync(out, { recursive: true, encoding: "utf8" }).filter(
    (f) => f.endsWith(".html") && f !== "index.html",
  );

/**
 * Opens a written HTML file through file:// and reports its fonts once they are ready: every face,
 * whether the faces of `font` (a CSS `font`) for `text` are loaded, and the fonts the browser drew the
 * first `selector` with.
 */
async function fontsIn(file: string, { font = '16px "Noto Serif SC"', text = "中文", selector = "h1" } = {}) {
  const page = await (browser as Browser).newPage();
  try {
    await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
    const ready = await page.evaluate(
      async (font, text) => {
        document.body.getBoundingClientRect();
        await document.fonts.ready;
        const faces = Array.from(document.fonts as unknown as Iterable<FontFace>).map((f) => ({
          family: f.family.replace(/^["']|["']$/g, ""),
          status: f.status,
        }));
        return { faces, check: document.fonts.check(font, text) };
      },
      font,
      text,
    );
    const cdp = await page.createCDPSession();
    await cdp.send("DOM.enable");
    await cdp.send("CSS.enable");
    const { root } = await cdp.send("DOM.getDocument");
    const { nodeId } = await cdp.send("DOM.querySelector", { nodeId: root.nodeId, selector });
    const { fonts } = await cdp.send("CSS.getPlatformFontsForNode", { nodeId });
    return { ...ready, drawn: fonts.map((f) => ({ family: f.familyName, web: f.isCustomFont })) };
  } finally {
    await page.close();
  }
}

/** A project of the seed's first article only, for the given audiences and `fonts:` (default the shipped). */
function oneArticle(audiences: string[], fonts?: string): string {
  const config = onlyAudiences(DEFAULT_CONFIG, audiences);
  const dir = project(fonts ? config.replace(/fonts:.*\n( {2}.*\n)+/, fonts) : config);
  for (const slug of SEED_SLUGS.slice(1)) rmSync(join(dir, "sources", `${slug}.md`));
  return dir;
}

describe("HTML briefs with their fonts", () => {
  const dir = oneArticle(AUDIENCES);
  const out = join(dir, "dist");
  let configuredFiles = 0;
  beforeAll(async () => {
    const { result, reporter, config } = await build(dir, renderer);
    if (result.failed.length > 0 || result.built.length !== 2) throw new Error(reporter.text());
    configuredFiles = new Set(facesOf(config.fonts).map((f) => f.file)).size;
  });

  it("dist/fonts holds the slices the briefs use, far fewer than the configured fonts have", () => {
    const files = readdirSync(join(out, "fonts"));
    expect(files.length).toBeGreaterThan(0);
    expect(files.every((f) => f.endsWith(".woff2"))).toBe(true);
    expect(files.length).toBeLessThan(configuredFiles / 4);
  });

  it("every url() of every HTML brief's @font-face is relative and names a file that exists", () => {
    const briefs = htmlBriefs(out);
    expect(briefs.length).toBe(2);
    const used = new Set<string>();
    for (const rel of briefs) {
      const html = readFileSync(join(out, rel), "utf8");
      const urls = fontUrls(html);
      expect(urls.length, rel).toBeGreaterThan(0);
      for (const url of urls) {
        expect(url, rel).toMatch(/^\.\.\/fonts\/[^/]+\.woff2$/);
        const file = resolve(dirname(join(out, rel)), decodeURIComponent(url));
        expect(existsSync(file), `${rel}: ${url}`).toBe(true);
        used.add(file);
      }
      expect(html).not.toMatch(/file:|https?:\/\/[^"'\s]*\.woff/);
    }
    // Nothing in dist/fonts that neither a brief nor the archive page links.
    for (const url of fontUrls(readFileSync(join(out, "index.html"), "utf8")))
      used.add(join(out, decodeURIComponent(url)));
    expect(used.size).toBe(readdirSync(join(out, "fonts")).length);
  });

  it("opened from file:// on a machine without CJK fonts, the Chinese text is set in Noto Serif SC, loaded", async () => {
    for (const rel of htmlBriefs(out)) {
      const { faces, check } = await fontsIn(join(out, rel));
      const serif = faces.filter((f) => f.family === "Noto Serif SC");
      expect(
        serif.filter((f) => f.status === "loaded").length,
        `${rel}: ${JSON.stringify(faces)}`,
      ).toBeGreaterThan(0);
      expect(
        faces.filter((f) => f.status === "error"),
        rel,
      ).toEqual([]);
      expect(check, rel).toBe(true);
    }
  });

  it("a font file lost from dist/fonts is restored by the next run, which rebuilds nothing", async () => {
    const files = readdirSync(join(out, "fonts"));
    const lost = join(out, "fonts", files[0] as string);
    const kept = join(out, "fonts", files[1] as string);
    const bytes = readFileSync(lost);
    const before = statSync(kept);
    rmSync(lost);
    writeFileSync(join(out, "fonts", "gone-from-every-brief.woff2"), "stale");
    const { result, reporter } = await build(dir, renderer);
    expect(result.built, reporter.text()).toEqual([]);
    expect(result.skipped).toHaveLength(2);
    expect(readFileSync(lost).equals(bytes)).toBe(true);
    // A file already there and unchanged is left as it is (same inode, same time).
    const after = statSync(kept);
    expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs]);
    // A slice no brief links any more is pruned.
    expect(existsSync(join(out, "fonts", "gone-from-every-brief.woff2"))).toBe(false);
  });

  it("a brief written before HTML linked its fonts (no fonts in its manifest entry) is rebuilt; the font files it links, there already, are not copied again", async () => {
    const file = join(out, "manifest.json");
    const key = `${SEED_SLUGS[0]}/executive`;
    const manifest = JSON.parse(readFileSync(file, "utf8"));
    const linked = manifest.briefs[key].fonts as string[];
    const before = linked.map((f) => statSync(join(out, f)));
    delete manifest.briefs[key].fonts;
    writeFileSync(file, JSON.stringify(manifest));
    const { result } = await build(dir, renderer);
    expect(result.built.map((b) => b.audience)).toEqual(["executive"]);
    expect(JSON.parse(readFileSync(file, "utf8")).briefs[key].fonts).toEqual(linked);
    const after = linked.map((f) => statSync(join(out, f)));
    expect(after.map((s) => [s.ino, s.mtimeMs])).toEqual(before.map((s) => [s.ino, s.mtimeMs]));
  });
});

describe("the archive page with its fonts", () => {
  const dir = oneArticle(["executive"]);
  // A source named in traditional characters: the archive shows its path, which no brief has, so
  // the archive links slices of its own.
  renameSync(join(dir, "sources", `${SEED_SLUGS[0]}.md`), join(dir, "sources", "政策簡報.md"));
  const out = join(dir, "dist");
  let title = "";
  beforeAll(async () => {
    const { result, reporter } = await build(dir, renderer);
    if (result.failed.length > 0 || result.built.length !== 1) throw new Error(reporter.text());
    title = result.built[0]?.title ?? "";
  });

  it("every url() of index.html's @font-face is relative and names a file in dist/fonts; its stylesheet names the configured families", () => {
    const html = readFileSync(join(out, "index.html"), "utf8");
    const urls = fontUrls(html);
    expect(urls.length).toBeGreaterThan(0);
    for (const url of urls) {
      expect(url).toMatch(/^fonts\/[^/]+\.woff2$/);
      expect(existsSync(join(out, decodeURIComponent(url))), url).toBe(true);
    }
    expect(html).not.toMatch(/file:|https?:\/\/[^"'\s]*\.woff/);
    expect(html).toContain('--font-headings:"Noto Sans SC"');
    expect(html).not.toContain('Noto Sans CJK SC", "Noto Sans SC');
  });

  it("opened from file:// on a machine without CJK fonts, the Chinese titles are drawn in Noto Sans SC, loaded", async () => {
    expect(title).toMatch(/\p{Script=Han}/u);
    const { faces, check, drawn } = await fontsIn(join(out, "index.html"), {
      font: 'bold 17px "Noto Sans SC"',
      text: title,
      selector: "h2",
    });
    expect(
      faces.filter((f) => f.family === "Noto Sans SC" && f.status === "loaded").length,
      JSON.stringify(faces),
    ).toBeGreaterThan(0);
    expect(faces.filter((f) => f.status === "error")).toEqual([]);
    expect(check).toBe(true);
    // Every glyph of the title is drawn from a web font of the page (a slice names itself "Noto Sans SC Thin").
    expect(drawn).toEqual([{ family: expect.stringMatching(/^Noto Sans SC\b/), web: true }]);
  });

  it("a run that rebuilds nothing keeps the archive's font files (none pruned) and restores one gone missing", async () => {
    const index = readFileSync(join(out, "index.html"), "utf8");
    const linked = fontUrls(index).map(decodeURIComponent);
    const briefs = new Set(
      Object.values(
        JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")).briefs as Record<
          string,
          { fonts: string[] }
        >,
      ).flatMap((e) => e.fonts),
    );
    // Files only the archive links: the settle step must count them as kept.
    const own = linked.filter((f) => !briefs.has(f));
    expect(own.length).toBeGreaterThan(0);
    rmSync(join(out, linked[0] as string));
    const { result, reporter } = await build(dir, renderer);
    expect(result.built, reporter.text()).toEqual([]);
    expect(readFileSync(join(out, "index.html"), "utf8")).toBe(index);
    for (const f of linked) expect(existsSync(join(out, f)), f).toBe(true);
  });

  it("an archive written before it linked its fonts (no record in the manifest) is written again by a run that rebuilds nothing", async () => {
    const file = join(out, "manifest.json");
    const index = readFileSync(join(out, "index.html"), "utf8");
    const manifest = JSON.parse(readFileSync(file, "utf8"));
    delete manifest.archive;
    writeFileSync(file, JSON.stringify(manifest));
    writeFileSync(join(out, "index.html"), index.replace(/<style>\n@font-face[\s\S]*?<\/style>\n/, ""));
    expect(fontUrls(readFileSync(join(out, "index.html"), "utf8"))).toEqual([]);
    // A run killed between the page and the feed: the feed is written again with the page.
    const feed = readFileSync(join(out, "feed.xml"), "utf8");
    rmSync(join(out, "feed.xml"));
    const { result, reporter } = await build(dir, renderer);
    expect(result.built, reporter.text()).toEqual([]);
    expect(readFileSync(join(out, "index.html"), "utf8")).toBe(index);
    expect(readFileSync(join(out, "feed.xml"), "utf8")).toBe(feed);
    expect(JSON.parse(readFileSync(file, "utf8")).archive.fonts).toEqual(
      fontUrls(index).map(decodeURIComponent),
    );
  });
});

describe("HTML briefs with a font file of their own", () => {
  it("the file is copied whole into dist/fonts (its name encoded in the URL) and the browser loads it", async () => {
    const fonts = '\nfonts:\n  body: ["fonts/Serif Latin.woff2", Noto Serif SC]\n  headings: Noto Sans SC\n';
    const dir = oneArticle(["policymaker"], fonts);
    const source = join(ROOT, "node_modules/@fontsource/noto-serif/files/noto-serif-latin-400-normal.woff2");
    mkdirSync(join(dir, "fonts"));
    copyFileSync(source, join(dir, "fonts", "Serif Latin.woff2"));
    const { result, reporter } = await build(dir, renderer);
    expect(result.built, reporter.text()).toHaveLength(1);
    const copies = readdirSync(join(dir, "dist", "fonts")).filter((f) => f.startsWith("Serif Latin."));
    expect(copies).toEqual([expect.stringMatching(/^Serif Latin\.[0-9a-f]{8}\.woff2$/)]);
    const copy = copies[0] as string;
    expect(readFileSync(join(dir, "dist", "fonts", copy)).equals(readFileSync(source))).toBe(true);
    const file = join(dir, "dist", SEED_SLUGS[0] as string, "policymaker.html");
    expect(fontUrls(readFileSync(file, "utf8"))).toContain(`../fonts/${encodeURIComponent(copy)}`);
    const { faces } = await fontsIn(file);
    expect(faces).toContainEqual({ family: "Noto Serif", status: "loaded" });
    expect(faces.filter((f) => f.status === "error")).toEqual([]);
  });
});

describe("a font file that cannot be written", () => {
  it("fails the brief with the path and the cause; no HTML or PDF is written, no temporary file is left", async () => {
    const dir = oneArticle(["policymaker"]);
    mkdirSync(join(dir, "dist"));
    writeFileSync(join(dir, "dist", "fonts"), "a file where the fonts folder goes");
    const { result, reporter } = await build(dir, renderer);
    expect(result.built).toEqual([]);
    expect(reporter.text()).toMatch(/cannot write .*dist\/fonts: a file is where a folder should be/);
    // The archive (an empty index.html) is all the run writes besides brief.json.
    const left = readdirSync(join(dir, "dist"), { recursive: true, encoding: "utf8" });
    expect(left.filter((f) => /\.(html|pdf)$/.test(f) || f.includes(".tmp-"))).toEqual(["index.html"]);
  });
});

describe("linking fonts, without a browser", () => {
  it.each([
    { html: "index.html", name: "a.woff2", url: "fonts/a.woff2" },
    { html: "slug/policymaker.html", name: "a.woff2", url: "../fonts/a.woff2" },
    { html: "2026/01/slug/a.html", name: "a.woff2", url: "../../../fonts/a.woff2" },
    { html: "slug/a.html", name: "Serif Latin #1.ttf", url: "../fonts/Serif%20Latin%20%231.ttf" },
  ])("from $html, fonts/$name is $url", ({ html, name, url }) => {
    expect(fontUrl(html, name)).toBe(url);
  });

  it("settling dist/fonts restores what a brief links, reports what it cannot, removes only unlinked font files", async () => {
    const out = tempDir();
    made.push(out);
    mkdirSync(join(out, "fonts"));
    for (const f of ["b.woff2", "stale.woff2", "notes.txt"]) writeFileSync(join(out, "fonts", f), "x");
    writeFileSync(join(out, "a-source.woff2"), "font a");
    const settled = await fontFolder(out).settle(
      ["fonts/a.woff2", "fonts/b.woff2", "fonts/gone.woff2"],
      () => new Map([["a.woff2", join(out, "a-source.woff2")]]),
    );
    expect(settled).toEqual({
      restored: ["fonts/a.woff2"],
      failed: [{ path: "fonts/gone.woff2", reason: expect.stringMatching(/not among the configured fonts/) }],
      removed: ["fonts/stale.woff2"],
    });
    expect(readFileSync(join(out, "fonts", "a.woff2"), "utf8")).toBe("font a");
    expect(readdirSync(join(out, "fonts")).sort()).toEqual(["a.woff2", "b.woff2", "notes.txt"]);
  });

  it("a font file is named by its own name and a hash of its bytes: new bytes, new name; same bytes, same name", () => {
    const dir = tempDir();
    made.push(dir);
    const file = (path: string, bytes: string) => {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), bytes);
      return join(dir, path);
    };
    const a = file("a/Regular.ttf", "one font");
    const b = file("b/Regular.ttf", "another font");
    const c = file("c/regular.ttf", "one font, other case");
    const same = file("d/Regular.ttf", "one font");
    const name = fontFileName(a);
    expect(name).toMatch(/^Regular\.[0-9a-f]{8}\.ttf$/);
    expect(fontFileName(same)).toBe(name);
    expect(fontFileName(b)).not.toBe(name);
    expect(fontFileName(c).toLowerCase()).not.toBe(name.toLowerCase());
    // An upgrade rewrites the file: a brief not rebuilt keeps linking the old slice, under its old name.
    writeFileSync(a, "one font, upgraded");
    utimesSync(a, new Date(), new Date(Date.now() + 5000));
    expect(fontFileName(a)).not.toBe(name);
    expect(fontFileName(join(dir, "gone.woff2"))).toBe("gone.woff2");
  });

  it("the @font-face rules go at the end of the head, the family quoted for CSS", () => {
    const face = {
      family: 'A "B" </style>',
      weight: "700",
      style: "normal",
      format: "woff2",
      unicodeRange: "U+4e2d",
      name: "a.woff2",
    } as LinkedFace;
    const css = fontFaceRules([face], (n) => `../fonts/${n}`);
    expect(css).toBe(
      '@font-face{font-family:"A \\"B\\" \\3c /style>";font-style:normal;font-weight:700;font-display:swap;' +
        'src:url("../fonts/a.woff2") format("woff2");unicode-range:U+4e2d}',
    );
    expect(withStylesheet("<html><head><title>t</title></head><body></body></html>", css)).toBe(
      `<html><head><title>t</title><style>\n${css}\n</style>\n</head><body></body></html>`,
    );
    expect(withStylesheet("<p>x</p>", "a{}")).toBe("<style>\na{}\n</style>\n<p>x</p>");
    expect(withStylesheet("<head></head>", "")).toBe("<head></head>");
  });
});
