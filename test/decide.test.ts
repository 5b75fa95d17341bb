import { describe, expect, it } from "vitest";
import { listFixtures } from "../pipeline/eval/corpus.js";
import { ratio } from "../pipeline/eval/score.js";
import { crossValidate, formatCrossValidation, lowestRecall } from "../pipeline/structure/crossval.js";
import { type Cues, loadCues } from "../pipeline/structure/cues.js";
import { SECTION_KINDS } from "../pipeline/structure/model.js";
import { withHeading } from "../pipeline/structure/probes.js";
import { structureSource } from "../pipeline/structure/structure.js";
import { emptyClassifier } from "../pipeline/structure/training.js";
import { ROOT } from "./helpers.js";

const cues = loadCues();
/** The default cues with some weights changed. */
const withWeights = (weights: Partial<Cues["tuning"]["weights"]>): Cues => ({
  ...cues,
  tuning: { ...cues.tuning, weights: { ...cues.tuning.weights, ...weights } },
});
// Cue words and priors only: what these tests check does not depend on the trained model.
const kindsOf = (md: string, c: Cues = cues) =>
  structureSource(md, "t.md", "t", { cues: c, classifier: emptyClassifier() }).model.sections.map((s) => [
    s.heading,
    s.kind,
  ]);

describe("heading and paragraph evidence", () => {
  const article = withHeading;

  it("an explicit heading mutes its paragraphs' words; a neutral heading leaves the paragraphs to decide", () => {
    expect(kindsOf(article("存在的问题与挑战"))[1]).toEqual(["存在的问题与挑战", "challenges"]);
    expect(kindsOf(article("存在的问题与挑战"), withWeights({ headingFirst: 0 }))[1]).toEqual([
      "存在的问题与挑战",
      "recommendations",
    ]);
    expect(kindsOf(article("县城里的大学"))[1]).toEqual(["县城里的大学", "recommendations"]);
  });

  it("a lead made only of report, date and source lines is not taken for the article's opening", () => {
    const md =
      "# U.S. Postal Service: Finances\n\n**Report:** GAO-26-1 | **Pages:** 40\n\n## Background\n\nThe Postal Service has delivered mail across the country for a very long time, and its finances have been reviewed by many bodies over the years in some detail.\n";
    expect(kindsOf(md)[0]).toEqual([null, "other"]);
    // With a date in it, the line is front matter: the date and a note, and no lead at all.
    const dated = md.replace("**Pages:** 40", "**Published:** 2026-01-15");
    const model = structureSource(dated, "t.md", "t", { cues: loadCues() }).model;
    expect([model.date, model.notes]).toEqual(["2026-01-15", ["Report: GAO-26-1 | Published: 2026-01-15"]]);
    expect(kindsOf(dated)[0]).toEqual(["Background", "context"]);
    const lead =
      "# Title\n\nThe Postal Service has delivered mail across the country for a very long time, and its finances have been reviewed by many bodies over the years in some detail.\n\n## Findings\n\nRevenue declined and losses grew over the period we reviewed, for several reasons.\n";
    expect(kindsOf(lead)[0]).toEqual([null, "context"]);
  });

  it("short lines that are not sentences below the first full paragraph lean to other (captions, verse, signatures)", () => {
    const body =
      "我国是世界上生物多样性最丰富的国家之一。近年来，我国持续加强野生动植物及其栖息地保护，珍稀物种野外种群数量持续回升，不少濒危野生植物得到抢救性保护。";
    const md = `# 图片报道\n\n${body}\n\n良策戒斧斤\n\n千峰笼翠影\n\n幽境绝尘喧\n\n生灵得其所\n`;
    const result = structureSource(md, "t.md", "t", { cues, classifier: emptyClassifier() });
    const verse = result.explain.slice(1);
    expect(verse.length).toBeGreaterThan(0);
    for (const e of verse) {
      expect(e.decision.kind).toBe("other");
      expect(e.decision.cues.other.join(" ")).toMatch(/line that is not a sentence/u);
    }
    // The `fragment` weight adds what the line's form says (0 by default: held out, the priors and the
    // model already place such lines); with it set, they lean further to other.
    const read = (fragment: number) =>
      structureSource(md, "t.md", "t", { cues: withWeights({ fragment }), classifier: emptyClassifier() })
        .explain.slice(1)
        .map((e) => e.decision.scores.other);
    const plain = read(0);
    read(1).forEach((other, i) => {
      expect(other).toBeGreaterThan(plain[i] as number);
    });
  });
});

describe("front and back matter by form", () => {
  it("labelled blocks, numbered author lines and affiliations are matter; sentences about a university are not", async () => {
    const { isMatterLine } = await import("../pipeline/structure/matter.js");
    for (const t of [
      "摘要：本文基于问卷调查分析青年科研人员的处境。",
      "【摘 要】本文研究地方智库的转型。",
      "关键词：智库；人才；经费",
      "Keywords: think tank; funding",
      "张三1，2 李四1*",
      "（中国科学院地理科学与资源研究所，北京 100101）",
      "1. 中国科学院大学，北京 100049；2. 广州大学，广州 510006",
      "内容提要 近半个世纪以来，复合相互依赖已经异变为跨国经济胁迫的重要武器。",
      "关键词　相互依赖　经济方略　资源安全",
    ])
      expect(isMatterLine(t), t).toBe(true);
    for (const t of [
      "摘要",
      "清华大学公共管理学院副教授张三认为，应加强合作。",
      "近年来，北京大学等高校积极推进改革，2024年毕业生就业率达95%。",
      "要加强合作，推进改革。",
      "提要求不等于提办法，基层更需要实打实的支持。",
      "Abstract thinking helps policy makers see what is coming.",
    ])
      expect(isMatterLine(t), t).toBe(false);
  });

  it("an abstract block at the top of an unheaded paper is other, and the lead prior goes to the text after it", () => {
    const md =
      "# 地方智库转型研究\n\n张三1 李四2\n\n（中国科学院科技战略咨询研究院，北京 100190）\n\n摘要：本文梳理地方智库转型的历程与现状，分析其面临的主要问题，并提出对策建议，供有关部门参考。\n\n关键词：地方智库；转型；对策\n\n随着我国进入新发展阶段，地方智库在决策咨询中的作用日益凸显，其发展背景与时代意义值得深入研究和讨论。\n";
    const kinds = kindsOf(md);
    expect(kinds[0]).toEqual([null, "other"]);
    expect(kinds[kinds.length - 1]).toEqual([null, "context"]);
  });
});

describe("a paper's front matter before its first heading", () => {
  const body =
    "## 一、引言\n\n随着数字技术在公共部门的广泛应用，基层治理的形态正在发生深刻变化，其背景与意义值得深入讨论和研究。\n";
  it("text before the first heading that holds an abstract or keywords is other as a whole", () => {
    const bio = (name: string) =>
      `${name}，山东大学政治学与公共管理学院教授，博士生导师，主要从事数字治理、公共政策与基层治理方面的研究工作，近年来主持多项国家级研究课题。\n\n`;
    const md = `# 数字赋能与基层负担\n\n行政论坛 2024 年第 2 期\n\n${["张三", "李四", "王五", "赵六", "孙七", "周八"].map(bio).join("")}内容提要 数字技术在公共部门的应用不仅会为组织赋能，也会带来新型的、更复杂的、程度更高的负担，本文提出一个整合性的分析框架并讨论其政策含义。\n\n关键词 数字负担 基层治理\n\n${body}`;
    expect(kindsOf(md)[0]).toEqual([null, "other"]);
  });
  it("a lead without one stays the article's opening", () => {
    const md = `# 数字赋能与基层负担\n\n近年来，数字技术在公共部门的应用不仅为组织赋能，也带来了新型的、更复杂的负担，这一现象在各地基层普遍存在，引起广泛关注。\n\n${body}`;
    expect(kindsOf(md)[0]).toEqual([null, "context"]);
  });
});

describe("back matter by name", () => {
  it("a glossary is back matter, as references are", () => {
    const body =
      "今年将加快推进重点项目建设，持续优化营商环境，推动高质量发展取得新成效，切实保障和改善民生。";
    expect(kindsOf(`# 报告\n\n${body}\n\n## 名词解释\n\n${body}\n`)[1]).toEqual(["名词解释", "other"]);
    expect(
      kindsOf(`# Report\n\nWe recommend that the agency act.\n\n## Glossary\n\nAgencies should act.\n`)[1],
    ).toEqual(["Glossary", "other"]);
  });

  it("a heading spread out by typesetting (参 考 文 献, 关 于 作 者) is read as its word", () => {
    const body =
      "今年将加快推进重点项目建设，持续优化营商环境，推动高质量发展取得新成效，切实保障和改善民生。";
    for (const heading of ["参 考 文 献", "关 于 作 者", "摘  要"]) {
      expect(kindsOf(`# 报告\n\n${body}\n\n## ${heading}\n\n${body}\n`)[1]).toEqual([heading, "other"]);
    }
  });
});

describe("cross-validation by source", () => {
  it("adds up the held-out predictions of every fold: accuracy, per-kind recall, confusion matrix", async () => {
    const all = listFixtures(ROOT);
    const pick = ["en-19-18f-policy-as-code", "zhc-17-rmrb-good-start-1505", "zhc-20-rmrb-school-meals"];
    const fixtures = all.filter((f) => f.group === "seed" || pick.includes(f.name));
    const cv = await crossValidate(fixtures, cues);
    expect(cv.folds.map((f) => f.source)).toEqual(["18F/18f.gsa.gov", "ifyuls/rmrb-rss", "seed"]);
    const units = cv.folds.reduce((a, f) => a + f.score.units, 0);
    expect(cv.total.units).toBe(units);
    const cells = SECTION_KINDS.flatMap((k) => Object.values(cv.total.confusion[k]));
    expect(cells.reduce((a, b) => a + b, 0)).toBe(units);
    const recall = lowestRecall(cv.total);
    expect(recall).toBeGreaterThanOrEqual(0);
    expect(recall).toBeLessThanOrEqual(1);
    expect(ratio(cv.total.correct, cv.total.units)).toBeGreaterThan(0.5);
    const text = formatCrossValidation(cv);
    expect(text).toMatch(/all held-out paragraphs: accuracy \d\.\d{3}/u);
    expect(text).toMatch(/kind +precision +recall/u);
    expect(text).toMatch(/confusion \(rows: gold's first kind/u);
    await expect(crossValidate(all.filter((f) => f.group === "dev").slice(0, 1), cues)).rejects.toThrow(
      /never/u,
    );
  });
});
