import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Ajv2020 from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import * as errors from "../pipeline/errors.js";
import { decode } from "../pipeline/ingest/decode.js";
import { loadCues } from "../pipeline/structure/cues.js";
import { findBottomLine, structureSource } from "../pipeline/structure/structure.js";
import { cleanup, cli, ROOT, SEED_SOURCES, tempDir, tempProject } from "./helpers.js";

/** Text in GB18030 (iconv, without blocking the worker). */
function toGb18030(text: string): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const child = spawn("iconv", ["-f", "UTF-8", "-t", "GB18030"]);
    const chunks: Buffer[] = [];
    child.stdout.on("data", (c: Buffer) => chunks.push(c));
    child.on("error", reject);
    child.on("close", () => resolve(new Uint8Array(Buffer.concat(chunks))));
    child.stdin.end(text);
  });
}

const gold = JSON.parse(readFileSync(join(ROOT, "test/fixtures/seed.gold.json"), "utf8"));
const cues = loadCues();
const seed = [1, 2, 3].map((n) => {
  const file = `sources/000_5f243a6afe7eb4cc-${n}.md`;
  return structureSource(
    readFileSync(join(SEED_SOURCES, file.replace("sources/", "")), "utf8"),
    file,
    `s${n}`,
    { cues },
  ).model;
});
const schema = JSON.parse(readFileSync(join(ROOT, "pipeline/structure/brief.schema.json"), "utf8"));
const validate = new (Ajv2020 as unknown as typeof Ajv2020.default)({ allErrors: true }).compile(schema);

describe("structure of the seed", () => {
  it("matches the JSON Schema", () => {
    for (const model of seed)
      expect(validate(JSON.parse(JSON.stringify(model))), JSON.stringify(validate.errors)).toBe(true);
  });

  it("reads titles, authors and notes from front matter", () => {
    seed.forEach((m, i) => {
      expect(m.title).toBe(gold.articles[i].title);
      expect(m.authors).toEqual(gold.articles[i].authors);
      expect(m.lang).toBe("zh");
    });
  });

  it("gives each headed section a kind the gold accepts", () => {
    for (const i of [0, 2]) {
      const expected = gold.articles[i].sections as { heading: string | null; kinds: string[] }[];
      expect(seed[i]?.sections.map((s) => s.heading)).toEqual(expected.map((s) => s.heading));
      seed[i]?.sections.forEach((s, k) => {
        expect(expected[k]?.kinds, String(s.heading)).toContain(s.kind);
      });
    }
  });

  it("gives each paragraph of the unheaded article a kind the gold accepts", () => {
    const model = seed[1];
    const kinds = model?.sections.flatMap((s) => s.paragraphs.map(() => s.kind)) ?? [];
    const expected = gold.articles[1].paragraphs as { startsWith: string; kinds: string[] }[];
    expect(kinds).toHaveLength(expected.length);
    kinds.forEach((k, i) => {
      expect(expected[i]?.kinds, expected[i]?.startsWith).toContain(k);
    });
    expect(model?.sections.every((s) => s.heading === null)).toBe(true);
  });

  it("finds the gold's key figures and cited documents, with paragraph indexes", () => {
    seed.forEach((m, i) => {
      const values = m.keyFigures.map((f) => f.value);
      for (const v of gold.articles[i].keyFigures) expect(values, v).toContain(v);
      expect(m.references.map((r) => r.title)).toEqual(gold.articles[i].references);
      const paragraphs = m.sections.flatMap((s) => s.paragraphs);
      for (const f of m.keyFigures) expect(paragraphs[f.paragraph]).toContain(f.value);
      for (const r of m.references) expect(paragraphs[r.paragraph]).toContain(`《${r.title}》`);
    });
  });

  it("points carry the paragraph they came from; enumerations give one point per item", () => {
    for (const m of seed) {
      const paragraphs = m.sections.flatMap((s) => s.paragraphs);
      for (const s of m.sections)
        for (const p of s.points) expect(paragraphs[p.paragraph]).toContain(p.text.slice(0, 8));
    }
    const recommendations = seed[0]?.sections.find((s) => s.heading === "合作迈向未来");
    expect(recommendations?.points.map((p) => p.text)).toEqual([
      "强化我国战略的内外统筹，为“链联通”提供顶层设计",
      "发挥中国—东盟人工智能创新中心的核心枢纽功能，为“链联通”提供平台支撑",
      "推动面向东盟的区域国别研究，为“链联通”提供智力支撑",
    ]);
  });

  it("is deterministic", () => {
    const file = "sources/000_5f243a6afe7eb4cc-3.md";
    const again = structureSource(
      readFileSync(join(SEED_SOURCES, file.replace("sources/", "")), "utf8"),
      file,
      "s3",
      { cues },
    ).model;
    expect(again).toEqual(seed[2]);
  });
});

describe("bad sources", () => {
  const text = readFileSync(join(SEED_SOURCES, "000_5f243a6afe7eb4cc-1.md"), "utf8");

  it("reads GB18030, a BOM and CRLF line ends the same as UTF-8", async () => {
    const gb = await toGb18030(text);
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from(text)]);
    const crlf = new Uint8Array(Buffer.from(text.replace(/\n/g, "\r\n")));
    for (const bytes of [gb, bom, crlf]) {
      const decoded = decode(bytes, "x.md").text;
      expect(decoded).toBe(text);
      expect(structureSource(decoded, "x.md", "x", { cues }).model).toEqual(
        structureSource(text, "x.md", "x", { cues }).model,
      );
    }
  });

  it("never passes raw HTML on as markup; the text survives", () => {
    const md = `---\ntitle: 测试\n---\n\n第一段<script>alert(1)</script>正文。<img src=x onerror="alert(2)">后文仍在。\n\n<div onclick="x()">块级<b>文字</b></div>\n\n<script>\nalert(3)\n</script>\n`;
    const model = structureSource(md, "h.md", "h", { cues }).model;
    const all = JSON.stringify(model.sections);
    expect(all).not.toMatch(/<script|<img|onerror|alert|<div|onclick/);
    expect(all).toContain("第一段正文。后文仍在。");
    expect(all).toContain("块级文字");
  });

  it("warns when an article has no headings and no cue words; the lead is context", () => {
    const md = "---\ntitle: 平淡\n---\n\n今天天气晴朗。\n\n小明去了公园。\n\n他看见了一只鸟。\n";
    const model = structureSource(md, "p.md", "p", { cues }).model;
    expect(model.sections[0]?.kind).toBe("context");
    expect(model.messages.map((m) => m.rule)).toContain("no-structure");
  });
});

describe("a 5 MB source", () => {
  it("is structured in a 1 GB heap, headed (5 MB) or not (1 MB) (through the CLI, in its own process)", async () => {
    const body = readFileSync(join(SEED_SOURCES, "000_5f243a6afe7eb4cc-2.md"), "utf8").split(
      "---\n",
    )[2] as string;
    const dir = tempProject(undefined, 0);
    try {
      for (const [name, head, mb] of [
        ["unheaded", "", 1],
        ["headed", "## 背景\n\n", 5],
      ] as const) {
        const copies = Math.ceil((mb * 1024 * 1024) / Buffer.byteLength(body));
        writeFileSync(
          join(dir, "sources", `${name}.md`),
          `---\ntitle: 大文件\n---\n\n${head}${body.repeat(copies)}`,
        );
      }
      const r = await cli(["structure"], { cwd: dir, env: { NODE_OPTIONS: "--max-old-space-size=1024" } });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/sources\/headed\.md {2}«大文件»/);
      expect(r.stdout).toMatch(/sources\/unheaded\.md {2}«大文件»/);
    } finally {
      cleanup(dir);
    }
  });
});

describe("English articles", () => {
  const md = `---
title: Connecting the region's grids
authors: [A. Writer]
---

Electricity demand in the region is expected to double by 2040, and cross-border trade is one answer.

## Background

Today only a small share of power crosses borders. The landscape is shaped by national utilities.

## Progress

In 2022 the first multilateral trade began, and capacity was raised to 200 megawatts. Three countries signed a memorandum.

## Challenges

Tariffs remain fragmented and the lack of a regulator is a barrier. Financing gaps are large: $4.5 billion is needed.

## Recommendations

First, governments should harmonise grid codes. Second, lenders must fund interconnectors.
`;
  const model = structureSource(md, "en.md", "en", { cues }).model;

  it("detects English and reads Background/Progress/Challenges/Recommendations", () => {
    expect(model.lang).toBe("en");
    expect(model.sections.map((s) => s.kind)).toEqual([
      "context",
      "context",
      "achievements",
      "challenges",
      "recommendations",
    ]);
  });

  it("finds English key figures and splits English sentences", () => {
    expect(model.keyFigures.map((f) => f.value)).toEqual(
      expect.arrayContaining(["200 megawatts", "$4.5 billion"]),
    );
    const progress = model.sections[2];
    expect(progress?.points.map((p) => p.text)).toContain("Three countries signed a memorandum.");
  });
});

describe("key figures in traditional Chinese", () => {
  it("reads 萬/億/個 and a space between a number and its unit", async () => {
    const { findFigures } = await import("../pipeline/structure/figures.js");
    const values = findFigures(
      ["全球有 75 個國家已承諾淨零排放，政府投入 2,100 億元，受益人口達 1100 萬，提高 12.5 個百分點。"],
      "zh",
    ).map((f) => f.value);
    expect(values).toEqual(expect.arrayContaining(["75 個國家", "2,100 億元", "1100 萬", "12.5 個百分點"]));
  });
});

describe("key points", () => {
  it("an audience's budget limits points per section and characters per point; nothing is cut mid-sentence", async () => {
    const { selectPoints } = await import("../pipeline/structure/points.js");
    const long = "这是一个很长的句子，它有好几个分句，每个分句都在说明不同的问题，最后还有一个结论";
    const ranked = [
      { text: long, paragraph: 0, score: 3 },
      { text: "短句一", paragraph: 2, score: 2 },
      { text: "短句三", paragraph: 1, score: 1 },
      { text: "短句四", paragraph: 3, score: 0.5 },
    ];
    expect(selectPoints(ranked, { count: 2, maxChars: 20 })).toEqual([
      { text: "短句三", paragraph: 1 },
      { text: "短句一", paragraph: 2 },
    ]);
    expect(selectPoints(ranked, { count: 2, maxChars: 100 })).toEqual([
      { text: long, paragraph: 0 },
      { text: "短句一", paragraph: 2 },
    ]);
    expect(selectPoints([ranked[0] as (typeof ranked)[number]], { count: 2, maxChars: 10 })).toEqual([
      { text: long, paragraph: 0 },
    ]);
    expect(selectPoints(ranked, { count: 0, maxChars: 100 })).toEqual([]);
  });

  it("splits Chinese sentences at 。！？； but never inside quotes or at ，", async () => {
    const { splitSentences } = await import("../pipeline/structure/sentences.js");
    const s = splitSentences(
      "他说：“我们要加强合作。这很重要。”各方表示赞同，并将推进。《关于推进。的意见》已出台！",
    );
    expect(s.map((x) => x.text)).toEqual([
      "他说：“我们要加强合作。这很重要。”各方表示赞同，并将推进。",
      "《关于推进。的意见》已出台！",
    ]);
  });

  it.each([
    ["Dr. Smith met the U.S. Drug Enforcement Administration. Then he left.", 2],
    ["Experts Lynn E. Smith and J. R. Jones said so. Others agreed.", 2],
    ["Thank you for the chance to discuss the U.S. Postal Service. We found gaps.", 2],
    ["Revenue fell, e.g. in Sept. Mail volume fell too.", 1],
    ["Growth was 5 per cent. Jobs rose. Prices held!", 3],
  ])("splits English at a sentence's end, never at an abbreviation or an initial: %s", async (text, n) => {
    const { splitSentences } = await import("../pipeline/structure/sentences.js");
    const s = splitSentences(text, "en").map((x) => x.text);
    expect(s).toHaveLength(n);
    expect(s.join(" ")).toBe(text);
  });
});

describe("evaluation", () => {
  it("seed ≥ 0.95 and train ≥ 0.85 per paragraph, seed figures and references ≥ 0.9 (dev is for `npm run eval -- --check` only)", async () => {
    const { evaluate } = await import("../pipeline/eval/index.js");
    const result = await evaluate(ROOT, { cues, groups: ["seed", "train"] });
    expect(result.dev).toBeUndefined();
    expect(result.seed?.accuracy).toBeGreaterThanOrEqual(0.95);
    expect(result.train?.score.articles).toBeGreaterThanOrEqual(35);
    expect(result.train?.accuracy).toBeGreaterThanOrEqual(0.85);
    expect(result.seed?.figureRecall).toBeGreaterThanOrEqual(0.9);
    expect(result.seed?.referenceRecall).toBeGreaterThanOrEqual(0.9);
  });
});

describe("explain and custom cues", () => {
  it("`brief structure` prints each section with its kind, scores per kind and deciding cues", async () => {
    const dir = tempProject();
    const r = await cli(["structure"], { cwd: dir });
    cleanup(dir);
    expect(r.code, r.output).toBe(0);
    const num = "-?[\\d.]+";
    expect(r.stdout).toMatch(
      new RegExp(
        `challenges\\s+现实挑战考验协同智慧  \\(4 ¶\\)\\n\\s+scores: context=${num}\\s+achievements=${num}\\s+challenges=${num}\\s+recommendations=${num}\\s+other=${num}\\n\\s+decided by: heading:挑战, .*挑战.*\\n\\s+model features: \\S+ [\\d.]+`,
      ),
    );
    expect(r.stdout).toMatch(/recommendations\s+¶5 郑永年提出/);
  });

  it("a cue file adds and removes words and sets weights, priors and thresholds", () => {
    const dir = tempDir();
    try {
      const file = join(dir, "my-cues.yaml");
      const md = "---\ntitle: 测试\n---\n\n引言段落。\n\n## 今日天气\n\n今天多云。\n";
      const kindOf = (extra: string) => {
        writeFileSync(file, extra);
        return structureSource(md, "t.md", "t", { cues: loadCues([file]) }).model.sections[1]?.kind;
      };
      expect(kindOf("challenges:\n  zh:\n    heading: [天气=20]\n")).toBe("challenges");
      expect(kindOf("other:\n  zh:\n    heading: [天气=20]\npriors:\n  all: { other: 5 }\n")).toBe("other");
      const removed = loadCues([file].slice(0, 0));
      writeFileSync(file, "remove:\n  challenges:\n    zh:\n      heading: [挑战]\nweights:\n  parent: 0\n");
      const custom = loadCues([file]);
      expect(removed.challenges.zh.heading.map((c) => c.word)).toContain("挑战");
      expect(custom.challenges.zh.heading.map((c) => c.word)).not.toContain("挑战");
      expect(custom.tuning.weights.parent).toBe(0);
      expect(custom.tuning.weights.heading).toBe(cues.tuning.weights.heading);
    } finally {
      cleanup(dir);
    }
  });

  it.each([
    [
      "an unknown list",
      "challenges:\n  zh:\n    headings: [天气]\n",
      /my-cues\.yaml:3: cues file: challenges\.zh\.headings: Unrecognized key/,
    ],
    [
      "an unknown weight",
      "weights:\n  heading: 2\n  headnig: 1\n",
      /my-cues\.yaml:3: cues file: weights\.headnig: Unrecognized key/,
    ],
    [
      "a weight that is not a number",
      "weights:\n  model: lots\n",
      /my-cues\.yaml:2: cues file: weights\.model: Expected number/,
    ],
    [
      "a negative weight",
      "weights:\n  stay: -1\n",
      /my-cues\.yaml:2: cues file: weights\.stay: Number must be greater than or equal to 0/,
    ],
    [
      "a prior for an unknown kind",
      "priors:\n  lead: { background: 2 }\n",
      /my-cues\.yaml:2: cues file: priors\.lead\.background: Unrecognized key/,
    ],
    ["broken YAML", "weights: [\n", /my-cues\.yaml(:\d+)?: cues file is not valid YAML/],
  ])("a cue file with %s is refused with its file and line", (_name, text, message) => {
    const dir = tempDir();
    try {
      const file = join(dir, "my-cues.yaml");
      writeFileSync(file, text);
      let error: unknown;
      try {
        loadCues([file]);
      } catch (e) {
        error = e;
      }
      expect(errors.describeError(error)).toMatch(message);
    } finally {
      cleanup(dir);
    }
  });
});

describe("front matter problems", () => {
  it("a bad value is reported at its own line", () => {
    const md = "---\ntitle: 标题\nauthors: [甲]\nlang: fr\n---\n\n正文段落。\n";
    expect(() => structureSource(md, "fm.md", "fm", { cues })).toThrow(
      expect.objectContaining({ place: { file: "fm.md", line: 4 } }),
    );
  });
});

describe("the bottom line", () => {
  const section = (paragraphs: string[]) => ({
    kind: "context" as const,
    heading: null,
    paragraphs,
    firstParagraph: 0,
    points: [],
  });

  it("skips an addressee line and never takes a question", () => {
    const lead = section([
      "各省、自治区、直辖市人民政府，国务院各部委、各直属机构：",
      "近年来各地安全生产形势总体稳定，但重特大事故仍时有发生，必须进一步压实企业主体责任。为什么事故屡禁不止？",
    ]);
    expect(findBottomLine([lead], "zh")).toEqual({
      text: "近年来各地安全生产形势总体稳定，但重特大事故仍时有发生，必须进一步压实企业主体责任。",
      paragraph: 1,
    });
  });

  it("takes a statement over a closing question in English", () => {
    const lead = section([
      "The tariff on copper imports will raise costs for manufacturers across the country this year. Who will pay for it in the end?",
    ]);
    expect(findBottomLine([lead], "en")?.text).toBe(
      "The tariff on copper imports will raise costs for manufacturers across the country this year.",
    );
  });
});
