import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import axe from "axe-core";
import { HtmlValidate } from "html-validate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findBrowser, launchBrowser } from "../pipeline/render/browser.js";
import { cleanup, cli, pdfPages, pdfText, ROOT, tempDir, tempProject } from "./helpers.js";

const gold = JSON.parse(readFileSync(join(ROOT, "test/fixtures/seed.gold.json"), "utf8"));
const slugs = [1, 2, 3].map((n) => `000_5f243a6afe7eb4cc-${n}`);
const audiences = ["executive", "policymaker", "industry", "researcher"];
const base = readFileSync(join(ROOT, "config.yaml"), "utf8");

describe("the seed's briefs", () => {
  const out = tempDir("brief-out-");
  beforeAll(() => {
    const r = cli(["brief", "--out", out]);
    if (r.code !== 0) throw new Error(r.output);
  });
  afterAll(() => cleanup(out));

  it("executive briefs are exactly one A4 page", () => {
    for (const slug of slugs) {
      expect(pdfPages(join(out, slug, "executive.pdf")), slug).toBe(1);
      const info = execFileSync("pdfinfo", [join(out, slug, "executive.pdf")], { encoding: "utf8" });
      expect(info).toMatch(/Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/);
    }
  });

  it("policymaker briefs show every section of the article, in kind order, with figures and documents", () => {
    slugs.forEach((slug, i) => {
      const text = pdfText(join(out, slug, "policymaker.pdf")).replace(/\s+/g, "");
      const model = JSON.parse(readFileSync(join(out, slug, "brief.json"), "utf8"));
      for (const s of model.sections)
        if (s.heading) expect(text, s.heading).toContain(s.heading.replace(/\s+/g, ""));
      for (const r of gold.articles[i].references) expect(text).toContain(r.replace(/\s+/g, "").slice(0, 12));
      const order = ["背景", "进展与成效", "挑战", "建议"].map((l) => text.indexOf(l)).filter((x) => x >= 0);
      expect(order).toEqual([...order].sort((a, b) => a - b));
    });
  });

  it("PDFs have page numbers and bookmarks from the headings", () => {
    const file = join(out, slugs[0] as string, "policymaker.pdf");
    const pages = pdfPages(file);
    const text = pdfText(file).replace(/\s+/g, "");
    expect(text).toContain(`第1页/共${pages}页`);
    const xml = execFileSync("pdftohtml", ["-xml", "-stdout", "-i", "-q", file], { encoding: "utf8" });
    const outline = /<outline>[\s\S]*<\/outline>/.exec(xml)?.[0] ?? "";
    expect(outline).toContain(gold.articles[0].title);
    expect(outline).toContain("现实挑战考验协同智慧");
    expect(outline).toContain("关键数据");
  });

  it("the researcher brief carries provenance, the authors' note, the funding note and every cited document", () => {
    const text = pdfText(join(out, slugs[2] as string, "researcher.pdf")).replace(/\s+/g, "");
    expect(text).toMatch(/第\d+段/);
    expect(text).toContain(gold.articles[2].authorNote.replace(/\s+/g, "").slice(0, 20));
    expect(text).toContain(gold.articles[2].fundingNote.replace(/\s+/g, "").slice(0, 20));
  });

  it("the industry brief lists risks from the challenges and actions for business", () => {
    const html = readFileSync(join(out, slugs[0] as string, "industry.html"), "utf8");
    expect(html).toContain("风险");
    expect(html).toContain("发展水平参差不齐");
    expect(html).toContain("行动建议");
  });

  it("HTML briefs pass html-validate (recommended rules)", async () => {
    const validator = new HtmlValidate({ extends: ["html-validate:recommended"] });
    for (const slug of slugs) {
      for (const a of audiences) {
        const report = await validator.validateString(
          readFileSync(join(out, slug, `${a}.html`), "utf8"),
          `${slug}/${a}.html`,
        );
        const messages = report.results.flatMap((r) =>
          r.messages.map((m) => `${m.line}:${m.column} ${m.ruleId} ${m.message}`),
        );
        expect(messages, `${slug}/${a}`).toEqual([]);
      }
    }
  });

  it("HTML briefs have no serious accessibility violations (axe-core in the browser), on a phone too", async () => {
    const browser = await launchBrowser(await findBrowser(null));
    try {
      for (const a of audiences) {
        const page = await browser.newPage();
        for (const width of [1024, 375]) {
          await page.setViewport({ width, height: 800 });
          await page.setContent(readFileSync(join(out, slugs[0] as string, `${a}.html`), "utf8"));
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
        await page.close();
      }
    } finally {
      await browser.close();
    }
  });
});

describe("executive fits one page whatever the length", () => {
  it("a long article (6 sections × 8 paragraphs) still gives exactly one page, no point cut mid-sentence", () => {
    const dir = tempProject();
    try {
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
      const r = cli(["brief", "--audience", "executive"], { cwd: dir });
      expect(r.code, r.output).toBe(0);
      const file = join(dir, "dist", "long", "executive.pdf");
      expect(pdfPages(file)).toBe(1);
      const html = readFileSync(join(dir, "dist", "long", "executive.html"), "utf8");
      const points = [...html.matchAll(/<li>([^<]*)<\/li>/g)].map((m) => m[1] as string);
      expect(points.length).toBeGreaterThan(0);
      for (const p of points) expect(p).not.toMatch(/…$/);
    } finally {
      cleanup(dir);
    }
  });
});

describe("custom templates", () => {
  function project(files: Record<string, string>, audiencesYaml = "") {
    const dir = tempProject(
      base
        .replace("templates: null", "templates: my-templates")
        .replace("audiences:\n", `audiences:\n${audiencesYaml}`),
    );
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(join(dir, "my-templates", name, ".."), { recursive: true });
      writeFileSync(join(dir, "my-templates", name), text);
    }
    return dir;
  }

  it("an overridden partial and a new audience work; everything else falls back to the defaults", () => {
    const dir = project(
      {
        "partials/colophon.hbs":
          '<footer class="colophon"><p>本简报由示例研究所编制 · {{brief.title}}</p></footer>\n',
        "audiences/press.hbs":
          '{{> bottom-line}}\n<p class="press">新闻口径：{{#each sections}}{{kindLabel}}{{/each}}</p>\n',
      },
      "  press:\n    title: 新闻口径\n    template: press\n    sections: [context, recommendations]\n",
    );
    try {
      const r = cli(["brief", "--audience", "press", "policymaker"], { cwd: dir });
      expect(r.code, r.output).toBe(0);
      const press = readFileSync(join(dir, "dist", slugs[0] as string, "press.html"), "utf8");
      expect(press).toContain("新闻口径：背景背景建议");
      expect(press).toContain("本简报由示例研究所编制");
      const policy = readFileSync(join(dir, "dist", slugs[0] as string, "policymaker.html"), "utf8");
      expect(policy).toContain("本简报由示例研究所编制");
      expect(policy).toContain('class="cover"');
      expect(pdfText(join(dir, "dist", slugs[0] as string, "press.pdf"))).toContain("新闻口径");
      const list = cli(["templates"], { cwd: dir });
      expect(list.stdout).toMatch(
        /partials\/colophon\.hbs\s+\S*my-templates\/partials\/colophon\.hbs\s+\(yours\)/,
      );
      expect(list.stdout).toMatch(/partials\/cover\.hbs\s+\S*templates\/partials\/cover\.hbs\n/);
    } finally {
      cleanup(dir);
    }
  });

  it.each([
    {
      name: "syntax error",
      text: "<p>\n{{#if brief.title}}\nno end\n",
      error: /press\.hbs:4: template cannot compile: syntax error/,
    },
    {
      name: "unknown helper",
      text: "<p>\n\n{{shout brief.title}}</p>\n",
      error: /press\.hbs:3:\d+: template failed: "shout" is neither a field of the data nor a helper/,
    },
    {
      name: "missing partial",
      text: "<p>x</p>\n{{> nowhere}}\n",
      error: /press\.hbs:2: template failed: missing partial "nowhere"/,
    },
    {
      name: "missing field",
      text: "<p>\n{{brief.nope}}</p>\n",
      error: /press\.hbs:2:\d+: template failed: "nope" is neither a field/,
    },
  ])(
    "a template with a $name fails that audience with file and line; the others are built",
    ({ text, error }) => {
      const dir = project({ "audiences/press.hbs": text }, "  press:\n    template: press\n");
      try {
        const r = cli(["brief", "--audience", "press", "executive"], { cwd: dir });
        expect(r.code).toBe(1);
        expect(r.stderr).toMatch(error);
        expect(r.stdout).toMatch(/3 briefs built \(3 articles\), 0 unchanged, 3 failed/);
        for (const slug of slugs) {
          expect(existsSync(join(dir, "dist", slug, "executive.pdf"))).toBe(true);
          expect(existsSync(join(dir, "dist", slug, "press.html"))).toBe(false);
        }
        const check = cli(["templates", "--check"], { cwd: dir });
        expect(check.code).toBe(1);
        expect(check.stderr).toMatch(error);
      } finally {
        cleanup(dir);
      }
    },
  );

  it("a template that loads remote URLs: the requests are blocked and reported, the render finishes", () => {
    const dir = project(
      {
        "audiences/remote.hbs":
          '<img src="http://10.255.255.1/tracker.png" alt="">\n<link rel="stylesheet" href="https://fonts.example.invalid/x.css">\n<p>{{brief.title}}</p>\n',
      },
      "  remote:\n    template: remote\n",
    );
    try {
      const r = cli(["brief", "--audience", "remote"], { cwd: dir });
      expect(r.code, r.output).toBe(0);
      expect(r.stderr).toMatch(/blocked request to http:\/\/10\.255\.255\.1\/tracker\.png/);
      expect(r.stderr).toMatch(/blocked request to https:\/\/fonts\.example\.invalid\/x\.css/);
      expect(readdirSync(join(dir, "dist", slugs[0] as string))).toContain("remote.pdf");
    } finally {
      cleanup(dir);
    }
  });

  it("triple-stash of source text still cannot emit markup", () => {
    const dir = project(
      { "audiences/raw.hbs": "<div>{{{brief.title}}}</div>\n{{#each sections}}{{{heading}}}{{/each}}\n" },
      "  raw:\n    template: raw\n",
    );
    try {
      writeFileSync(
        join(dir, "sources", "evil.md"),
        '---\ntitle: "标题<script>alert(1)</script><img src=x onerror=alert(2)>"\n---\n\n## 挑战<b onclick="x()">粗</b>\n\n段落。\n',
      );
      const r = cli(["brief", "--audience", "raw"], { cwd: dir });
      expect(r.code, r.output).toBe(0);
      const html = readFileSync(join(dir, "dist", "evil", "raw.html"), "utf8");
      expect(html).not.toMatch(/<script>alert|<img src=x|onclick=/);
      expect(html).toContain("标题&lt;script&gt;");
      expect(html).toContain("挑战粗");
    } finally {
      cleanup(dir);
    }
  });
});
