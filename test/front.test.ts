import Handlebars from "handlebars";
import { describe, expect, it } from "vitest";
import { registerHelpers } from "../pipeline/compose/helpers.js";
import { align } from "../pipeline/eval/align.js";
import { readDateLine } from "../pipeline/ingest/dates.js";
import { splitColumn } from "../pipeline/ingest/front.js";
import { splitPage } from "../pipeline/ingest/split.js";
import { loadCues } from "../pipeline/structure/cues.js";
import { structureSource } from "../pipeline/structure/structure.js";

const zh = "第一段内容写在这里，写得足够长，像一段真正的正文那样，有好几个分句，最后以句号结束。";
const en =
  "The Government today announced that many thousands of people will benefit from a new programme of work over the next three years.";
const cues = loadCues();
const modelOf = (md: string) => structureSource(md, "t.md", "t", { cues }).model;
/** Every text a brief could show as a point or the bottom line. */
const pointsOf = (md: string) => {
  const model = modelOf(md);
  return [model.bottomLine?.text, ...model.sections.flatMap((s) => s.points.map((p) => p.text))];
};

describe("date lines", () => {
  it.each([
    ["June 2022", "2022-06"],
    ["Published: 2026-03-17", "2026-03-17"],
    ["8 May 2012", "2012-05-08"],
    ["May 8, 2012", "2012-05-08"],
    ["Tuesday, 25 March 2014, 2:11 pm", "2014-03-25"],
    ["17/10/2001", "2001-10-17"],
    ["10/17/2001", "2001-10-17"],
    ["时间：2026-02-02", "2026-02-02"],
    ["发布时间：2026年2月2日 10:30", "2026-02-02"],
    ["日期：2019-06-15", "2019-06-15"],
    ["二〇〇四年一月十六日", "2004-01-16"],
    ["二〇一八年十二月二十一日", "2018-12-21"],
  ])("%s is the date %s", (line, date) => {
    expect(readDateLine(line)?.date).toBe(date);
  });

  it("does not guess the order of 05/06/2012, and reads no date into a sentence or 31 February", () => {
    expect(readDateLine("05/06/2012")).toEqual({ more: false });
    expect(readDateLine("May the best plan win")).toBeUndefined();
    expect(readDateLine("31 February 2012")).toBeUndefined();
  });

  it("under a raw page's title gives `date`; a labelled Chinese date is no note", () => {
    for (const [line, date] of [
      ["8 May 2012", "2012-05-08"],
      ["June 2022", "2022-06"],
      ["时间：2026-02-02", "2026-02-02"],
    ]) {
      const [article] = splitPage(`A title for the page\n\n${line}\n\n${en}\n\n${en}\n`);
      expect([article?.date, article?.notes]).toEqual([date, []]);
    }
  });

  it("an ambiguous date stays a note, never a made-up date", () => {
    const [article] = splitPage(`A title for the page\n\n05/06/2012\n\n${en}\n`);
    expect([article?.date, article?.notes]).toEqual([undefined, ["05/06/2012"]]);
  });

  it("a notice's sign-off date in Han numerals gives `date`", () => {
    const [article] = splitPage(`某某通知\n\n${zh}\n\n${zh}\n\n国务院办公厅\n\n二〇〇四年一月十六日\n`);
    expect(article?.date).toBe("2004-01-16");
    expect(article?.notes).toEqual(["国务院办公厅", "二〇〇四年一月十六日"]);
  });

  it("a month alone is shown as a month, with no day made up", () => {
    const hb = Handlebars.create();
    registerHelpers(hb, () => ({}));
    const render = hb.compile('{{formatDate d "en"}} / {{formatDate d "zh"}}');
    expect(render({ d: "2022-06" })).toBe("June 2022 / 2022年6月");
    expect(render({ d: "2012-05-08" })).toBe("8 May 2012 / 2012年5月8日");
  });
});

describe("the top lines of a Markdown body", () => {
  it.each([
    ["文 | 最高人民检察院第一检察厅副厅长 赵宪伟", { authors: ["赵宪伟"] }],
    ["作者：张三", { authors: ["张三"] }],
    ["By Jane Doe", { authors: ["Jane Doe"] }],
    ["By Jane Doe and John Smith", { authors: ["Jane Doe", "John Smith"] }],
    ["Published: 2026-03-17", { date: "2026-03-17" }],
    ["June 2022", { date: "2022-06" }],
  ])("%s goes to the front matter, never to a point nor the bottom line", (line, want) => {
    const body = /[A-Za-z]/u.test(line) ? en : zh;
    const md = `# 标题 Title\n\n${line}\n\n${body}\n\n${body}\n`;
    const model = modelOf(md);
    expect({ authors: model.authors, date: model.date }).toEqual({ authors: [], date: undefined, ...want });
    expect(pointsOf(md)).not.toContain(line);
    expect(model.sections.flatMap((s) => s.paragraphs)).not.toContain(line);
  });

  it("a name over a date line is the byline; front matter keeps its own authors and date", () => {
    const md = `# Ten facts about water\n\nAlison Burke\n\nMarch 21, 2017\n\n${en}\n`;
    expect([modelOf(md).authors, modelOf(md).date]).toEqual([["Alison Burke"], "2017-03-21"]);
    const fronted = `---\ntitle: T\nauthors: [A B]\ndate: 2020-01-01\n---\n\nBy Jane Doe\n\n${en}\n`;
    expect([modelOf(fronted).authors, modelOf(fronted).date]).toEqual([["A B"], "2020-01-01"]);
  });
});

describe("bylines with a long role", () => {
  it.each([
    ["文 | 九三学社中央科技专门委员会副主任、某某委员 周明耀", ["周明耀"]],
    ["河北省人民政府省长 王正谱", ["王正谱"]],
    ["文 | 南方周末记者 王伟凯 周小铃 敬奕步", ["王伟凯", "周小铃", "敬奕步"]],
    ["文 | 国防大学 滕瀚 孙超", ["滕瀚", "孙超"]],
    ["每经记者 王海慜 陈晨 每经编辑 何剑岭", ["王海慜", "陈晨", "何剑岭"]],
  ])("%s names %j, and is neither a note nor a heading", (line, authors) => {
    const [article] = splitPage(`一个标题\n\n${line}\n\n${zh}\n\n一、研究背景\n\n${zh}\n`);
    expect([article?.authors, article?.notes]).toEqual([authors, []]);
    expect(article?.body.filter((b) => b.type === "heading").map((b) => b.text)).toEqual(["一、研究背景"]);
  });
});

describe("titles", () => {
  it("a notice's title over three lines is one title; its document number is a note", () => {
    const page = `国务院办公厅关于山西、安徽省\n四起特大煤矿瓦斯爆炸事故\n调查处理情况的通报\n\n国办发〔2004〕7号\n\n各省、自治区、直辖市人民政府：\n\n${zh}\n`;
    const [article] = splitPage(page);
    expect(article?.title).toBe("国务院办公厅关于山西、安徽省四起特大煤矿瓦斯爆炸事故调查处理情况的通报");
    expect(article?.notes).toEqual(["国办发〔2004〕7号"]);
    expect(article?.body.filter((b) => b.type === "heading")).toEqual([]);
  });

  it("a press release: the lines in capitals above the headline are notes, the headline the title", () => {
    const page = `THE HON JANE DOE MP  Minister for Health\n\nMEDIA RELEASE\n\n8 May 2012\n\nBlitz on dental waiting lists to benefit low income families\n\n${en}\n\n${en}\n`;
    const [article] = splitPage(page);
    expect(article?.title).toBe("Blitz on dental waiting lists to benefit low income families");
    expect(article?.notes).toEqual(["THE HON JANE DOE MP Minister for Health", "MEDIA RELEASE"]);
    expect(article?.date).toBe("2012-05-08");
    expect(article?.body.map((b) => b.text)).toEqual([en, en]);
  });

  it("a press release whose headline is in capitals too: the last line in capitals above the text", () => {
    const page = `TREASURER\n\n17/10/2001 No. 83\n\nPress Release: Mid-year Economic And Fiscal Outlook\n\nMID-YEAR OUTLOOK SHOWS A RESILIENT ECONOMY\n\n${en}\n`;
    const [article] = splitPage(page);
    expect(article?.title).toBe("MID-YEAR OUTLOOK SHOWS A RESILIENT ECONOMY");
    expect(article?.date).toBe("2001-10-17");
    expect(article?.notes).toEqual([
      "TREASURER",
      "17/10/2001 No. 83",
      "Press Release: Mid-year Economic And Fiscal Outlook",
    ]);
  });

  it("an ordinary title with capitals in it (NZ ETS) stays the title", () => {
    const [article] = splitPage(`Re-activating the NZ ETS\n\n8 May 2012\n\n${en}\n`);
    expect([article?.title, article?.notes]).toEqual(["Re-activating the NZ ETS", []]);
  });

  it.each([
    ["评论 | 以算法治理推动网络空间健康发展", "以算法治理推动网络空间健康发展", "评论"],
    ["专家观点 | ChatGPT带来的挑战与法律风险", "ChatGPT带来的挑战与法律风险", "专家观点"],
    ["服务随人走，发展添活力（评论员观察）", "服务随人走，发展添活力", "评论员观察"],
    ["以制度托举有温度的互助养老（人民时评）", "以制度托举有温度的互助养老", "人民时评"],
    [
      "图书馆“焚书”，要经得起文明和法律审视｜新京报快评",
      "图书馆“焚书”，要经得起文明和法律审视",
      "新京报快评",
    ],
    ["关于促进就业的若干意见（征求意见稿）", "关于促进就业的若干意见（征求意见稿）", undefined],
    ["世界卫生组织发布新版指南（世卫组织）", "世界卫生组织发布新版指南（世卫组织）", undefined],
    ["Five contracting tweaks (thus far)", "Five contracting tweaks (thus far)", undefined],
  ])("%s: title %s, column %s", (written, title, column) => {
    expect(splitColumn(written)).toEqual({ title, ...(column ? { column } : {}) });
  });

  it("a Markdown title's column label becomes `column`; a raw page's too", () => {
    const model = modelOf(`# 专家观点 | ChatGPT带来的挑战与法律风险\n\n${zh}\n`);
    expect([model.title, model.column]).toEqual(["ChatGPT带来的挑战与法律风险", "专家观点"]);
    const [article] = splitPage(`给小店支招，护市井烟火（人民时评）\n\n${zh}\n\n${zh}\n`);
    expect([article?.title, article?.column]).toEqual(["给小店支招，护市井烟火", "人民时评"]);
  });
});

describe("evaluation of front matter", () => {
  it("a gold paragraph read as front matter (a note, a date line, a title) is given *other*", () => {
    const page = `MEDIA RELEASE\n\n8 May 2012\n\nBlitz on dental waiting lists\n\n${en}\n`;
    const [article] = splitPage(page);
    const model = { ...modelOf(`# x\n\n${en}\n`), title: article?.title ?? "", notes: ["MEDIA RELEASE"] };
    const gold = {
      title: "",
      keyFigures: [],
      references: [],
      paragraphs: ["MEDIA RELEASE", "8 May 2012", "Blitz on denta", "The Govern"].map((startsWith) => ({
        startsWith,
        kinds: ["other" as const],
      })),
    };
    const units = align([{ model: { ...model, date: "2012-05-08" }, outline: [] }], gold).units;
    expect(units.map((u) => u.predicted)).toEqual(["other", "other", "other", model.sections[0]?.kind]);
  });
});
