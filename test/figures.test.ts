/**
 * Key figures as a reader sees them: values that end where their noun or unit ends, numbers that name
 * a figure, a table or a phone line left out, and labels that are a readable piece of the source —
 * one test per shape of defect found in briefs built from real articles.
 */
import { describe, expect, it } from "vitest";
import { keyFigures } from "../pipeline/compose/key-figures.js";
import { loadCues } from "../pipeline/structure/cues.js";
import { findFigures } from "../pipeline/structure/figures.js";
import { structureSource } from "../pipeline/structure/structure.js";

const cues = loadCues();

/** The values found in some paragraphs. */
const values = (paragraphs: string[], lang: "zh" | "en") => findFigures(paragraphs, lang).map((f) => f.value);

/** The key-figure rows of a brief made from one paragraph: `value · meaning`. */
function rows(paragraph: string): string[] {
  const md = `---\ntitle: t\n---\n\n${paragraph}\n`;
  const { model } = structureSource(md, "x.md", "x", { cues });
  return keyFigures(model, 20).map((f) => `${f.display} · ${f.meaning}`);
}

describe("key figures: a Chinese count ends at the end of its noun", () => {
  it("keeps the whole noun and never the verb after it (4个文件夹存储…, 22名相关责任人员也…)", () => {
    const found = values(
      [
        "系统为每个部门分配4个文件夹存储共享数据。",
        "其他22名相关责任人员也分别受到了党纪、政纪处分。",
        "打造10个“数字领航”企业、100个先进级智能工厂。",
        "申请材料齐全的，5个工作日能完成审批。",
        "造成86名矿工遇难，目前共有30多家企业复产。",
        "国家级高新技术企业从0.94万家增加到1.55万家。",
      ],
      "zh",
    );
    expect(found).toEqual(
      expect.arrayContaining([
        "4个文件夹",
        "22名相关责任人员",
        "100个先进级智能工厂",
        "5个工作日",
        "86名矿工",
        "30多家企业",
        "0.94万家",
        "1.55万家",
      ]),
    );
  });
});

describe("key figures: Chinese units and measure words stay with their number", () => {
  it("reads 人, 套, 立方米, 平方公里, 吨, 千瓦时 and 公里 (452万人, 10万套, 21.5亿立方米, 43人)", () => {
    const found = values(
      [
        "城镇新增就业452万人。压减地下水开采量21.5亿立方米、基本实现采补平衡。",
        "每天需要的医用防护服是10万套，一个月就需要300万套。",
        "8月11日，大同市杏儿沟煤矿瓦斯爆炸事故造成43人死亡。",
        "新增造林面积60万平方公里，年产粮食120万吨，发电量达到35亿千瓦时，建成高速公路9000公里。",
        "东盟拥有超过6.6亿人口的庞大市场。",
      ],
      "zh",
    );
    expect(found).toEqual(
      expect.arrayContaining([
        "452万人",
        "21.5亿立方米",
        "10万套",
        "300万套",
        "43人",
        "60万平方公里",
        "120万吨",
        "35亿千瓦时",
        "9000公里",
        // 人口 is a word of its own: 人 is no unit there.
        "6.6亿",
      ]),
    );
  });
});

describe("key figures: numbers that name something are no figures", () => {
  it("leaves out Chinese figure, table, article and document numbers, phone numbers and postcodes", () => {
    const found = values(
      [
        "本文设计了政务数据安全共享交换技术体系框架，如图1所示。",
        "其结构如图 2 所示，详见表3和附表1。",
        "依据《条例》第5条和第三章的规定，国务院印发了国发〔2018〕42号文件。",
        "咨询电话：0311-87654321，邮编050000，手机13812345678。",
        "代表3000人出席会议。",
      ],
      "zh",
    );
    expect(found).toEqual(["3000人"]);
  });

  it("leaves out English figure, table, section, page and item numbers and phone numbers", () => {
    const found = values(
      [
        "Article 5 states that an attack on one member is an attack on all, as Table 2 states in full.",
        "See Figure 3 and Section 4 on p. 12 and page 5 of Annex 2, item No. 7.",
        "For all media inquiries, please contact the Minister's Office on 02 6277 7220.",
        "The fund supports 40 projects in 12 states.",
      ],
      "en",
    );
    expect(found).toEqual(["40 projects", "12 states"]);
  });
});

describe("key-figure labels: Chinese labels are pieces of the source, never words with holes", () => {
  it("drops only whole linking words and adverbs (比重只有50%左右 → 比重)", () => {
    expect(rows("而城镇户籍人口比重只有50%左右。")).toEqual(["50%左右 · 城镇户籍人口比重"]);
  });

  it("reads 从A增长到B: each value with its own year, the second with the change", () => {
    expect(rows("全省生产总值从2020年的3.68万亿元增长到2025年的4.93万亿元、实现万亿级跃升。")).toEqual([
      "3.68万亿元 · 2020年全省生产总值",
      "4.93万亿元 · 2025年全省生产总值（从2020年的3.68万亿元增长）",
    ]);
    expect(
      rows("自“9.11”和发生“炭疽热”后，医药储备预算从5000万美元提高至6亿美元（约合42亿人民币）。"),
    ).toEqual(["5000万美元 · 医药储备预算", "6亿美元 · 医药储备预算（从5000万美元提高）"]);
    // The next item of the sentence is no part of the change.
    expect(rows("国家级高新技术企业从0.94万家增加到1.55万家、科技型中小企业达到2.8万家。")).toEqual([
      "0.94万家 · 国家级高新技术企业",
      "1.55万家 · 国家级高新技术企业（从0.94万家增加）",
      "2.8万家 · 科技型中小企业",
    ]);
  });

  it("a figure inside a phrase is read with the phrase (导致对3个关键问题的认识不足), a linking word the segmenter glued is dropped (时长达)", () => {
    expect(rows("这种理论盲区导致对3个关键问题的认识不足。")).toEqual([
      "3个关键问题 · 这种理论盲区导致对3个关键问题的认识不足",
    ]);
    expect(rows("有超过 10% 的贡献者每周参与开源的时长达35 小时。")).toContain(
      "35 小时 · 有超过 10% 的贡献者每周参与开源的时长",
    );
    expect(rows("今年赤字率只提高0.2个百分点到2.8%。")).toContain("2.8% · 今年赤字率只提高0.2个百分点");
  });

  it("a figure in the middle of a list, or with words on both sides, keeps the clause around it", () => {
    const list = rows("湖北省所有医院储备的实物价值各年度分别为35.84万元、41.09万元和67.01万元。");
    expect(list).toContain(
      "41.09万元 · 湖北省所有医院储备的实物价值各年度分别为35.84万元、41.09万元和67.01万元",
    );
    expect(rows("8月11日，大同市杏儿沟煤矿瓦斯爆炸事故造成43人死亡。")).toEqual([
      "43人 · 8月11日大同市杏儿沟煤矿瓦斯爆炸事故造成43人死亡",
    ]);
  });
});

describe("key-figure labels: English labels keep every word of their span", () => {
  it("keeps the numbers of the clause (about 10 percent, fiscal year 2020)", () => {
    const [first] = rows(
      "USPS’s total expenses increased by about 10 percent from about $82.4 billion in fiscal year 2020, the year before its plan was introduced.",
    );
    expect(first).toBe(
      "$82.4 billion · USPS’s total expenses increased by about 10 percent from about $82.4 billion in fiscal year 2020",
    );
  });

  it("reads a figure in brackets with the words before the bracket", () => {
    const found = rows(
      "Asia and the Pacific is host to more than half of the global total of people in forced labour (15.1 million), followed by Europe and Central Asia (4.1 million), the Americas (3.6 million) and the Arab States (0.9 million).",
    );
    expect(found).toContain("0.9 million · the Arab States (0.9 million)");
    expect(found).toContain("3.6 million · the Americas (3.6 million)");
  });

  it("keeps the years in the words before a figure (economic growth in 2001-02)", () => {
    const found = rows(
      "The forecast for economic growth in 2001-02 has been revised down slightly to 3 per cent from 3¼ per cent since the 2001-02 Budget.",
    );
    expect(found[0]).toBe(
      "3 per cent · The forecast for economic growth in 2001-02 has been revised down slightly to 3 per cent",
    );
  });
});

describe("key figures: English amounts, fractions and counts", () => {
  it("a magnitude suffix ends at a word boundary (£36mn is one amount, not £36m and n)", () => {
    const found = values(
      [
        "It requires corporations with £36mn or more in annual turnover to report.",
        "Relocation grants of between $15,000 and $120,000, depending on the area.",
      ],
      "en",
    );
    expect(found).toEqual(["£36mn", "$15,000", "$120,000"]);
  });

  it("reads fractions (3¾ per cent) and per cent written with non-breaking spaces", () => {
    const found = values(
      [
        "Domestic demand is forecast to grow by a solid 3¾ per cent, with net exports expected to detract around ¾ per cent.",
        "The unemployment rate is expected to be 7\u00a0per\u00a0cent in year average terms.",
      ],
      "en",
    );
    expect(found).toEqual(["3¾ per cent", "¾ per cent", "7\u00a0per\u00a0cent"]);
  });

  it("an English count is a number and any plural noun, never a year, a note number or a day", () => {
    const found = values(
      [
        "Nearly half of its students study by distance (15,627 students out of a total enrolment of 33,491 students in 2012).",
        "The Panel has made four commendations, six affirmations and 17 recommendations.",
        "29 USPS has authority to raise prices; 2012 levels held until June 30 states reported.",
      ],
      "en",
    );
    expect(found).toEqual(["15,627 students", "33,491 students", "17 recommendations", "2012"]);
  });
});
