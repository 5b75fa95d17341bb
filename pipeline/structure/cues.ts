/**
 * Loads the cue file that tunes how section kinds are decided: cue words per kind and language, the
 * weight of each signal, priors and thresholds. The defaults live in `cues.yaml`; a user's files of
 * the same shape are merged over them in order (words added, `remove` takes default words out,
 * weights, priors and thresholds replaced). Every file is validated strictly; a problem names the
 * file and line.
 * @module
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { isMap, LineCounter, parseDocument } from "yaml";
import { z } from "zod";
import { BriefError } from "../errors.js";
import { PROJECT_ROOT } from "../paths.js";
import { SECTION_KINDS, type SectionKind } from "./model.js";
import { toSimplified } from "./simplify.js";

/** Kinds that cues can vote for: every section kind (`other`: abstracts, references …). */
export const CUED_KINDS = SECTION_KINDS;
/** A kind cues vote for. */
export type CuedKind = SectionKind;
/** Article languages. */
export type Lang = "zh" | "en";

/** One cue word with its weight. */
export interface Cue {
  word: string;
  weight: number;
}

/** Cue lists for one kind in one language. */
export interface CueList {
  heading: Cue[];
  text: Cue[];
  weak: Cue[];
}

/** How much each signal counts (see cues.yaml). */
export const WEIGHT_KEYS = [
  "heading",
  "naming",
  "text",
  "model",
  "discourse",
  "unheadedModel",
  "headingModel",
  "parent",
  "headingFirst",
  "fragment",
  "position",
  "stay",
  "foreign",
  "meta",
] as const;
/** The tunable numbers besides the words. */
export interface Tuning {
  weights: Record<(typeof WEIGHT_KEYS)[number], number>;
  priors: Record<"lead" | "opening" | "all", Record<SectionKind, number>>;
  thresholds: { minScore: number; modelScale: number; strongHeading: number };
}

/** All cues: kind → language → lists, and the tuning. */
export type Cues = Record<CuedKind, Record<Lang, CueList>> & { tuning: Tuning };

const Words = z.array(z.string().min(1)).default([]);
const Lists = z.object({ heading: Words, text: Words, weak: Words }).partial().strict();
const PerLang = z.object({ zh: Lists, en: Lists }).partial().strict();
const KindNumbers = z
  .object(Object.fromEntries(SECTION_KINDS.map((k) => [k, z.number()])))
  .partial()
  .strict();
const kindShape = Object.fromEntries(SECTION_KINDS.map((k) => [k, PerLang])) as Record<
  SectionKind,
  typeof PerLang
>;
/** Shape of a cues file. */
export const CuesFileSchema = z
  .object({
    ...kindShape,
    remove: z.object(kindShape).partial().strict(),
    weights: z
      .object(Object.fromEntries(WEIGHT_KEYS.map((k) => [k, z.number().min(0)])))
      .partial()
      .strict(),
    priors: z.object({ lead: KindNumbers, opening: KindNumbers, all: KindNumbers }).partial().strict(),
    thresholds: z
      .object({
        minScore: z.number(),
        modelScale: z.number().positive(),
        strongHeading: z.number().positive(),
      })
      .partial()
      .strict(),
  })
  .partial()
  .strict();
/** A parsed cues file. */
export type CuesFile = z.infer<typeof CuesFileSchema>;

/** The default cue file (part of every brief's inputs). */
export const DEFAULT_CUES_FILE = join(PROJECT_ROOT, "pipeline", "structure", "cues.yaml");

const FALLBACK = { heading: 3, text: 1, weak: 0.4 } as const;

function toCue(entry: string, fallback: number): Cue {
  const m = /^(.+?)=(-?\d+(?:\.\d+)?)$/.exec(entry);
  return m
    ? { word: toSimplified((m[1] as string).trim().normalize("NFKC").toLowerCase()), weight: Number(m[2]) }
    : { word: toSimplified(entry.trim().normalize("NFKC").toLowerCase()), weight: fallback };
}

/** The line of the YAML node at `path` (or of the nearest node above it that exists). */
function lineOf(text: string, path: readonly (string | number)[]): number | undefined {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter });
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n), true) as { range?: [number] } | undefined;
    if (node?.range) return counter.linePos(node.range[0]).line;
  }
  return undefined;
}

/**
 * Reads and validates one cues file.
 * @throws BriefError naming the file and line of the first problem
 */
export function readCuesFile(file: string): CuesFile {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new BriefError(`cannot read cues file: ${(error as Error).message}`, {
      place: { file },
      cause: error,
    });
  }
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter });
  const error = doc.errors[0];
  if (error) {
    const line = error.linePos?.[0].line;
    throw new BriefError(`cues file is not valid YAML: ${error.message.split("\n")[0]}`, {
      place: { file, ...(line ? { line } : {}) },
    });
  }
  if (doc.contents !== null && !isMap(doc.contents))
    throw new BriefError("cues file: expected a mapping of kinds", { place: { file, line: 1 } });
  const result = CuesFileSchema.safeParse(doc.toJS() ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0] as z.ZodIssue;
  const key = issue.code === "unrecognized_keys" ? [...issue.path, issue.keys[0] as string] : issue.path;
  const line = lineOf(text, key);
  throw new BriefError(`cues file: ${key.join(".")}: ${issue.message}`, {
    place: { file, ...(line ? { line } : {}) },
    hint: "see the keys in pipeline/structure/cues.yaml: kinds → zh/en → heading/text/weak, remove, weights, priors, thresholds",
  });
}

function emptyPriors(): Record<SectionKind, number> {
  return Object.fromEntries(SECTION_KINDS.map((k) => [k, 0])) as Record<SectionKind, number>;
}

function mergeTuning(files: readonly CuesFile[]): Tuning {
  const tuning: Tuning = {
    weights: Object.fromEntries(WEIGHT_KEYS.map((k) => [k, 0])) as Tuning["weights"],
    priors: { lead: emptyPriors(), opening: emptyPriors(), all: emptyPriors() },
    thresholds: { minScore: 1, modelScale: 1, strongHeading: 3 },
  };
  for (const f of files) {
    Object.assign(tuning.weights, f.weights ?? {});
    for (const p of ["lead", "opening", "all"] as const) Object.assign(tuning.priors[p], f.priors?.[p] ?? {});
    Object.assign(tuning.thresholds, f.thresholds ?? {});
  }
  return tuning;
}

/**
 * Merges parsed cue files, the first being the defaults.
 * @param files the parsed files in order
 */
export function mergeCues(files: readonly CuesFile[]): Cues {
  const cues = { tuning: mergeTuning(files) } as Cues;
  for (const kind of CUED_KINDS) {
    cues[kind] = { zh: { heading: [], text: [], weak: [] }, en: { heading: [], text: [], weak: [] } };
    for (const lang of ["zh", "en"] as const) {
      for (const list of ["heading", "text", "weak"] as const) {
        const byWord = new Map<string, Cue>();
        for (const f of files) {
          for (const w of f[kind]?.[lang]?.[list] ?? []) {
            const cue = toCue(w, FALLBACK[list]);
            byWord.set(cue.word, cue);
          }
          for (const w of f.remove?.[kind]?.[lang]?.[list] ?? []) byWord.delete(toCue(w, 0).word);
        }
        cues[kind][lang][list] = [...byWord.values()];
      }
    }
  }
  return cues;
}

/**
 * Loads the default cues and merges the given files over them.
 * @param extraFiles user cue files (absolute paths), in order
 */
export function loadCues(extraFiles: readonly string[] = []): Cues {
  return mergeCues([DEFAULT_CUES_FILE, ...extraFiles].map(readCuesFile));
}
