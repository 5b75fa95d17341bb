import { describe, expect, it } from "vitest";
import { listFixtures } from "../pipeline/eval/corpus.js";
import { emptyScore, type Score } from "../pipeline/eval/score.js";
import { loadClassifier } from "../pipeline/structure/classifier.js";
import { loadCues, WEIGHT_KEYS } from "../pipeline/structure/cues.js";
import { brokenProbes } from "../pipeline/structure/probes.js";
import { knobs, objective, seedCorrect, tune } from "../pipeline/structure/tune.js";
import { ROOT } from "./helpers.js";

/** A score of `right` of `units` paragraphs, all of one gold kind, the rest given `wrongAs`. */
function scoreOf(kind: "context" | "challenges", units: number, right: number): Score {
  const s = emptyScore();
  s.units = units;
  s.correct = right;
  s.perKind[kind].gold = units;
  s.perKind[kind].recalled = right;
  return s;
}

describe("tuning by cross-validation (npm run train -- --tune)", () => {
  it("can move every weight, each kind's priors and the thresholds", () => {
    const paths = knobs().map((k) => k.path);
    for (const w of WEIGHT_KEYS) expect(paths).toContain(`weights.${w}`);
    expect(paths).toContain("priors.all.recommendations");
    expect(paths).toContain("thresholds.modelScale");
  });

  it("prefers the same accuracy with no kind left behind", () => {
    const lopsided = [scoreOf("context", 90, 90), scoreOf("challenges", 10, 0)];
    const balanced = [scoreOf("context", 90, 81), scoreOf("challenges", 10, 9)];
    expect(objective(balanced)).toBeGreaterThan(objective(lopsided));
  });

  it("counts the seed paragraphs a tuning costs (a change that costs one is never kept)", async () => {
    const fixtures = listFixtures(ROOT).filter((f) => f.group === "seed");
    const cues = loadCues();
    const classifier = loadClassifier();
    const kept = await seedCorrect(fixtures, cues, classifier);
    expect(kept).toBeGreaterThanOrEqual(36);
    const skewed = {
      ...cues.tuning,
      priors: { ...cues.tuning.priors, all: { ...cues.tuning.priors.all, other: 20 } },
    };
    expect(await seedCorrect(fixtures, { ...cues, tuning: skewed }, classifier)).toBeLessThan(kept);
  });

  it("keeps the behaviours of probes.ts, and tells which a tuning breaks", () => {
    const cues = loadCues();
    const classifier = loadClassifier();
    expect(brokenProbes(cues, classifier)).toEqual([]);
    const w = (weights: Partial<typeof cues.tuning.weights>) => ({
      ...cues,
      tuning: { ...cues.tuning, weights: { ...cues.tuning.weights, ...weights } },
    });
    expect(brokenProbes(w({ headingFirst: 0 }), classifier).join("\n")).toMatch(
      /存在的问题与挑战 → recommendations/u,
    );
    expect(brokenProbes(w({ parent: 0 }), classifier).join("\n")).toMatch(/2\.[12] .* → (?!challenges)/u);
  });

  it("never tunes on dev", async () => {
    const dev = listFixtures(ROOT).filter((f) => f.group === "dev");
    await expect(tune(dev, loadCues(), () => {})).rejects.toThrow(/never tuned on/);
  });
});
