/** The compose stage in memory: no browser. Templates, errors with file and line, escaping, HTML validity. */
import { HtmlValidate } from "html-validate";
import { afterAll, describe, expect, it } from "vitest";
import { createComposer } from "../pipeline/compose/compose.js";
import { BUSINESS, OPPORTUNITY } from "../pipeline/compose/view.js";
import { BriefError, describeError } from "../pipeline/errors.js";
import { loadCues } from "../pipeline/structure/cues.js";
import { structureSource } from "../pipeline/structure/structure.js";
import { cleanup } from "./helpers.js";
import { configWith, gold, seedModels } from "./seed.js";

const AUDIENCES = ["executive", "policymaker", "industry", "researcher"];
const made: string[] = [];
afterAll(() => cleanup(...made));
const withTemplates = async (files: Record<string, string>, audiences = "") => {
  const c = await configWith(files, audiences);
  made.push(c.dir);
  return c.config;
};

describe("the default templates", async () => {
  const composer = createComposer(await withTemplates({}));
  const html = (i: number, audience: string) => composer.compose(seedModels[i] as never, audience).html;

  it("pass html-validate (recommended rules) for every audience and article", async () => {
    const validator = new HtmlValidate({ extends: ["html-validate:recommended"] });
    for (const [i, model] of seedModels.entries())
      for (const a of AUDIENCES) {
        const report = await validator.validateString(html(i, a), `${model.slug}/${a}.html`);
        const messages = report.results.flatMap((r) =>
          r.messages.map((m) => `${m.line}:${m.column} ${m.ruleId} ${m.message}`),
        );
        expect(messages, `${model.slug}/${a}`).toEqual([]);
      }
  });

  it("policymaker shows every headed section, in kind order, with the cited documents", () => {
    seedModels.forEach((model, i) => {
      const text = html(i, "policymaker")
        .replace(/<[^>]+>/g, "")
        .replace(/\s+/g, "");
      for (const s of model.sections)
        if (s.heading) expect(text, s.heading).toContain(s.heading.replace(/\s+/g, ""));
      for (const r of gold.articles[i].references) expect(text).toContain(r.replace(/\s+/g, "").slice(0, 12));
    });
  });

  it("a section left without points shows no heading of its own", () => {
    const model = structuredClone(seedModels[0]) as (typeof seedModels)[number];
    const last = model.sections.at(-1);
    const at = (last?.firstParagraph ?? 0) + (last?.paragraphs.length ?? 0);
    model.sections.push({
      kind: "challenges",
      heading: "一个没有要点的小节",
      paragraphs: ["好。"],
      firstParagraph: at,
      points: [],
    });
    for (const a of AUDIENCES) {
      const out = composer.compose(model as never, a).html;
      expect(out, a).not.toContain("一个没有要点的小节");
    }
  });

  it("the industry brief lists risks from the challenges and actions for business", () => {
    const text = html(0, "industry");
    expect(text).toContain("风险");
    expect(text).toContain("行动建议");
  });

  it("the researcher brief carries provenance, the authors' note and the funding note", () => {
    const text = html(2, "researcher").replace(/\s+/g, "");
    expect(text).toMatch(/第\d+段/);
    expect(text).toContain(gold.articles[2].authorNote.replace(/\s+/g, "").slice(0, 20));
    expect(text).toContain(gold.articles[2].fundingNote.replace(/\s+/g, "").slice(0, 20));
  });

  it("shrink levels give ever shorter briefs", () => {
    const lengths = [0, 2, 4].map(
      (level) => composer.compose(seedModels[0] as never, "policymaker", { level }).html.length,
    );
    expect(lengths[1]).toBeLessThan(lengths[0] as number);
    expect(lengths[2]).toBeLessThan(lengths[1] as number);
  });
});

describe("custom templates", () => {
  it("an overridden partial and a new audience work; everything else falls back to the defaults", async () => {
    const config = await withTemplates(
      {
        "partials/colophon.hbs":
          '<footer class="colophon"><p>本简报由示例研究所编制 · {{brief.title}}</p></footer>\n',
        "audiences/press.hbs":
          '{{> bottom-line}}\n<p class="press">新闻口径：{{#each sections}}{{kindLabel}}{{/each}}</p>\n',
      },
      "  press:\n    title: 新闻口径\n    template: press\n    sections: [context, recommendations]\n",
    );
    const composer = createComposer(config);
    const press = composer.compose(seedModels[0] as never, "press").html;
    expect(press).toContain("新闻口径：背景背景建议");
    expect(press).toContain("本简报由示例研究所编制");
    const policy = composer.compose(seedModels[0] as never, "policymaker").html;
    expect(policy).toContain("本简报由示例研究所编制");
    expect(policy).toContain('class="cover"');
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
    {
      name: "helper that throws",
      text: "<p>\n  <time>{{formatDate}}</time></p>\n",
      error: /press\.hbs:2:9: template failed: helper "formatDate" failed: needs a date/,
    },
  ])(
    "a template with a $name fails with its file and line; other audiences still compose",
    async ({ text, error }) => {
      const config = await withTemplates({ "audiences/press.hbs": text }, "  press:\n    template: press\n");
      const composer = createComposer(config);
      let thrown: unknown;
      try {
        composer.compose(seedModels[0] as never, "press");
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(BriefError);
      expect(describeError(thrown)).toMatch(error);
      expect(composer.compose(seedModels[0] as never, "executive").html).toContain("<html");
    },
  );

  it("triple-stash of source text still cannot emit markup", async () => {
    const config = await withTemplates(
      { "audiences/raw.hbs": "<div>{{{brief.title}}}</div>\n{{#each sections}}{{{heading}}}{{/each}}\n" },
      "  raw:\n    template: raw\n",
    );
    const source =
      '---\ntitle: "标题<script>alert(1)</script><img src=x onerror=alert(2)>"\n---\n\n## 挑战<b onclick="x()">粗</b>\n\n段落。\n';
    const { model } = structureSource(source, "evil.md", "evil", { cues: loadCues() });
    const html = createComposer(config).compose(model, "raw").html;
    expect(html).not.toMatch(/<script>alert|<img src=x|onclick=/);
    expect(html).toContain("标题&lt;script&gt;");
    expect(html).toContain("挑战粗");
  });
});

describe("the industry view's word lists", () => {
  it("English words match whole: a supermarket shooting is no market opportunity", () => {
    expect(OPPORTUNITY.test("A gunman attacked a supermarket in Buffalo.")).toBe(false);
    expect(OPPORTUNITY.test("The law potentially affects many people.")).toBe(false);
    expect(OPPORTUNITY.test("Export markets for copper are growing.")).toBe(true);
    expect(OPPORTUNITY.test("新兴市场需求旺盛。")).toBe(true);
    expect(BUSINESS.test("Officials confirmed the firmware update.")).toBe(false);
    expect(BUSINESS.test("Small businesses and lenders should prepare.")).toBe(true);
  });
});

describe("choosing points", () => {
  it("a section whose every sentence is over budget still gets its shortest one", async () => {
    const { choose, Said } = await import("../pipeline/compose/select.js");
    const { sectionCandidates } = await import("../pipeline/structure/candidates.js");
    const long = (n: number) =>
      `Congress should consider ${"reassessing the statutory requirements that govern the delivery network and ".repeat(n)}its finances.`;
    const candidates = sectionCandidates([`${long(3)} ${long(2)}`], 0, "en");
    const points = choose(candidates, 2, 20, "en", new Said());
    expect(points).toHaveLength(1);
    expect(points[0]?.text).toMatch(/^Congress should consider/);
  });
});
