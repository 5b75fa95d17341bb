/**
 * What briefs say, in memory (no browser): points compressed at a clause, none opening with a
 * connective, nothing said twice, key figures that mean something, enumerations whole, risks read from
 * risk language, and the policymaker briefs carrying every essential of the seed.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createComposer, fitLevels } from "../pipeline/compose/compose.js";
import { essentialsCoverage, loadEssentials, visibleText } from "../pipeline/essentials.js";
import { sectionCandidates } from "../pipeline/structure/candidates.js";
import { compress, stripLead } from "../pipeline/structure/compress.js";
import { loadCues } from "../pipeline/structure/cues.js";
import { figureMeaning } from "../pipeline/structure/figure-meaning.js";
import { structureSource } from "../pipeline/structure/structure.js";
import { ROOT } from "./helpers.js";
import { configWith, seedModels } from "./seed.js";

const AUDIENCES = ["executive", "policymaker", "industry", "researcher"];
const gold = loadEssentials(join(ROOT, "test/fixtures/essentials.gold.json"));

/** Openers no point may start with (an independent list, not the compressor's). */
const CONNECTIVE =
  /^(?:此外|另外|同时|因此|所以|因而|例如|比如|会上|在此基础上|然而|但是|而且|可见|总之|其中|一方面|另一方面|首先|其次|再次|最后|与此同时|In addition|Additionally|Moreover|However|Therefore|For example|For instance|Furthermore|Meanwhile|Also)[，,]|^[^，。“”]{1,40}(?:表示|认为|指出|强调)[，：]/u;
const DATE_ONLY =
  /^(?:\d{4}年(?:\d{1,2}月(?:\d{1,2}日)?|上半年|下半年)?|\d{1,2}月\d{1,2}日|(?:19|20)\d{2})$/u;

const textOf = (html: string) => visibleText(html).trim();
/** The points, bottom line and figure rows of a composed brief. */
function parts(html: string) {
  const lists = [...html.matchAll(/<ul class="points">([\s\S]*?)<\/ul>/g)]
    .map((m) => m[1] as string)
    .join("");
  const points = [...lists.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => textOf(m[1] as string));
  const bottom = /<section class="bottom-line"[\s\S]*?<p>([\s\S]*?)<\/p>/.exec(html)?.[1];
  const figures = [...html.matchAll(/<tr><th scope="row">([\s\S]*?)<\/th><td>([\s\S]*?)<\/td><\/tr>/g)].map(
    (m) => ({
      value: textOf(m[1] as string),
      meaning: textOf(m[2] as string),
    }),
  );
  return { points, bottom: bottom ? textOf(bottom) : null, figures };
}
const squash = (s: string) => s.replace(/[\s\p{P}]/gu, "");

describe("the seed's briefs at every budget", async () => {
  const { config } = await configWith();
  const composer = createComposer(config);
  const briefs = seedModels.flatMap((model) =>
    AUDIENCES.flatMap((key) => {
      const audience = config.audiences[key];
      const levels = audience?.maxPages ? fitLevels(model, audience) : 4;
      return Array.from({ length: levels }, (_, level) => ({
        model,
        key,
        level,
        ...parts(composer.compose(model, key, { level }).html),
      }));
    }),
  );

  it("no point (nor the bottom line) opens with a connective or a speaker frame", () => {
    const bad = briefs.flatMap((b) =>
      [...b.points, b.bottom ?? ""].filter((p) => CONNECTIVE.test(p)).map((p) => `${b.key}@${b.level}: ${p}`),
    );
    expect(bad).toEqual([]);
  });

  it("no sentence twice on one brief, the bottom line included", () => {
    const bad = briefs.flatMap((b) => {
      const texts = [...b.points, ...(b.bottom ? [b.bottom] : [])].map(squash);
      return texts.flatMap((t, i) =>
        texts
          .slice(i + 1)
          .filter((u) => u === t || (Math.min(u.length, t.length) >= 12 && (u.includes(t) || t.includes(u))))
          .map((u) => `${b.key}@${b.level}: ${t} ~ ${u}`),
      );
    });
    expect(bad).toEqual([]);
  });

  it("key figures are quantities with what they measure: never a bare date or a repeated value", () => {
    const bad = briefs.flatMap((b) =>
      b.figures
        .filter(
          (f) =>
            DATE_ONLY.test(f.value) ||
            squash(f.meaning.replace(f.value, "")).length < 2 ||
            squash(f.meaning) === squash(f.value),
        )
        .map((f) => `${b.key}@${b.level}: ${f.value} — ${f.meaning}`),
    );
    expect(bad).toEqual([]);
    // An article whose only number is a date shows no key-figures box.
    const second = briefs.filter((b) => b.model === seedModels[1]);
    expect(second.every((b) => b.figures.length === 0)).toBe(true);
    const third = briefs.find((b) => b.model === seedModels[2] && b.key === "policymaker" && b.level === 0);
    expect(third?.figures[0]).toEqual({
      value: "约1.32万亿元",
      meaning: "2025年上半年跨境电商进出口规模（同比增长5.7%）",
    });
  });

  it("policymaker briefs carry every essential of the seed", () => {
    const texts = seedModels.map((model) => ({
      title: model.title,
      audience: "policymaker",
      text: visibleText(composer.compose(model, "policymaker").html),
    }));
    const coverage = essentialsCoverage(texts, gold).get("policymaker");
    expect(coverage?.missing).toEqual([]);
    expect(coverage?.found).toBe(coverage?.total);
  });

  it("a section's enumeration comes whole before any detail; an article without a challenges section still shows its risks", () => {
    for (const b of briefs.filter(
      (x) => x.key === "executive" && x.level === 0 && x.model === seedModels[0],
    )) {
      const text = b.points.join("\n");
      for (const item of ["发展水平参差不齐", "数据治理存在复杂性", "地缘政治的外部干扰"])
        expect(text).toContain(item);
    }
    const third = composer.compose(seedModels[2] as never, "executive").html;
    expect(third).toMatch(/class="section kind-challenges"/);
  });
});

describe("dates", () => {
  it("the cover shows the article's date when known; the build date only in the colophon, as 生成于", async () => {
    const { config } = await configWith();
    const composer = createComposer(config);
    const date = new Date("2026-03-04T00:00:00Z");
    const undated = composer.compose(seedModels[0] as never, "policymaker", { date }).html;
    const cover = (html: string) => /<header class="cover">[\s\S]*?<\/header>/.exec(html)?.[0] ?? "";
    expect(cover(undated)).not.toContain("<time");
    expect(visibleText(/<footer class="colophon">[\s\S]*?<\/footer>/.exec(undated)?.[0] ?? "")).toContain(
      "生成于 2026-03-04",
    );
    const dated = { ...(seedModels[0] as (typeof seedModels)[number]), date: "2025-09-15" };
    expect(visibleText(cover(composer.compose(dated, "policymaker", { date }).html))).toContain(
      "2025年9月15日",
    );
  });
});

describe("compression", () => {
  it.each([
    [
      "此外，会议还指出，要加快建设统一大市场，破除地方保护和市场分割，促进商品要素资源在更大范围内畅通流动。",
      30,
      "要加快建设统一大市场，破除地方保护和市场分割",
    ],
    [
      "例如，2024年该省新增高新技术企业1200家，同比增长15%。",
      60,
      "2024年该省新增高新技术企业1200家，同比增长15%",
    ],
    [
      "“数字化转型不是选择题，而是必答题。”他认为，企业应当尽早布局，避免在竞争中掉队。",
      60,
      "数字化转型不是选择题，而是必答题",
    ],
    [
      "虽然外部环境复杂多变，但我国经济长期向好的基本面没有改变，支撑高质量发展的要素条件不断积累。",
      40,
      "虽然外部环境复杂多变，但我国经济长期向好的基本面没有改变",
    ],
    [
      "In addition, the agency said that grid investment rose to $4 billion, which could lower prices for households over the decade.",
      40,
      "Grid investment rose to $4 billion.",
    ],
  ])("%#: shortens at a clause", (input, max, expected) => {
    const quoted = input.startsWith("“") ? (input.match(/^“([^”]+)”/)?.[1] as string) : input;
    expect(compress(quoted, max as number, /^[A-Z]/.test(input) ? "en" : "zh")).toBe(expected);
  });

  it.each([
    [
      "Ms Plibersek said $345.9 million would be spent on dental care over four years.",
      "$345.9 million would be spent on dental care over four years.",
    ],
    [
      "“The measure will help more than 100,000 families get care,” Ms Plibersek said.",
      "The measure will help more than 100,000 families get care.",
    ],
    [
      "Says Kane, most drinking water utilities are owned by local governments.",
      "Most drinking water utilities are owned by local governments.",
    ],
    [
      "Most states that have a PDMP do not require prescribers to use it.",
      "Most states that have a PDMP do not require prescribers to use it.",
    ],
    [
      "The Minister also announced a review of the scheme by the end of the year.",
      "The Minister also announced a review of the scheme by the end of the year.",
    ],
    ["Growth slowed as the Treasury said.", "Growth slowed as the Treasury said."],
  ])("an English speaker frame goes, a subject stays: %s", (input, expected) => {
    expect(compress(input, 200, "en")).toBe(expected);
  });

  it.each([
    ["当然，这并不意味着可以放松监管。", "这并不意味着可以放松监管"],
    ["首先需要明确的是，人工智能治理不能照搬传统模式。", "人工智能治理不能照搬传统模式"],
    ["而2025年以来，出口增速明显回落。", "2025年以来，出口增速明显回落"],
    ["由此来看，改革仍需持续深化。", "改革仍需持续深化"],
    ["而今，这一模式已推广到全国。", "而今，这一模式已推广到全国"],
    ["但凡涉及民生的问题都要认真对待。", "但凡涉及民生的问题都要认真对待"],
  ])("a Chinese point drops its opening connective or frame: %s", (input, expected) => {
    expect(compress(input, 200, "zh")).toBe(expected);
  });

  it.each([
    [
      "这对保护用户隐私和信息安全，具有十分重要的现实意义，必须高度重视并切实加以落实。",
      "具有十分重要的现实意义",
    ],
    [
      "这意味着在子女教育、住房保障、医疗社保等各方面，流动人口都将享有与户籍人口同等的待遇和保障。",
      "同等的待遇和保障",
    ],
    ["我省经济社会发展还面临一些困难和挑战，主要是：需求不足，部分企业经营困难，就业压力较大。", "需求不足"],
    [
      "为了避免在数据交换共享的过程中出现数据泄露等安全事件，需要建立完善的数据安全管理制度和技术防护体系。",
      "需要建立",
    ],
    [
      "平台要确保榜单公正性和客观性，同时，也要接受社会监督，及时公开评选规则和评选过程中的重要信息。",
      "也要接受社会监督",
    ],
  ])("a cut never ends on a frame, a purpose clause, a connective or a colon: %s", (input, kept) => {
    expect(compress(input, 30, "zh")).toContain(kept);
  });

  it("a contact line, a bracketed aside or a footnote's citation is never a point; a list item loses its joining word", () => {
    const texts = sectionCandidates(
      [
        "The program will fund 500 new dental placements in rural areas over four years. For more information, please contact the Minister's Office on 02 6277 7220.",
        "(pg. 6)",
        "8 United States Postal Service, Delivering for America.",
        "Prescribers could be required to check the database; and",
        "Mobile phone use among teenagers rose sharply over the decade.",
        "如需了解详情，请拨打咨询电话：010-6512 3456。",
      ],
      0,
      "en",
    ).map((c) => c.text);
    expect(texts).toEqual([
      "The program will fund 500 new dental placements in rural areas over four years.",
      "Prescribers could be required to check the database",
      "Mobile phone use among teenagers rose sharply over the decade.",
    ]);
  });

  it("an English point ends with one full stop, a joined pronoun is not capitalised, a line-end hyphen keeps its word", async () => {
    const { joinLines } = await import("../pipeline/structure/block-text.js");
    expect(compress("He called for “support for families and communities.”", 200, "en")).toBe(
      "He called for “support for families and communities.”",
    );
    const texts = sectionCandidates(
      ["Parliament passed new legislation. It introduced a levy on plastic bags sold in supermarkets."],
      0,
      "en",
    ).map((c) => c.text);
    expect(texts[0]).toBe(
      "Parliament passed new legislation; it introduced a levy on plastic bags sold in supermarkets.",
    );
    expect(joinLines("a self-\nsustaining fund, pre- and\npost-war")).toBe(
      "a self-sustaining fund, pre- and post-war",
    );
  });

  it("keeps a clause whole: a cut never falls inside quotes, brackets or a dependent clause", () => {
    const s = "在基础研究方面，“从0到1”的原创成果（包括新理论、新方法）不断涌现，企业研发投入持续增长。";
    const out = compress(s, 20, "zh");
    expect(s.replace(/。$/, "").startsWith(out)).toBe(true);
    expect(out).toContain("不断涌现");
    expect(stripLead("郑重表示，", "zh")).toBe("郑重表示，");
  });

  it("enumerated items are candidates of their own, in order", () => {
    const paragraphs = [
      "推进改革要抓住三个重点。",
      "一是稳就业。就业是最大的民生。",
      "二是稳物价。",
      "三是防风险，守住不发生系统性风险的底线。",
    ];
    const items = sectionCandidates(paragraphs, 0, "zh").filter((c) => c.item !== null);
    expect(items.map((c) => c.text)).toEqual(["稳就业", "稳物价", "防风险，守住不发生系统性风险的底线"]);
  });
});

describe("key figures with meaning", () => {
  const figure = (sentence: string, value: string, lang: "zh" | "en" = "zh") => {
    const md = `---\ntitle: t\n---\n\n${sentence}\n`;
    const model = structureSource(md, "x.md", "x", { cues: loadCues() }).model;
    const f = model.keyFigures.find((k) => k.value === value);
    return f ? figureMeaning(f, lang) : undefined;
  };
  it("reads what a figure measures and when", () => {
    expect(figure("2024年，全省社会消费品零售总额达到2.1万亿元，同比增长6.2%。", "2.1万亿元")).toMatchObject({
      what: "全省社会消费品零售总额",
      when: "2024年",
    });
    expect(figure("2024年，全省社会消费品零售总额达到2.1万亿元，同比增长6.2%。", "6.2%")).toMatchObject({
      change: "同比增长",
    });
    expect(figure("会议于2025年3月召开。", "2025年3月")).toBeNull();
    const en = figure(
      "In 2023, the fund disbursed $3.2 billion in grants to rural utilities.",
      "$3.2 billion",
      "en",
    );
    expect(en?.what).toContain("$3.2 billion in grants");
    expect(en?.when).toBe("2023");
  });
});
