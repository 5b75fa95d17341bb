/** Printed briefs: one browser for the file, runs in this process. Pages, text, bookmarks, accessibility. */

import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import axe from "axe-core";
import { beforeAll, describe, expect, it } from "vitest";
import { findBrowser, launchBrowser } from "../pipeline/render/browser.js";
import {
  build,
  DEFAULT_CONFIG,
  onlyAudiences,
  pdfPages,
  pdfText,
  projects,
  SEED_SLUGS,
  sharedRenderer,
} from "./helpers.js";
import { gold } from "./seed.js";

const run = promisify(execFile);
const renderer = sharedRenderer();
const AUDIENCES = ["executive", "policymaker", "industry", "researcher"];
const { project } = projects();

describe("the seed's briefs", () => {
  const dir = project();
  const out = join(dir, "dist");
  beforeAll(async () => {
    const { result, reporter } = await build(dir, renderer);
    if (result.failed.length > 0 || result.built.length !== 12) throw new Error(reporter.text());
  });

  it("executive briefs are exactly one A4 page", async () => {
    for (const slug of SEED_SLUGS) {
      expect(await pdfPages(join(out, slug, "executive.pdf")), slug).toBe(1);
      const { stdout } = await run("pdfinfo", [join(out, slug, "executive.pdf")]);
      expect(stdout).toMatch(/Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/);
    }
  });

  it("every PDF shows its Chinese title; the policymaker PDF has every headed section", async () => {
    for (const [i, slug] of SEED_SLUGS.entries()) {
      for (const a of AUDIENCES) {
        const text = (await pdfText(join(out, slug, `${a}.pdf`))).replace(/\s+/g, "");
        expect(text, `${slug}/${a}`).toContain(gold.articles[i].title.replace(/\s+/g, "").slice(0, 12));
      }
      const text = (await pdfText(join(out, slug, "policymaker.pdf"))).replace(/\s+/g, "");
      for (const s of gold.articles[i].sections ?? [])
        if (s.heading) expect(text, s.heading).toContain(s.heading.replace(/\s+/g, ""));
    }
  });

  it("PDFs have page numbers and bookmarks from the headings", async () => {
    const file = join(out, SEED_SLUGS[0] as string, "policymaker.pdf");
    const pages = await pdfPages(file);
    expect((await pdfText(file)).replace(/\s+/g, "")).toContain(`第1页/共${pages}页`);
    const { stdout } = await run("pdftohtml", ["-xml", "-stdout", "-i", "-q", file], { maxBuffer: 2 ** 26 });
    const outline = /<outline>[\s\S]*<\/outline>/.exec(stdout)?.[0] ?? "";
    expect(outline).toContain(gold.articles[0].title);
    expect(outline).toContain("现实挑战考验协同智慧");
    expect(outline).toContain("关键数据");
  });

  it("HTML briefs have no serious accessibility violations (axe-core in the browser), on a phone too", async () => {
    const browser = await launchBrowser(await findBrowser(null), {}, { singleProcess: true });
    try {
      const page = await browser.newPage();
      // Every audience on a phone; the desktop width once (the layout is shared).
      for (const [a, width] of [...AUDIENCES.map((a) => [a, 375] as const), ["policymaker", 1024] as const]) {
        await page.setViewport({ width, height: 800 });
        await page.setContent(readFileSync(join(out, SEED_SLUGS[0] as string, `${a}.html`), "utf8"));
        await page.addScriptTag({ content: axe.source });
        const violations = (await page.evaluate(async () => {
          const r = await (window as unknown as { axe: typeof axe }).axe.run(document);
          return r.violations.map((v) => ({ id: v.id, impact: v.impact }));
        })) as { id: string; impact: string }[];
        expect(
          violations.filter((v) => v.impact === "serious" || v.impact === "critical"),
          `${a} @${width}`,
        ).toEqual([]);
        const overflow = await page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
        );
        expect(overflow, `${a} @${width} horizontal overflow`).toBeLessThanOrEqual(0);
      }
    } finally {
      await browser.close();
    }
  });
});

describe("fitting", () => {
  it("a long article (6 sections × 8 paragraphs) still gives exactly one executive page, no point cut mid-sentence", async () => {
    const dir = project();
    const para = (k: number, j: number) =>
      `第${k}部分第${j}段指出，区域合作需要在制度、设施和人才三个方面协同推进，相关部门应当加强统筹，推动形成长期稳定的合作机制。各方还需要关注风险与挑战，确保政策落地见效。`;
    const heads = [
      "发展背景与形势",
      "主要进展与成效",
      "面临的挑战与问题",
      "对策建议",
      "下一步工作重点",
      "保障措施",
    ];
    const body = heads
      .map((h, k) => `## ${h}\n\n${Array.from({ length: 8 }, (_, j) => para(k + 1, j + 1)).join("\n\n")}`)
      .join("\n\n");
    writeFileSync(
      join(dir, "sources", "long.md"),
      `---\ntitle: 一篇很长的文章\nauthors: [作者]\n---\n\n引言段落说明了本文的背景和目的，因此我们需要系统研究。\n\n${body}\n`,
    );
    const { result, reporter } = await build(dir, renderer, { audiences: ["executive"], only: ["long.md"] });
    expect(result.failed, reporter.text()).toEqual([]);
    expect(await pdfPages(join(dir, "dist", "long", "executive.pdf"))).toBe(1);
    const html = readFileSync(join(dir, "dist", "long", "executive.html"), "utf8");
    const points = [...html.matchAll(/<li>([^<]*)<\/li>/g)].map((m) => m[1] as string);
    expect(points.length).toBeGreaterThan(0);
    for (const p of points) expect(p).not.toMatch(/…$/);
  });
});

describe("custom templates, printed", () => {
  const withTemplates = (files: Record<string, string>, audiencesYaml: string) => {
    const dir = project(
      DEFAULT_CONFIG.replace("templates: null", "templates: my-templates").replace(
        "audiences:\n",
        `audiences:\n${audiencesYaml}`,
      ),
    );
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(join(dir, "my-templates", name, ".."), { recursive: true });
      writeFileSync(join(dir, "my-templates", name), text);
    }
    return dir;
  };

  it("a new audience is printed; a broken one fails alone with its file and line; the others are built", async () => {
    const dir = withTemplates(
      {
        "audiences/press.hbs": '<p class="press">新闻口径：{{brief.title}}</p>\n',
        "audiences/broken.hbs": "<p>\n{{brief.nope}}</p>\n",
      },
      "  press:\n    title: 新闻口径\n    template: press\n  broken:\n    template: broken\n",
    );
    const { result, reporter } = await build(dir, renderer, { audiences: ["press", "broken"] });
    expect(result.built.map((b) => b.audience).sort()).toEqual(["press", "press", "press"]);
    expect(result.failed).toHaveLength(3);
    expect(reporter.warnings.join("\n")).toMatch(
      /broken\.hbs:2:\d+: template failed: "nope" is neither a field/,
    );
    for (const slug of SEED_SLUGS) expect(existsSync(join(dir, "dist", slug, "broken.html"))).toBe(false);
    expect(await pdfText(join(dir, "dist", SEED_SLUGS[0] as string, "press.pdf"))).toContain("新闻口径");
  });

  it("a template that loads remote URLs: the requests are blocked and reported, the render finishes", async () => {
    const dir = withTemplates(
      {
        "audiences/remote.hbs":
          '<img src="http://10.255.255.1/tracker.png" alt="">\n<link rel="stylesheet" href="https://fonts.example.invalid/x.css">\n<p>{{brief.title}}</p>\n',
      },
      "  remote:\n    template: remote\n",
    );
    const { result, reporter } = await build(dir, renderer, {
      audiences: ["remote"],
      only: [SEED_SLUGS[0] as string],
    });
    expect(result.failed, reporter.text()).toEqual([]);
    const warnings = reporter.warnings.join("\n");
    expect(warnings).toMatch(/blocked request to http:\/\/10\.255\.255\.1\/tracker\.png/);
    expect(warnings).toMatch(/blocked request to https:\/\/fonts\.example\.invalid\/x\.css/);
    expect(readdirSync(join(dir, "dist", SEED_SLUGS[0] as string))).toContain("remote.pdf");
  });
});

describe("English briefs", () => {
  it("set Latin text in the Latin faces (a CJK font's ’ “ ” are full-width), and say a heading that only names its kind once", async () => {
    const dir = project(onlyAudiences(DEFAULT_CONFIG, ["policymaker"]));
    writeFileSync(
      join(dir, "sources", "en.md"),
      "---\ntitle: The nation’s “bridges” plan\nauthors: [A. Writer]\nlang: en\n---\n\nThe President’s budget asks Congress to repair the nation’s bridges, the administration’s largest request.\n\n## Recommendations\n\nCongress should fund the program. Agencies must report each year’s progress.\n",
    );
    const { result, reporter } = await build(dir, renderer, { only: ["en.md"] });
    expect(result.failed, reporter.text()).toEqual([]);
    const { stdout } = await run("pdffonts", [join(dir, "dist", "en", "policymaker.pdf")]);
    expect(stdout).toMatch(/\+NotoSerif-Regular\s/);
    expect(stdout).toMatch(/\+NotoSans-Bold\s/);
    const html = readFileSync(join(dir, "dist", "en", "policymaker.html"), "utf8");
    expect(html).not.toMatch(/<span class="heading">Recommendations<\/span>/);
  });
});
