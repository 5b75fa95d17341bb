/**
 * Behaviours the structure stage keeps whatever the weights: small articles with the kinds a reader
 * gives them. `npm run train -- --tune` keeps no change that breaks one (the held-out score alone once
 * proposed weights under which an explicit 存在的问题与挑战 heading was outvoted by its paragraph, and a
 * child's own 对策建议 heading by its parent); the tests assert them too.
 * @module
 */
import type { Classifier } from "./classifier.js";
import type { Cues } from "./cues.js";
import { structureSource } from "./structure.js";
import { emptyClassifier } from "./training.js";

/** A small article and the kind each named heading's section must get. */
export interface Probe {
  name: string;
  markdown: string;
  kinds: Record<string, string>;
  /** Read with the cue words and priors only (no trained model). */
  rulesOnly?: boolean;
}

const opening = "开篇说明这项工作的总体情况与有关安排，交代本文讨论的范围、对象以及所用材料的来源。";
/** A short article whose one heading stands over a paragraph that advises (要…, 需要…). */
export const withHeading = (heading: string) =>
  `# 标题\n\n${opening}\n\n## ${heading}\n\n要推进改革，需要完善制度。\n`;

/** A report whose challenges heading has two plain sub-headings and one that advises. */
export const subHeadings =
  "# 报告\n\n引言。\n\n## 二、面临的挑战\n\n### 2.1 资金\n\n资金来源单一，投入不稳定。\n\n### 2.2 人才\n\n人才队伍规模小。\n\n### 2.3 对策建议\n\n应当加快完善政策。\n";

/** The kept behaviours. */
export const PROBES: readonly Probe[] = [
  {
    name: "an explicit heading outweighs its paragraph's words",
    markdown: withHeading("存在的问题与挑战"),
    kinds: { 存在的问题与挑战: "challenges" },
    rulesOnly: true,
  },
  {
    name: "under a neutral heading the paragraph decides",
    markdown: withHeading("县城里的大学"),
    kinds: { 县城里的大学: "recommendations" },
    rulesOnly: true,
  },
  {
    name: "a sub-heading inherits its parent's kind unless its own words say otherwise",
    markdown: subHeadings,
    kinds: {
      "二、面临的挑战": "challenges",
      "2.1 资金": "challenges",
      "2.2 人才": "challenges",
      "2.3 对策建议": "recommendations",
    },
  },
];

/**
 * The probes a reading breaks, each as `probe: heading → kind given (wanted)`.
 * @param cues the cue lists and tuning
 * @param classifier the trained model (probes marked `rulesOnly` do without)
 */
export function brokenProbes(cues: Cues, classifier?: Classifier): string[] {
  const out: string[] = [];
  for (const p of PROBES) {
    const { explain } = structureSource(p.markdown, "probe.md", "probe", {
      cues,
      ...(p.rulesOnly ? { classifier: emptyClassifier() } : classifier ? { classifier } : {}),
    });
    const given = new Map(explain.map((e) => [e.heading ?? "", e.decision.kind as string]));
    for (const [heading, kind] of Object.entries(p.kinds))
      if (given.get(heading) !== kind)
        out.push(`${p.name}: ${heading} → ${given.get(heading)} (wanted ${kind})`);
  }
  return out;
}
