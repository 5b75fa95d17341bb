import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { listFixtures } from "../pipeline/eval/corpus.js";
import { formatEvaluation } from "../pipeline/eval/format.js";
import type { Evaluation } from "../pipeline/eval/index.js";
import { emptyScore } from "../pipeline/eval/score.js";
import {
  DEFAULT_MODEL_FILE,
  loadClassifier,
  predict,
  topFeatures,
} from "../pipeline/structure/classifier.js";
import { bestSequence } from "../pipeline/structure/classify.js";
import { loadCues } from "../pipeline/structure/cues.js";
import { discourseFeatures } from "../pipeline/structure/discourse.js";
import { addParagraphs, readParagraphs } from "../pipeline/structure/evidence.js";
import { featuresOf, gramKey, gramText, normaliseText } from "../pipeline/structure/features.js";
import { emptyEvidence, zeroScores } from "../pipeline/structure/signals.js";
import { collectTraining, trainModel } from "../pipeline/structure/training.js";
import { ROOT } from "./helpers.js";

describe("the trained classifier", () => {
  it("the committed model is what `npm run train` makes of the corpus: same corpus, same bytes", async () => {
    const fixtures = listFixtures(ROOT).filter((f) => f.group === "train" || f.group === "seed");
    const json = `${JSON.stringify(trainModel(await collectTraining(fixtures)))}\n`;
    expect(
      json === readFileSync(DEFAULT_MODEL_FILE, "utf8"),
      "run `npm run train` and commit the model",
    ).toBe(true);
    // Small enough to commit and load at once: three models per language and the position table.
    expect(statSync(DEFAULT_MODEL_FILE).size).toBeLessThan(1.25 * 1024 * 1024);
  });

  it("never trains on dev articles", async () => {
    const dev = listFixtures(ROOT).filter((f) => f.group === "dev");
    expect(dev.length).toBeGreaterThanOrEqual(20);
    await expect(collectTraining(dev.slice(0, 1))).rejects.toThrow(/dev articles are never trained on/);
  });

  it("reads Chinese as characters, bigrams and trigrams within runs, English as words and word pairs", () => {
    expect([...featuresOf("加强合作。增长5.4%", "zh")].sort()).toEqual(
      [
        ..."加强合作增长0%",
        "加强",
        "加强合",
        "强合",
        "强合作",
        "合作",
        "增长",
        "增长0",
        "长0",
        "长0%",
        "0%",
      ].sort(),
    );
    expect([...featuresOf("Congress should act.", "en")]).toEqual([
      "congress",
      "congress should",
      "should",
      "should act",
      "act",
    ]);
    for (const f of ["应", "加强", "长0%", "改革开"])
      expect(gramText(...(gramKey(f) as [number, number]))).toBe(f);
  });

  it("reads discourse as function words in a frame of placeholders: the same frame on two topics is one feature", () => {
    const frames = (text: string, lang: "zh" | "en") => discourseFeatures(normaliseText(text), lang);
    const water = frames("必须加快水价改革。", "zh");
    const data = frames("必须加快推进数据立法。", "zh");
    expect([...water].sort()).toEqual(["§必须X", "§必须X|", "§须X|"].sort());
    expect([...water].filter((f) => data.has(f)).sort()).toEqual([...water].sort());
    expect(frames("水价改革数据立法", "zh").size).toBe(0);
    const en = frames("The agency has not yet acted.", "en");
    for (const f of ["§the X has", "§has not yet", "§not yet X", "§X has not yet"])
      expect(en.has(f), f).toBe(true);
    expect([...en].some((f) => /agency|acted/u.test(f))).toBe(false);
    expect(frames("The agency hasn’t acted.", "en").has("§X hasn't X")).toBe(true);
  });

  it("the discourse model counts in a section's evidence by its weight, and is not read at weight 0", () => {
    const classifier = loadClassifier();
    const text = "目前仍然存在不少问题，但是相关部门尚未采取有效措施，群众的意见很大。";
    const read = (discourse: number) => {
      const cues = loadCues();
      const ctx = {
        lang: "zh" as const,
        classifier,
        cues: { ...cues, tuning: { ...cues.tuning, weights: { ...cues.tuning.weights, discourse } } },
      };
      const [signals] = readParagraphs([text], ctx);
      const evidence = emptyEvidence();
      addParagraphs(evidence, signals ? [signals] : [], ctx.cues.tuning);
      return { signals, scores: evidence.scores };
    };
    expect(read(0).signals?.discourse).toBeUndefined();
    const on = read(1);
    expect(on.signals?.discourse?.hits.length).toBeGreaterThan(0);
    expect(on.scores).not.toEqual(read(0).scores);
    expect(on.scores.challenges - read(0).scores.challenges).toBeCloseTo(
      read(2).scores.challenges - on.scores.challenges,
      5,
    );
  });

  it("scores a paragraph and names the features that spoke for a kind", () => {
    const classifier = loadClassifier();
    const p = predict(classifier.paragraph.zh, "存在的主要问题是资金短缺、人才不足，制约了发展。", "zh");
    expect(p.hits.length).toBeGreaterThan(0);
    const top = topFeatures([p], "challenges", 3);
    expect(top.length).toBeGreaterThan(0);
    expect(top[0]?.weight).toBeGreaterThan(0);
  });
});

describe("unheaded articles: the best sequence of kinds", () => {
  const row = (kind: string, value: number) => ({ ...zeroScores(), [kind]: value });
  it("a weak paragraph between two of one kind stays with them; a strong one does not", () => {
    const weak = [row("context", 3), row("challenges", 0.5), row("context", 2)];
    expect(bestSequence(weak, 1)).toEqual(["context", "context", "context"]);
    const strong = [row("context", 3), row("challenges", 4), row("context", 2)];
    expect(bestSequence(strong, 1)).toEqual(["context", "challenges", "context"]);
    expect(bestSequence(weak, 0)).toEqual(["context", "challenges", "context"]);
  });
});

describe("the evaluation is honest", () => {
  it("prints dev as aggregates only, never its articles or misses", () => {
    const summary = (name: string) => {
      const score = emptyScore();
      score.articles = 1;
      score.units = 1;
      score.misses = [`${name}: a miss`];
      return {
        accuracy: 0,
        minRecall: 0,
        figureRecall: 1,
        referenceRecall: 1,
        score,
        articles: [{ name, accuracy: 0, units: 1 }],
        shapes: {
          "zh headed": { articles: 1, units: 4, correct: 3 },
          "en unheaded": { articles: 1, units: 2, correct: 1 },
        },
      };
    };
    const result: Partial<Evaluation> = { train: summary("train-article"), dev: summary("dev-article") };
    const text = formatEvaluation(result, { misses: true });
    expect(text).toContain("train-article");
    expect(text).not.toContain("dev-article");
    // Shapes are aggregates: printed for dev as for the others.
    expect(text.match(/zh headed\s+0\.750 {3}\(4, 1\)/g)).toHaveLength(2);
    expect(text).toMatch(/en unheaded\s+0\.500/);
    expect(text).toMatch(/dev \(corpus, frozen: scores only, never tuned on\)/);
  });

  it("keeps no misses of a dev article, and the corpus has a frozen dev split of every shape", async () => {
    const { scoreFixture } = await import("../pipeline/eval/index.js");
    const { loadCues } = await import("../pipeline/structure/cues.js");
    const dev = listFixtures(ROOT).filter((f) => f.group === "dev");
    const score = await scoreFixture(dev[0] as (typeof dev)[number], loadCues());
    expect(score.misses).toEqual([]);
    const shapes = (group: string) =>
      new Set(
        listFixtures(ROOT)
          .filter((f) => f.group === group)
          .map((f) => f.gold.lang),
      );
    expect(shapes("dev")).toEqual(new Set(["zh", "en"]));
    expect(
      JSON.parse(readFileSync(join(ROOT, "test/fixtures/seed.gold.json"), "utf8")).articles,
    ).toHaveLength(3);
  });
});
