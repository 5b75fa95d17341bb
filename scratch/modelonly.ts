import { listFixtures } from "../pipeline/eval/corpus.js";
import { PROJECT_ROOT } from "../pipeline/paths.js";
import { predict } from "../pipeline/structure/classifier.js";
import { foldsOf, subsetOf } from "../pipeline/structure/crossval.js";
import { SECTION_KINDS } from "../pipeline/structure/model.js";
import { collectTraining, sourceOf, type TrainOptions } from "../pipeline/structure/training.js";
const fixtures = listFixtures(PROJECT_ROOT).filter((f) => f.group === "train" || f.group === "seed");
const all = await collectTraining(fixtures);
const variants: [string, TrainOptions][] = JSON.parse(process.argv[2] ?? '[["bayes",{}]]');
for (const [name, opts] of variants) {
  let ok = 0, n = 0, macro = 0;
  const folds = foldsOf(fixtures, all, opts);
  for (const fold of folds) {
    const names = new Set(fold.fixtures.map((f) => f.name));
    const held = subsetOf(all, names).paragraphs;
    let fo = 0;
    for (const p of held) {
      const s = predict(fold.classifier.paragraph[p.lang], p.text, p.lang).scores;
      const k = SECTION_KINDS[s.indexOf(Math.max(...s))];
      if (p.kinds.includes(k)) { ok++; fo++; }
      n++;
    }
    macro += held.length ? fo / held.length : 0;
  }
  console.log(name, (ok / n).toFixed(3), "macro", (macro / folds.length).toFixed(3), n);
}
