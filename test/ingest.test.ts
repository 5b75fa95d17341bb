import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { decode } from "../pipeline/ingest/decode.js";
import { bylineNames } from "../pipeline/ingest/header.js";
import { ingest, ingestFile } from "../pipeline/ingest/ingest.js";
import { joinDecision, looksLikeHeading, repairBody } from "../pipeline/ingest/repair.js";
import { splitPage } from "../pipeline/ingest/split.js";
import { cleanup, ROOT, SEED, SEED_PROJECT, SEED_SOURCES, tempDir } from "./helpers.js";

const gold = JSON.parse(readFileSync(join(ROOT, "test/fixtures/seed.gold.json"), "utf8"));
const dirs: string[] = [];
afterEach(() => cleanup(...dirs.splice(0)));

function frontAndBody(markdown: string) {
  const m = /^---\n([\s\S]*?)\n---\n\n([\s\S]*)$/.exec(markdown);
  if (!m) throw new Error("no front matter");
  const front = parse(m[1] as string);
  const blocks = (m[2] as string).trim().split(/\n\n+/);
  return {
    front,
    headings: blocks.filter((b) => b.startsWith("#")),
    paragraphs: blocks.filter((b) => !b.startsWith("#")),
  };
}

describe("ingest of the seed page", async () => {
  const sources = await ingestFile(SEED, SEED_PROJECT);

  it("finds the three articles with titles, authors, column and notes of the gold", () => {
    expect(sources.map((s) => s.title)).toEqual(gold.articles.map((a: { title: string }) => a.title));
    sources.forEach((s, i) => {
      const g = gold.articles[i];
      const { front } = frontAndBody(s.markdown);
      expect(front.authors).toEqual(g.authors);
      expect(front.column).toBe(gold.column);
      expect(front.authorNote).toBe(g.authorNote);
      expect(front.fundingNote).toBe(g.fundingNote);
    });
  });

  it("repairs column breaks: paragraph counts and joined runs match the gold", () => {
    sources.forEach((s, i) => {
      const g = gold.articles[i];
      const { paragraphs } = frontAndBody(s.markdown);
      expect(paragraphs.length, g.title).toBe(g.bodyParagraphs);
      for (const run of g.joined)
        expect(
          paragraphs.some((p) => p.includes(run)),
          run,
        ).toBe(true);
    });
  });

  it("keeps real subheadings as Markdown headings", () => {
    const headings = sources.map((s) => frontAndBody(s.markdown).headings.map((h) => h.replace(/^#+ /, "")));
    gold.articles.forEach((g: { sections?: { heading: string | null }[] }, i: number) => {
      const expected = (g.sections ?? []).map((s) => s.heading).filter((h): h is string => h !== null);
      expect(headings[i]).toEqual(expected);
    });
  });

  it("drops the stray ] at the end of the page", () => {
    expect(sources[2]?.markdown).not.toMatch(/成果\]/);
  });

  it("reproduces the committed sources/ byte for byte", async () => {
    const out = tempDir();
    dirs.push(out);
    const written = await ingest(SEED, out, SEED_PROJECT);
    expect(written).toHaveLength(3);
    for (const file of readdirSync(out)) {
      expect(readFileSync(join(out, file), "utf8"), file).toBe(
        readFileSync(join(SEED_SOURCES, file), "utf8"),
      );
    }
  });
});

describe("column-break repair rules", () => {
  it.each([
    {
      name: "split word 提/供",
      a: "高效的资金链和人才链为中国与东盟人工智能合作的“链联通”提",
      b: "供了保障。金融是引擎。",
      join: true,
    },
    {
      name: "sentence cut mid-clause",
      a: "二是提升区域整体竞争力。对东盟来说，人工智能是推动产业",
      b: "升级的重要契机。",
      join: true,
    },
    {
      name: "ends with a dash",
      a: "第二，发挥作用。中国—",
      b: "东盟人工智能创新合作中心可为中国提供平台。",
      join: true,
    },
    { name: "ends with 、", a: "规模约达1.32万亿元、", b: "同比增长5.7%，展现出数字活力。", join: true },
    { name: "finished paragraph", a: "双方合作前景广阔。", b: "第二段开始了。", join: false },
    {
      name: "a finished sentence with a note in brackets after it",
      a: "促进农机装备领域高新技术产业发展。（工业和信息化部、科技部等负责）",
      b: "（四）推进农机装备全产业链协同发展。",
      join: false,
    },

    {
      name: "colon introduces the next paragraph",
      a: "这一共识在不同阶段的文件中不断强化：",
      b: "从《某计划》首次纳入合作蓝图。",
      join: false,
    },
    {
      name: "subheading",
      a: "提质升级，“链联通”大有可为",
      b: "中国—东盟人工智能合作正从基础性项目合作向升级。",
      join: false,
    },
    {
      name: "question subheading",
      a: "研判内外形势：为何要加数字服务贸易区域合作？",
      b: "从外部形势看，全球规则重构。",
      join: false,
    },
    {
      name: "English fragment",
      a: "The agreement covers trade in",
      b: "services and digital goods.",
      join: true,
    },
  ])("$name", ({ a, b, join }) => {
    expect(joinDecision(a, b).join).toBe(join);
  });

  it("never takes a long sentence or a sentence ending in 。 for a heading", () => {
    expect(looksLikeHeading("这是一个完整的句子。")).toBe(false);
    expect(looksLikeHeading("合作迈向未来")).toBe(true);
    expect(looksLikeHeading("Why this matters")).toBe(true);
  });

  it("marks a heading only after a finished paragraph and never as the last block", () => {
    const out = repairBody([
      { text: "第一段写完了。", line: 1 },
      { text: "合作迈向未来", line: 3 },
      { text: "面向未来，双方应当加强合作。", line: 5 },
      { text: "结语短行", line: 7 },
    ]);
    expect(out.map((e) => e.type)).toEqual(["paragraph", "heading", "paragraph", "paragraph"]);
  });
});

describe("ingest of other inputs", () => {
  it("leaves clean Markdown as it is", async () => {
    const dir = tempDir();
    dirs.push(dir);
    const md = "---\ntitle: 已经整理好的文章\nauthors: [张三]\n---\n\n第一段。\n\n## 挑战\n\n第二段。\n";
    const file = join(dir, "clean.md");
    writeFileSync(file, md);
    const out = join(dir, "out");
    const [written] = await ingest(file, out, dir);
    expect(readFileSync(written as string, "utf8")).toBe(md);
  });

  it("reads a page without bylines as one article", () => {
    const articles = splitPage("一个标题\n\n第一段内容写在这里。\n\n第二段内容也在这里。\n");
    expect(articles).toHaveLength(1);
    expect(articles[0]?.title).toBe("一个标题");
    expect(articles[0]?.body).toHaveLength(2);
  });

  it.each([
    ["张三", ["张三"]],
    ["张三 李四", ["张三", "李四"]],
    ["欧阳修、司马光、王安石", ["欧阳修", "司马光", "王安石"]],
    ["作者：张三", ["张三"]],
    ["文/张三 李四", ["张三", "李四"]],
    ["本报记者 张三", ["张三"]],
    ["国务院副总理 李四", ["李四"]],
    ["省长 王予波", ["王予波"]],
    ["文 | 中国教育科学研究院研究员 储朝晖", ["储朝晖"]],
    ["执笔：司马相如 张三", ["司马相如", "张三"]],
    ["本报特约评论员 王五", ["王五"]],
  ])("takes the byline %s under a title for its authors, never for a heading", (byline, authors) => {
    const body = "第一段内容写在这里，写得足够长，像一段真正的正文那样，有好几个分句，最后以句号结束。";
    const [article] = splitPage(`一个标题\n\n${byline}\n\n${body}\n\n一、研究背景\n\n${body}\n`);
    expect(article?.authors).toEqual(authors);
    expect(article?.body.filter((b) => b.type === "heading").map((b) => b.text)).toEqual(["一、研究背景"]);
  });

  it.each(["引言", "编者按", "研究背景"])("keeps %s under a title out of the byline, in the body", (line) => {
    const body = "第一段内容写在这里，写得足够长，像一段真正的正文那样，有好几个分句，最后以句号结束。";
    const [article] = splitPage(`一个标题\n\n${line}\n\n${body}\n`);
    expect(article?.authors).toEqual([]);
    expect(article?.body.map((b) => b.text)).toContain(line);
  });

  it("takes 作者： followed by more than names for a note, not for authors", () => {
    const body = "第一段内容写在这里，写得足够长，像一段真正的正文那样，有好几个分句，最后以句号结束。";
    const [article] = splitPage(`一个标题\n\n作者：张三，中国社会科学院研究员\n\n${body}\n`);
    expect(article?.authors).toEqual([]);
    expect(article?.notes).toEqual(["作者：张三，中国社会科学院研究员"]);
  });

  it("reads an official document: a title wrapped mid-phrase, its number, and its sign-off as notes", () => {
    const page = [
      "国务院关于加快推进农业机械化和\n农机装备产业转型升级的指导意见",
      "国发〔2018〕42号",
      "各省、自治区、直辖市人民政府：",
      "农业机械化是转变农业发展方式的重要基础。现提出以下意见。",
      "一、总体要求",
      "（一）指导思想。坚持创新驱动。（工业和信息化部、农业农村部等负责）",
      "（二）发展目标。到2025年，农机装备品类基本齐全。",
      "国务院",
      "2018年12月21日",
      "（此件公开发布）",
    ].join("\n\n");
    const [article] = splitPage(page);
    expect(article?.title).toBe("国务院关于加快推进农业机械化和农机装备产业转型升级的指导意见");
    expect(article?.notes).toEqual(["国发〔2018〕42号", "国务院", "2018年12月21日", "此件公开发布"]);
    expect(article?.body.filter((b) => b.type === "heading").map((b) => b.text)).toEqual(["一、总体要求"]);
    expect(article?.body.filter((b) => b.type === "paragraph")).toHaveLength(4);
  });

  it("refuses an empty file and a binary file with the file's name", () => {
    expect(() => decode(new Uint8Array(), "a.txt")).toThrow(/empty file/);
    try {
      decode(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 1, 2, 3]), "img.png");
      expect.unreachable();
    } catch (error) {
      expect((error as { place: { file: string } }).place.file).toBe("img.png");
      expect(String(error)).toMatch(/not a text file/);
    }
  });
});

describe("byline labels", () => {
  it.each([
    ["文/张三", ["张三"]],
    ["图 | 李四", ["李四"]],
    ["撰稿 王五", ["王五"]],
  ])("%s is a labelled byline", (line, names) => {
    expect(bylineNames(line)).toEqual(names);
  });

  it("a one-character label needs a mark or a space after it: 图书馆 is read whole, not as 图 + 书馆", () => {
    expect(bylineNames("图书馆")).toEqual(["图书馆"]);
    expect(bylineNames("文化强国")).toEqual(["文化强国"]);
  });
});
