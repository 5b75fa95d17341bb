import { describe, expect, it } from "vitest";
import { isSeparator, repairBody } from "../pipeline/ingest/repair.js";
import { splitPage } from "../pipeline/ingest/split.js";
import { loadCues } from "../pipeline/structure/cues.js";
import { buildTree, isTopName, numberingOf } from "../pipeline/structure/numbering.js";
import { readOutline } from "../pipeline/structure/outline.js";
import { parseSource } from "../pipeline/structure/parse.js";
import { subHeadings } from "../pipeline/structure/probes.js";
import { structureSource } from "../pipeline/structure/structure.js";

const cues = loadCues();
const outlineOf = (md: string) => {
  const { front, blocks } = parseSource(md, "t.md");
  return readOutline(front, blocks, "t.md");
};
const kindsOf = (md: string) => {
  const { model, explain } = structureSource(md, "t.md", "t", { cues });
  return { model, byHeading: new Map(explain.map((e) => [e.heading ?? "(lead)", e.decision.kind])) };
};

describe("heading numbering", () => {
  it.each([
    ["一、总体形势", "cn"],
    ["二．主要问题", "cn"],
    ["（一）坚持问题导向", "cn-paren"],
    ["(三) 加强监管", "cn-paren"],
    ["1. Findings", "num"],
    ["2、存在的问题", "num"],
    ["2 面临的挑战", "num"],
    ["2面临的挑战", "num"],
    ["1 “双碳”目标下的能源转型", "num"],
    ["1.1 研究背景", "dec2"],
    ["3.2.1 数据来源", "dec3"],
    ["（1）完善制度", "num-paren"],
    ["(2) Fund the program", "num-paren"],
    ["01 — Costs are rising", "num-dash"],
    ["第一部分 总论", "part"],
    ["Part II Recommendations", "part"],
    ["① 人才", "circled"],
    ["A. Background", "alpha"],
    ["IV. Options", "roman"],
  ])("%s is %s", (text, style) => {
    expect(numberingOf(text)?.style).toBe(style);
  });

  it.each(["背景", "2025年工作回顾", "12月经济运行", "3个方面的问题", "What We Found", "1.5亿元的投入"])(
    "%s has no numbering",
    (text) => {
      expect(numberingOf(text)).toBeUndefined();
    },
  );
});

describe("headings as a tree", () => {
  const levels = (headings: string[], depth = 2) =>
    buildTree(headings.map((text) => ({ text, depth }))).map((n) => n.level);

  it.each([
    {
      name: "一、 > （一） > 1.",
      headings: ["一、背景", "（一）历史", "1.起步", "2.发展", "（二）现状", "二、问题", "（一）资金"],
      levels: [0, 1, 2, 2, 1, 0, 1],
    },
    {
      name: "decimal numbering nests and closes",
      headings: [
        "1 引言",
        "2 现状",
        "2.1 总体",
        "2.1.1 细节",
        "2.2 问题",
        "3 对策",
        "（1）加强",
        "（2）完善",
        "4 结语",
      ],
      levels: [0, 0, 1, 2, 1, 0, 1, 1, 0],
    },
    {
      name: "abstract, keywords and references stand at the top",
      headings: ["摘要", "关键词", "1 引言", "1.1 背景", "参考文献"],
      levels: [0, 0, 0, 1, 0],
    },
    {
      name: "phrase sub-headings under a numbered heading, while the numbering goes on",
      headings: [
        "一、回顾",
        "生态底色更加亮丽。",
        "经济运行持续向好。",
        "二、目标",
        "（一）以更高标准",
        "加强保护。",
        "（二）以更大力度",
        "深入推进。",
      ],
      levels: [0, 1, 1, 0, 1, 2, 1, 2],
    },
    {
      name: "numbered findings beside plain headings, never under them",
      headings: ["Findings", "01 — Costs", "02 — Delays", "Recommendations", "Conclusion"],
      levels: [0, 0, 0, 0, 0],
    },
    {
      name: "第一部分 is always the outermost",
      headings: ["一、总论", "第二部分 分论", "一、产业"],
      levels: [0, 0, 1],
    },
  ])("$name", ({ headings, levels: expected }) => {
    expect(levels(headings)).toEqual(expected);
  });

  it("Markdown depth comes first: a deeper heading is a child whatever its numbering", () => {
    const tree = buildTree([
      { text: "Highlights", depth: 2 },
      { text: "What We Found", depth: 3 },
      { text: "Letter", depth: 2 },
      { text: "Background", depth: 3 },
      { text: "1. Costs", depth: 4 },
    ]);
    expect(tree.map((n) => n.parent)).toEqual([-1, 0, -1, 2, 3]);
  });

  it("a sub-heading inherits its parent's kind unless its own words say otherwise", () => {
    const md = subHeadings;
    const { byHeading } = kindsOf(md);
    expect(byHeading.get("二、面临的挑战")).toBe("challenges");
    expect(byHeading.get("2.1 资金")).toBe("challenges");
    expect(byHeading.get("2.2 人才")).toBe("challenges");
    expect(byHeading.get("2.3 对策建议")).toBe("recommendations");
  });
});

describe("run-in headings", () => {
  it("a short bold line ended by a hard line break is a heading over the rest of its paragraph", () => {
    const md =
      "# Outlook\n\nThank you for the opportunity to speak to you today about the outlook for the economy, the risks around it and what they mean for monetary policy this year.\n\n" +
      "**Inflation Uncertainty**  \nRecent developments appear to have narrowed the range of uncertainty.\n\n" +
      "**Labor Market**  \nDemand and supply came into better alignment.\n";
    const { headings } = outlineOf(md);
    expect(headings.map((h) => h.text)).toEqual(["Inflation Uncertainty", "Labor Market"]);
    const { blocks } = parseSource(md, "t.md");
    expect(blocks.map((b) => b.text)).toContain(
      "Recent developments appear to have narrowed the range of uncertainty.",
    );
  });

  it("a bold line with an initialism (U.S.) is a heading; a bold line of two sentences is not", () => {
    const intro =
      "Thank you for the opportunity to speak to you today about the outlook for the economy, the risks around it and what they mean for monetary policy this year.";
    const para =
      "Employment grew steadily through the year while wage growth slowed a little in most sectors.";
    const md = `# Outlook\n\n${intro}\n\n**The Labor Market: U.S. and New York City**\n\n${para}\n\n**Prices rose. Wages fell.**\n\n${para}\n\n**Inflation**\n\n${para}\n`;
    expect(outlineOf(md).headings.map((h) => h.text)).toEqual([
      "The Labor Market: U.S. and New York City",
      "Inflation",
    ]);
  });

  it("a bold line just above the first paragraph is the first heading; a byline or date there is not", () => {
    const para =
      "Thank you for the opportunity to speak to you today about the outlook for the economy, the risks around it and what they mean for monetary policy this year.";
    const speech = (first: string) =>
      `Rules of Three\n\n${first}\n\n${para}\n\n**The Labor Market**\n\n${para}\n\n**Inflation**\n\n${para}\n`;
    expect(outlineOf(speech("**Introduction**")).headings.map((h) => h.text)).toEqual([
      "Introduction",
      "The Labor Market",
      "Inflation",
    ]);
    for (const line of ["**March 5, 2026**", "**By Jane Smith**", "John Williams"])
      expect(outlineOf(speech(line)).headings.map((h) => h.text)).toEqual(["The Labor Market", "Inflation"]);
  });

  it("a short plain line just after a thematic break opens a part; a date or a sentence there does not", () => {
    const para =
      "The agency oversees the contractors that service federal student loans and has reduced the staff who monitor them, which this report examines in detail for the committees that asked for it.";
    const report = (line: string) =>
      `# Title\n\n## Highlights\n\n### What We Found\n\n${para}\n\n### What We Recommend\n\n${para}\n\n---\n\n${line}\n\n${para}\n\n### Background\n\n${para}\n`;
    expect(outlineOf(report("Letter")).headings.map((h) => [h.text, h.level])).toEqual([
      ["Highlights", 0],
      ["What We Found", 1],
      ["What We Recommend", 1],
      ["Letter", 0],
      ["Background", 1],
    ]);
    for (const line of ["March 5, 2026", "We found three gaps.", "By Jane Smith"])
      expect(outlineOf(report(line)).headings.map((h) => h.text)).not.toContain(line);
    // Without the rule, the same line is text.
    expect(outlineOf(report("Letter").replace("---\n\n", "")).headings.map((h) => h.text)).not.toContain(
      "Letter",
    );
  });

  it("bold lines under Markdown headings are sub-headings of the heading above", () => {
    const para =
      "国产大飞机新年起执飞沪港定期航班，航线每天往返一班，由东方航空公司运营，票价与其他机型相同，旅客可通过各类渠道购票出行，首航当天客座率超过九成。";
    const md = `# 新闻联播\n\n## 内容提要\n\n${para}\n\n## 详细新闻\n\n${para}\n\n**大飞机执飞沪港航班**\n\n${para}\n\n**海上风电试验平台投运**\n\n${para}\n`;
    const { headings } = outlineOf(md);
    expect(headings.map((h) => [h.text, h.level])).toEqual([
      ["内容提要", 0],
      ["详细新闻", 0],
      ["大飞机执飞沪港航班", 1],
      ["海上风电试验平台投运", 1],
    ]);
  });

  it("a bold sentence or a long bold lead-in stays in its paragraph", () => {
    const md =
      "# T\n\n**Note: this is important.**  \nThe rest of the paragraph.\n\n" +
      "**" +
      "word ".repeat(14).trim() +
      "**  \nAnd more text here.\n";
    const { blocks } = parseSource(md, "t.md");
    expect(blocks.filter((b) => b.type === "paragraph")).toHaveLength(2);
  });

  it("a `1.` line between paragraphs is a numbered heading, though Markdown reads it as a list", () => {
    const zh = "这是一段足够长的正文，用来说明前面一行是否被读成标题，句子写完整，以句号结束。";
    const md = `# 题目\n\n${zh}\n\n1. 引言\n\n${zh}\n\n2. 数据与方法\n\n${zh}\n\n2.1 数据来源\n\n${zh}\n`;
    expect(outlineOf(md).headings.map((h) => [h.text, h.level])).toEqual([
      ["1. 引言", 0],
      ["2. 数据与方法", 0],
      ["2.1 数据来源", 1],
    ]);
    const en = "This paragraph is long enough to be running text of a report, and it ends with a period.";
    expect(
      outlineOf(`# T\n\n${en}\n\n1. Introduction\n\n${en}\n\n2. Findings\n\n${en}\n`).headings,
    ).toHaveLength(2);
    const roman = outlineOf(
      `# T\n\n${en}\n\nI. Background\n\n${en}\n\nII. Findings\n\n${en}\n\nIII. He said so.\n\n${en}\n`,
    );
    expect(roman.headings.map((h) => h.text)).toEqual(["I. Background", "II. Findings"]);
    // One such line alone may be an initial.
    expect(outlineOf(`# T\n\n${en}\n\nV. Putin met the press\n\n${en}\n`).headings).toHaveLength(0);
    // A real list (several items, or an item that is a sentence) stays a list.
    const list = outlineOf(
      `# T\n\n${en}\n\n1. Cut costs\n2. Hire staff\n\n${en}\n\n1. Cut the costs of the program.\n\n${en}\n`,
    );
    expect(list.headings).toHaveLength(0);
    expect(list.paragraphs).toContain("Cut costs");
  });

  it("a numbered Chinese title on a paragraph's first line is a heading over the lines below it", () => {
    const zh =
      "这是一段足够长的正文，用来说明前面一行是否被读成标题，句子写完整，以句号结束。它还要再长一些，再多写几个字，才算得上正文里完整的一段。";
    const md = `# 题目\n\n${zh}\n\n一、研究背景\n${zh}\n\n二、主要问题\n${zh}\n\n（一）数据孤岛\n${zh}\n`;
    expect(outlineOf(md).headings.map((h) => [h.text, h.level])).toEqual([
      ["一、研究背景", 0],
      ["二、主要问题", 0],
      ["（一）数据孤岛", 1],
    ]);
    // Wrapped lines of Chinese join without a space; English ones with one.
    expect(
      outlineOf(`# 题目\n\n中国经济\n持续回升向好。\n\nThe end\nof it.\n\n𠮷\n2024年\n`).paragraphs,
    ).toEqual(["中国经济持续回升向好。", "The end of it.", "𠮷2024年"]);
    // A bare-number title longer than the outline allows (30 characters) is not cut off its text.
    const long = "1 基于多源异构数据融合的超大城市基层社会治理风险识别与预警方法";
    expect(outlineOf(`# 题目\n\n${zh}\n\n${long}\n${zh}\n`).paragraphs).toHaveLength(2);
    // An English sentence wrapped after a number, or a numbered line over a short note, stays text.
    const en =
      "1. HM Government and/or the Department and where appropriate the Post\nOffice and Fujitsu shall provide written responses to my recommendations by 10 October 2025.";
    expect(outlineOf(`# T\n\n${en}\n\n${en}\n`).headings).toHaveLength(0);
    expect(
      outlineOf(`# 题目\n\n${zh}\n\n（4）多处火情失控。\n（《新闻联播》 19:00）\n\n${zh}\n`).headings,
    ).toHaveLength(0);
  });

  it("a lone 参考文献 or References line below the body opens the back matter, even the only such line", () => {
    const zh =
      "这是一段足够长的正文，用来说明前面一行是否被读成标题，句子写完整，以句号结束。它还要再长一些，再多写几个字，才算得上正文里完整的一段。";
    const refs =
      "[1] 张三. 数字治理研究[J]. 中国行政管理, 2020(3): 1-10.\n\n[2] 李四. 智库建设[M]. 北京: 科学出版社, 2019.";
    const { byHeading } = kindsOf(
      `# 题目\n\n${zh}\n\n1 引言\n\n${zh}\n\n2 现状\n\n${zh}\n\n参考文献：\n\n${refs}\n`,
    );
    expect(byHeading.get("参考文献：")).toBe("other");
    const en =
      "This paragraph is long enough to be running text of a report, and it goes on with more words, and then a few more, to end with a period.";
    const { byHeading: enKinds } = kindsOf(
      `# T\n\n${en}\n\n${en}\n\nReferences\n\n[1] Smith, J. (2020). A study. Journal, 3(2), 1-10.\n`,
    );
    expect(enKinds.get("References")).toBe("other");
    // A sentence that starts with such a word stays text.
    expect(outlineOf(`# T\n\n${zh}\n\n结语：我们必须坚持问题导向。\n\n${zh}\n`).headings).toHaveLength(0);
    expect(outlineOf(`# 题目\n\n${zh}\n\n结论与建议\n\n${zh}\n`).headings.map((h) => h.text)).toEqual([
      "结论与建议",
    ]);
    expect(isTopName("参考文献")).toBe(true);
    expect(isTopName("结 语")).toBe(true);
  });

  it("a bare number before a paper's title is a heading, with a 、 a ： or quotes in it, up to 30 characters", () => {
    const zh = "这是一段足够长的正文，用来说明前面一行是否被读成标题，句子写完整，以句号结束。";
    const lines = [
      "1 科技伦理治理的内涵、特征与挑战",
      "2 “双碳”目标下的能源转型",
      "3 数字经济：现状与问题",
      "4 基于多源数据融合的城市治理风险识别方法研究",
      "5 我们认为，这是一句话而不是标题",
      "6 国内联播快讯：",
    ];
    const md = `# 题目\n\n${zh}\n\n${lines.map((l) => `${l}\n\n${zh}`).join("\n\n")}\n`;
    expect(outlineOf(md).headings.map((h) => h.text)).toEqual(lines.slice(0, 4));
  });
});

describe("traditional Chinese", () => {
  it("is read with the simplified cue words and model, and keeps its own characters", async () => {
    const { toSimplified } = await import("../pipeline/structure/simplify.js");
    expect(toSimplified("參考文獻與關鍵詞，存在的問題")).toBe("参考文献与关键词，存在的问题");
    expect(toSimplified("plain text 简体")).toBe("plain text 简体");
    const md =
      "# 報告\n\n## 一、發展現狀\n\n近年來，產業規模不斷擴大，已經形成較為完整的體系。\n\n" +
      "## 二、存在的問題\n\n資金投入不足，人才短缺，制度不健全。\n\n" +
      "## 三、對策建議\n\n應當加快完善政策，加強人才培養。\n\n## 參考文獻\n\n[1] 張三. 產業研究[J]. 2020.\n";
    const { model, byHeading } = kindsOf(md);
    expect(byHeading.get("二、存在的問題")).toBe("challenges");
    expect(byHeading.get("三、對策建議")).toBe("recommendations");
    expect(byHeading.get("參考文獻")).toBe("other");
    expect(model.sections.flatMap((s) => s.paragraphs).join("")).toContain("資金投入不足");
  });
});

describe("titles", () => {
  it.each([
    {
      name: "a title over two # lines is joined",
      md: "# 关于推进县域商业体系建设的\n\n# 几点建议\n\n县域商业是重要的基础。\n\n## 一、现状\n\n正文。\n",
      title: "关于推进县域商业体系建设的几点建议",
      headings: ["一、现状"],
    },
    {
      name: "a second # line that is a part of the paper is not",
      md: "# 数字经济研究\n\n# 摘要\n\n本文研究数字经济。\n\n# 1 引言\n\n正文。\n",
      title: "数字经济研究",
      headings: ["摘要", "1 引言"],
    },
    {
      name: "a numbered second line is not",
      md: "# 数字经济研究\n\n# 1 引言\n\n正文。\n",
      title: "数字经济研究",
      headings: ["1 引言"],
    },
    {
      name: "a plain first line is the title of a Markdown source without one",
      md: "Rapid implementation of policy as code\n\nNo policy stays the same forever.\n\n## What's next?\n\nMore work.\n",
      title: "Rapid implementation of policy as code",
      headings: ["What's next?"],
    },
  ])("$name", ({ md, title, headings }) => {
    const outline = outlineOf(md);
    expect(outline.title).toBe(title);
    expect(outline.headings.map((h) => h.text)).toEqual(headings);
  });
});

describe("front and back matter are other", () => {
  it("abstract, keywords, an English abstract and references", () => {
    const md = [
      "# 县域数字经济发展研究",
      "## 摘要",
      "本文分析了县域数字经济发展的现状与问题，并提出对策。",
      "## 关键词",
      "县域经济；数字经济；对策",
      "## Research on the Digital Economy of Counties",
      "This paper analyses the state of the county digital economy and proposes measures for its growth.",
      "## 1 引言",
      "近年来，数字经济快速发展，成为县域经济增长的重要引擎。",
      "## 2 存在的问题",
      "县域数字基础设施薄弱，人才短缺，资金不足。",
      "## 3 对策建议",
      "应当加快建设数字基础设施，完善人才政策。",
      "## 参考文献",
      "[1] 张三. 数字经济概论[M]. 北京: 人民出版社, 2020.",
    ].join("\n\n");
    const { byHeading } = kindsOf(md);
    expect(byHeading.get("摘要")).toBe("other");
    expect(byHeading.get("关键词")).toBe("other");
    expect(byHeading.get("Research on the Digital Economy of Counties")).toBe("other");
    expect(byHeading.get("1 引言")).toBe("context");
    expect(byHeading.get("2 存在的问题")).toBe("challenges");
    expect(byHeading.get("3 对策建议")).toBe("recommendations");
    expect(byHeading.get("参考文献")).toBe("other");
  });

  it("English acknowledgments and references", () => {
    const md = [
      "# Funding county roads",
      "Roads are ageing across the country.",
      "## Challenges",
      "Maintenance backlogs grew and funding gaps remain a barrier.",
      "## Recommendations",
      "Congress should fund a maintenance program.",
      "## Acknowledgments",
      "We thank the reviewers.",
      "## References",
      "Smith, J. (2020). Roads. Journal of Roads, 1(2).",
    ].join("\n\n");
    const { byHeading } = kindsOf(md);
    expect(byHeading.get("Acknowledgments")).toBe("other");
    expect(byHeading.get("References")).toBe("other");
    expect(byHeading.get("Recommendations")).toBe("recommendations");
  });
});

describe("separators and bare markers", () => {
  it.each(["***", "* * *", "***    ***", "…………", "——————", "~", "＊＊＊"])("%s is a separator", (line) => {
    expect(isSeparator(line)).toBe(true);
  });

  it.each(["——", "（一）", "第一段。"])("%s is not a separator", (line) => {
    expect(isSeparator(line)).toBe(false);
  });

  it("a separator line in a page is never a heading and never joins its neighbours", () => {
    const body = repairBody([
      { text: "第一段讲完了，但是没有句号", line: 1 },
      { text: "***    ***", line: 3 },
      { text: "第二段开始。", line: 5 },
      { text: "…………", line: 7 },
      { text: "第三段。", line: 9 },
    ]);
    expect(body.map((e) => [e.type, e.text])).toEqual([
      ["paragraph", "第一段讲完了，但是没有句号"],
      ["paragraph", "第二段开始。"],
      ["paragraph", "第三段。"],
    ]);
  });

  it("a bare （一） line opens a section instead of joining the next paragraph", () => {
    const [article] = splitPage(
      "标题\n\n导语写在这里。\n\n（一）\n\n第一部分的内容。\n\n（二）\n\n第二部分的内容。\n",
    );
    expect(article?.body.map((e) => [e.type, e.text])).toEqual([
      ["paragraph", "导语写在这里。"],
      ["heading", "（一）"],
      ["paragraph", "第一部分的内容。"],
      ["heading", "（二）"],
      ["paragraph", "第二部分的内容。"],
    ]);
  });

  it("a lone （ line is joined to the marker it opens; numbered headings may end in 。", () => {
    const body = repairBody([
      { text: "上一段。", line: 1 },
      { text: "（", line: 3 },
      { text: "三）改革开放持续深化、互促共进。", line: 5 },
      { text: "一年来，改革开放不断深化，取得了新的进展。", line: 7 },
    ]);
    expect(body.map((e) => [e.type, e.text])).toEqual([
      ["paragraph", "上一段。"],
      ["heading", "（三）改革开放持续深化、互促共进。"],
      ["paragraph", "一年来，改革开放不断深化，取得了新的进展。"],
    ]);
  });

  it("Markdown separators are dropped, never headings", () => {
    const outline = outlineOf("# 标题\n\n第一段。\n\n* * *\n\n第二段。\n\n…………\n\n第三段。\n");
    expect(outline.headings).toEqual([]);
    expect(outline.paragraphs).toEqual(["第一段。", "第二段。", "第三段。"]);
  });
});

describe("a page of several articles", () => {
  it("is split at each header block (title, byline, the paper's date line)", () => {
    const page = [
      "服务随人走，发展添活力（评论员观察）\n李  拯\n《人民日报》（2026年06月08日 第 05 版）",
      "第一篇的正文。",
      "韧性  探索  活力\n三个关键词看首季能源形势（经济聚焦）\n本报记者  丁怡婷  王云杉\n《人民日报》（2026年04月28日 第 08 版）",
      "第二篇的正文。",
    ].join("\n\n");
    const articles = splitPage(page);
    // The bracketed column names (评论员观察, 经济聚焦) leave the titles for `column`.
    expect(articles.map((a) => [a.title, a.column, a.authors, a.date])).toEqual([
      ["服务随人走，发展添活力", "评论员观察", ["李拯"], "2026-06-08"],
      ["三个关键词看首季能源形势", "经济聚焦", ["丁怡婷", "王云杉"], "2026-04-28"],
    ]);
    expect(articles[1]?.subtitle).toBe("韧性 探索 活力");
  });
});
