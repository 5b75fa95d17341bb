/**
 * The labelled articles the structure stage is scored on: the corpus in `corpus/articles/` (real
 * articles, split into train and dev by source), the seed gold, and the old LLM-written fixtures
 * (a "synthetic" group, tuned on). Each article is read the way a user's file would be: raw `.txt`
 * pages go through the ingest, `.md` files are Markdown sources.
 * @module
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { z } from "zod";
import { ingestFile } from "../ingest/ingest.js";
import { SECTION_KINDS } from "../structure/model.js";

const KindList = z.array(z.enum(SECTION_KINDS)).min(1);
/** The labels of one article: per heading (headed) or per paragraph (unheaded). */
export const GoldArticleSchema = z.object({
  title: z.string(),
  source: z.string().optional(),
  publisher: z.string().optional(),
  split: z.enum(["train", "dev"]).optional(),
  lang: z.enum(["zh", "en"]).optional(),
  shape: z.string().optional(),
  sections: z.array(z.object({ heading: z.string().nullable(), kinds: KindList })).optional(),
  paragraphs: z.array(z.object({ startsWith: z.string(), kinds: KindList })).optional(),
  keyFigures: z.array(z.string()).default([]),
  references: z.array(z.string()).default([]),
});
/** A labelled article. */
export type GoldArticle = z.infer<typeof GoldArticleSchema>;

/** The groups scored separately. */
export const GROUPS = ["seed", "train", "dev", "synthetic"] as const;
/** One group. */
export type Group = (typeof GROUPS)[number];

/** A labelled article and where its text is. */
export interface Fixture {
  name: string;
  group: Group;
  /** The file as a user would give it (a raw page, or Markdown). */
  file: string;
  gold: GoldArticle;
}

/** One Markdown source made from a fixture (a page gives several, in reading order). */
export interface FixtureSource {
  file: string;
  slug: string;
  text: string;
}

const SEED_GOLD = "test/fixtures/seed.gold.json";
const SEED_SOURCE = (i: number) => `sources/000_5f243a6afe7eb4cc-${i + 1}.md`;
/** The corpus folder, relative to the project root. */
export const CORPUS_DIR = "corpus/articles";

function readGold(file: string): GoldArticle {
  return GoldArticleSchema.parse(JSON.parse(readFileSync(file, "utf8")));
}

/** The seed's three articles (already ingested into `sources/`). */
function seedFixtures(root: string): Fixture[] {
  const gold = JSON.parse(readFileSync(join(root, SEED_GOLD), "utf8")) as { articles: unknown[] };
  return gold.articles.map((a, i) => ({
    name: `seed-${i + 1}`,
    group: "seed",
    file: join(root, SEED_SOURCE(i)),
    gold: GoldArticleSchema.parse(a),
  }));
}

/** The corpus: `<id>.txt` or `<id>.md` with `<id>.gold.json`, in id order. */
export function corpusFixtures(root: string, dir = join(root, CORPUS_DIR)): Fixture[] {
  if (!existsSync(dir)) return [];
  const out: Fixture[] = [];
  for (const entry of readdirSync(dir).sort()) {
    if (!entry.endsWith(".gold.json")) continue;
    const id = entry.slice(0, -".gold.json".length);
    const file = [".txt", ".md"].map((ext) => join(dir, id + ext)).find((f) => existsSync(f));
    if (!file) continue;
    const gold = readGold(join(dir, entry));
    out.push({ name: id, group: gold.split ?? "train", file, gold });
  }
  return out;
}

/** The old LLM-written fixtures (`test/fixtures/eval*`): tuned on, so never called held out. */
function syntheticFixtures(root: string): Fixture[] {
  const out: Fixture[] = [];
  for (const folder of ["eval", "eval-holdout"]) {
    const dir = join(root, "test/fixtures", folder);
    if (!existsSync(dir)) continue;
    for (const entry of readdirSync(dir).sort()) {
      if (!entry.endsWith(".gold.json")) continue;
      const name = entry.slice(0, -".gold.json".length);
      const file = join(dir, `${name}.md`);
      if (existsSync(file)) out.push({ name, group: "synthetic", file, gold: readGold(join(dir, entry)) });
    }
  }
  return out;
}

/**
 * Lists every labelled article of the project.
 * @param root the project root
 * @param corpus the corpus folder (default `corpus/articles` under the root)
 */
export function listFixtures(root: string, corpus?: string): Fixture[] {
  return [...seedFixtures(root), ...corpusFixtures(root, corpus), ...syntheticFixtures(root)];
}

/** Drops the corpus's first `SOURCE: …` line (and the blank line after it). */
export function stripSourceLine(text: string): string {
  return text.replace(/^\uFEFF?SOURCE:[^\n]*\n(\s*\n)?/u, "");
}

/**
 * The Markdown sources of a fixture, made the way a user's file would be: a raw page through the
 * ingest (several sources for a page of several articles), Markdown as it is.
 * @param fixture the labelled article
 */
export async function sourcesOf(fixture: Fixture): Promise<FixtureSource[]> {
  const text = stripSourceLine(readFileSync(fixture.file, "utf8"));
  if (!fixture.file.endsWith(".txt")) return [{ file: fixture.file, slug: fixture.name, text }];
  const dir = mkdtempSync(join(tmpdir(), "brief-eval-"));
  try {
    const page = join(dir, `${fixture.name}.txt`);
    writeFileSync(page, text);
    const sources = await ingestFile(page, dir);
    return sources.map((s) => ({ file: fixture.file, slug: s.slug, text: s.markdown }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
