/**
 * Loads the cue words that decide section kinds: the defaults in `cues.yaml`, with a user's file of the
 * same shape merged over them (its words are added to the defaults).
 * @module
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { z } from "zod";
import { BriefError } from "../errors.js";
import { PROJECT_ROOT } from "../paths.js";
import type { SectionKind } from "./model.js";

/** Kinds that cues can vote for (`other` is what remains when none does). */
export const CUED_KINDS = ["context", "achievements", "challenges", "recommendations"] as const;
/** A kind cues vote for. */
export type CuedKind = (typeof CUED_KINDS)[number] & SectionKind;
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

/** All cues: kind → language → lists. */
export type Cues = Record<CuedKind, Record<Lang, CueList>>;

const ListSchema = z.array(z.string()).default([]);
const LangSchema = z.object({ heading: ListSchema, text: ListSchema, weak: ListSchema }).partial().strict();
const KindSchema = z.object({ zh: LangSchema, en: LangSchema }).partial().strict();
/** Shape of a cues file. */
export const CuesFileSchema = z
  .object({
    context: KindSchema,
    achievements: KindSchema,
    challenges: KindSchema,
    recommendations: KindSchema,
  })
  .partial()
  .strict();

export const DEFAULT_CUES_FILE = join(PROJECT_ROOT, "pipeline", "structure", "cues.yaml");

function toCue(entry: string, fallback: number): Cue {
  const m = /^(.+?)=(\d+(?:\.\d+)?)$/.exec(entry);
  return m
    ? { word: (m[1] as string).toLowerCase(), weight: Number(m[2]) }
    : { word: entry.toLowerCase(), weight: fallback };
}

function readCuesFile(file: string): z.infer<typeof CuesFileSchema> {
  let raw: unknown;
  try {
    raw = parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new BriefError(`cannot read cues file: ${(error as Error).message}`, {
      place: { file },
      cause: error,
    });
  }
  const result = CuesFileSchema.safeParse(raw ?? {});
  if (!result.success) {
    const issue = result.error.issues[0] as z.ZodIssue;
    throw new BriefError(`cues file: ${issue.path.join(".")}: ${issue.message}`, {
      place: { file },
      hint: "a cues file has kinds (context, achievements, challenges, recommendations) → zh/en → heading/text/weak lists",
    });
  }
  return result.data;
}

/**
 * Loads the default cues and merges the given files over them.
 * @param extraFiles user cue files (absolute paths), their words added to the defaults
 */
export function loadCues(extraFiles: readonly string[] = []): Cues {
  const files = [DEFAULT_CUES_FILE, ...extraFiles].map(readCuesFile);
  const cues = {} as Cues;
  for (const kind of CUED_KINDS) {
    cues[kind] = { zh: { heading: [], text: [], weak: [] }, en: { heading: [], text: [], weak: [] } };
    for (const lang of ["zh", "en"] as const) {
      for (const list of ["heading", "text", "weak"] as const) {
        const fallback = list === "heading" ? 3 : list === "text" ? 1 : 0.4;
        const words = files.flatMap((f) => f[kind]?.[lang]?.[list] ?? []);
        const byWord = new Map(words.map((w) => toCue(w, fallback)).map((c) => [c.word, c]));
        cues[kind][lang][list] = [...byWord.values()];
      }
    }
  }
  return cues;
}
