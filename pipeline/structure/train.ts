/**
 * `npm run train`: rebuilds the classifier model `pipeline/structure/classifier.json` from the
 * corpus's train split and the seed (never dev). Same corpus → same bytes.
 *
 * `npm run train -- --cv`: estimates how well the whole structure stage carries over to sources it
 * has not seen, without touching dev: for each source of the training articles (a repository or
 * site), a model is trained on the others and the structure stage is scored on that source's
 * articles. Use it to tune the cue file's weights.
 * `npm run train -- --tune`: searches the cue file's weights, priors and thresholds by the same
 * cross-validation and prints the best as a cue-file snippet (see tune.ts); `--fix a.b,c.d` leaves
 * those numbers as they are; `--passes n` tries every number n times (default 2).
 * Options: `--corpus <dir>` (default corpus/articles), `--out <file>`, `--cues <file>` (extra cue file).
 * @module
 */
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { stringify } from "yaml";
import { type Fixture, listFixtures } from "../eval/corpus.js";
import { PROJECT_ROOT } from "../paths.js";
import { DEFAULT_MODEL_FILE } from "./classifier.js";
import { crossValidate, formatCrossValidation } from "./crossval.js";
import { loadCues } from "./cues.js";
import { collectTraining, type TrainOptions, trainModel } from "./training.js";
import { tune } from "./tune.js";

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i === -1 ? undefined : process.argv[i + 1];
};

const OPTION_KEYS = [
  "perArticle",
  "secondKind",
  "perKind",
  "headingPerKind",
  "discoursePerKind",
  "alpha",
  "bins",
  "minSources",
];

/** Training options from `--set perKind=2000,alpha=1` (to compare them by `--cv`). */
function trainOptions(): TrainOptions {
  const out: Record<string, number> = {};
  for (const pair of (arg("--set") ?? "").split(",").filter(Boolean)) {
    const [key, value] = pair.split("=");
    if (!key || !OPTION_KEYS.includes(key) || !Number.isFinite(Number(value)))
      throw new Error(`--set ${pair}: expected one of ${OPTION_KEYS.join(", ")} = a number`);
    out[key] = Number(value);
  }
  return out as TrainOptions;
}

function trainingFixtures(): Fixture[] {
  const corpus = arg("--corpus");
  const all = listFixtures(PROJECT_ROOT, corpus ? resolve(corpus) : undefined);
  return all.filter((f) => f.group === "train" || f.group === "seed");
}

async function crossValidation(fixtures: Fixture[]): Promise<void> {
  const cues = loadCues(arg("--cues") ? [resolve(arg("--cues") as string)] : []);
  const cv = await crossValidate(fixtures, cues, trainOptions());
  console.log(formatCrossValidation(cv, { misses: process.argv.includes("--misses") }));
}

async function tuning(fixtures: Fixture[]): Promise<void> {
  const cues = loadCues(arg("--cues") ? [resolve(arg("--cues") as string)] : []);
  const fixed = (arg("--fix") ?? "").split(",").filter(Boolean);
  const passes = Number(arg("--passes") ?? 2);
  const { tuning, before, after } = await tune(fixtures, cues, (l) => console.log(l), passes, fixed);
  console.log(`held-out objective ${before.toFixed(4)} → ${after.toFixed(4)}; as a cue file:`);
  console.log(stringify({ weights: tuning.weights, priors: tuning.priors, thresholds: tuning.thresholds }));
}

async function main(): Promise<void> {
  const fixtures = trainingFixtures();
  if (process.argv.includes("--cv")) return crossValidation(fixtures);
  if (process.argv.includes("--tune")) return tuning(fixtures);
  const set = await collectTraining(fixtures);
  const model = trainModel(set);
  const out = resolve(arg("--out") ?? DEFAULT_MODEL_FILE);
  const json = `${JSON.stringify(model)}\n`;
  writeFileSync(out, json);
  console.log(
    `trained on ${set.articles} articles (${set.paragraphs.length} paragraphs, ${set.headings.length} headings) → ${out} (${(json.length / 1024).toFixed(0)} KB)`,
  );
}

await main();
