/**
 * How briefs look, with one browser for the file: computed styles of the key elements, the executive
 * page's fill, last pages that hold more than the colophon, and each default audience's first page
 * compared with a committed PNG (`UPDATE=1` rewrites the references; look at them before committing).
 */
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import pixelmatch from "pixelmatch";
import { PNG } from "pngjs";
import type { Browser } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createComposer } from "../pipeline/compose/compose.js";
import { essentialsCoverage, loadEssentials, visibleText } from "../pipeline/essentials.js";
import { findBrowser, launchBrowser } from "../pipeline/render/browser.js";
import { createRenderer } from "../pipeline/render/pool.js";
import { printableArea } from "../pipeline/render/render.js";
import { fitFor } from "../pipeline/run/build.js";
import { printer } from "../pipeline/run/printer.js";
import { cleanup, collector, pdfPages, ROOT, tempDir } from "./helpers.js";
import { configWith, seedModels } from "./seed.js";

const run = promisify(execFile);
const AUDIENCES = ["executive", "policymaker", "industry", "researcher"];
const DATE = new Date("2026-01-01T00:00:00Z");
const REFERENCES = join(ROOT, "test/fixtures/visual");
const dir = tempDir("brief-visual-");
let browser: Browser;
const renderer = createRenderer({ launch: async () => browser, concurrency: 2 });
afterAll(async () => {
  await renderer.close();
  cleanup(dir);
});

const { config } = await configWith();
const composer = createComposer(config);
const printed = new Map<string, { file: string; html: string; fill?: number }>();

beforeAll(async () => {
  browser = await launchBrowser(await findBrowser(null), {}, { singleProcess: true });
  const print = printer(config, { config, reporter: collector(), renderer });
  await Promise.all(
    seedModels.flatMap((model, i) =>
      AUDIENCES.map(async (key) => {
        const doc = composer.compose(model, key, { date: DATE });
        const fit = fitFor(composer, model, key, config.audiences[key], DATE);
        const out = await print.print(doc, `${model.slug} → ${key}`, fit);
        const file = join(dir, `${i + 1}-${key}.pdf`);
        writeFileSync(file, out.pdf);
        printed.set(`${i + 1}-${key}`, { file, html: out.html, ...(out.fill ? { fill: out.fill } : {}) });
      }),
    ),
  );
});

/** Lowest text on a page, as a share of the printable height (pdftotext's word boxes). */
async function pageFill(file: string, pageNo = 1): Promise<number> {
  const { stdout } = await run("pdftotext", ["-bbox", "-f", String(pageNo), "-l", String(pageNo), file, "-"]);
  const mm = (n: number) => (n / 25.4) * 72;
  const [top, bottom, height] = [mm(22), 841.89 - mm(20), 841.89 - mm(22) - mm(20)];
  const lows = [...stdout.matchAll(/yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)"/g)]
    .map((m) => [Number(m[1]), Number(m[2])] as const)
    .filter(([yMin, yMax]) => yMin >= top - 2 && yMax <= bottom + 2)
    .map(([, yMax]) => yMax);
  return (Math.max(top, ...lows) - top) / height;
}

describe("the look of the seed's briefs", () => {
  it("headings, cover and bottom line are set in the sans stack, headings kept whole with what follows; the bottom line is at least body size, in the accent colour", async () => {
    const page = await browser.newPage();
    try {
      await page.emulateMediaType("print");
      for (const key of AUDIENCES) {
        await page.setContent(printed.get(`1-${key}`)?.html ?? "");
        const s = await page.evaluate(() => {
          const css = (sel: string) => getComputedStyle(document.querySelector(sel) as Element);
          const probe = document.createElement("span");
          probe.style.color = "var(--accent)";
          probe.style.fontFamily = "var(--sans)";
          document.body.append(probe);
          const accent = getComputedStyle(probe).color;
          const sans = getComputedStyle(probe).fontFamily;
          const body = css("main li, main p");
          return {
            sans,
            accent,
            fonts: ["h1", "main h2", ".cover", ".bottom-line p"].map((sel) => [sel, css(sel).fontFamily]),
            bottom: {
              size: Number.parseFloat(css(".bottom-line p").fontSize),
              color: css(".bottom-line p").color,
            },
            body: Number.parseFloat(body.fontSize),
            align: css("main li").textAlign,
            breaks: ["h1", "main h2"].map((sel) => [sel, css(sel).breakInside, css(sel).breakAfter]),
          };
        });
        for (const [sel, font] of s.fonts) expect(font, `${key} ${sel}`).toBe(s.sans);
        expect(s.bottom.size, key).toBeGreaterThanOrEqual(s.body);
        expect(s.bottom.color, key).toBe(s.accent);
        expect(s.align, `${key}: Chinese text justified`).toBe("justify");
        for (const [sel, inside, after] of s.breaks)
          expect([inside, after], `${key} ${sel}: a heading never splits over pages nor ends one`).toEqual([
            "avoid",
            "avoid",
          ]);
      }
    } finally {
      await page.close();
    }
  });

  it("every executive brief is one page at least 80% full", async () => {
    for (const n of [1, 2, 3]) {
      const brief = printed.get(`${n}-executive`);
      expect(await pdfPages(brief?.file ?? ""), `article ${n}`).toBe(1);
      expect(brief?.fill, `article ${n}, as fitted`).toBeGreaterThanOrEqual(0.8);
      expect(await pageFill(brief?.file ?? ""), `article ${n}, as printed`).toBeGreaterThanOrEqual(0.8);
    }
  });

  it("the executive briefs, as fitted, carry at least 90% of their essentials", () => {
    const gold = loadEssentials(join(ROOT, "test/fixtures/essentials.gold.json"));
    const texts = seedModels.map((model, i) => ({
      title: model.title,
      audience: "executive",
      text: visibleText(printed.get(`${i + 1}-executive`)?.html ?? ""),
    }));
    const coverage = essentialsCoverage(texts, gold).get("executive");
    expect(coverage?.total).toBeGreaterThan(0);
    expect(
      (coverage?.found ?? 0) / (coverage?.total ?? 1),
      coverage?.missing.join("\n"),
    ).toBeGreaterThanOrEqual(0.9);
  });

  it("no brief's last page holds only the colophon or a lone heading", async () => {
    for (const [name, { file }] of printed) {
      const pages = await pdfPages(file);
      if (pages === 1) continue;
      const { stdout } = await run("pdftotext", [
        "-layout",
        "-f",
        String(pages),
        "-l",
        String(pages),
        file,
        "-",
      ]);
      const body = stdout
        .split("\n")
        .map((l) => l.trim())
        .filter((l) => l !== "")
        .slice(1, -1) // the running header and the page footer
        .filter((l) => !/^(?:来源|生成于|Source|Generated)/.test(l));
      expect(body.length, `${name}: ${body.join(" | ")}`).toBeGreaterThanOrEqual(2);
    }
  });

  it("each default audience's first page looks like its reference", async () => {
    mkdirSync(REFERENCES, { recursive: true });
    for (const key of AUDIENCES) {
      const stem = join(dir, `page-${key}`);
      await run("pdftoppm", [
        "-png",
        "-r",
        "40",
        "-f",
        "1",
        "-l",
        "1",
        "-singlefile",
        printed.get(`1-${key}`)?.file ?? "",
        stem,
      ]);
      const reference = join(REFERENCES, `${key}.png`);
      if (process.env.UPDATE === "1" || !existsSync(reference)) {
        writeFileSync(reference, readFileSync(`${stem}.png`));
        continue;
      }
      const [a, b] = [PNG.sync.read(readFileSync(`${stem}.png`)), PNG.sync.read(readFileSync(reference))];
      expect([a.width, a.height], key).toEqual([b.width, b.height]);
      const diff = pixelmatch(a.data, b.data, undefined, a.width, a.height, { threshold: 0.1 });
      expect(
        diff / (a.width * a.height),
        `${key}: share of pixels changed (UPDATE=1 to accept)`,
      ).toBeLessThan(0.01);
    }
  });
});

it("the printable area is the page less its margins", () => {
  expect(Math.round(printableArea("A4", config.pdf.margin).height)).toBe(964);
});
