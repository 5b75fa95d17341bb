/**
 * Essentials: what a reader must find in each article's briefs (a gold file of phrases per article),
 * and how many of them a set of briefs carries, per audience. An essential is a list of alternative
 * phrases; it is present when any of them appears in the brief's visible text (whitespace removed).
 * The executive brief must carry the essentials listed for it; every other audience all of them.
 *
 * `tsx pipeline/essentials.ts [dist] [gold]` prints the coverage of the briefs built in `dist`.
 * @module
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { z } from "zod";

/** The gold file: per article, its essentials and those the executive brief must carry. */
export const EssentialsGoldSchema = z.object({
  articles: z.array(
    z.object({
      title: z.string(),
      essentials: z.array(z.object({ id: z.string(), any: z.array(z.string()).min(1) })),
      executive: z.array(z.string()).default([]),
    }),
  ),
});
/** A parsed gold file. */
export type EssentialsGold = z.infer<typeof EssentialsGoldSchema>;

/** One brief's visible text. */
export interface BriefText {
  title: string;
  audience: string;
  text: string;
}

/** Coverage of one audience over the briefs given. */
export interface AudienceCoverage {
  found: number;
  total: number;
  /** `title: id` of every essential missing. */
  missing: string[];
}

const squash = (s: string) => s.replace(/\s+/g, "");

/**
 * The text a reader sees in an HTML brief: tags, styles and scripts removed, entities decoded.
 * @param html the brief's HTML
 */
export function visibleText(html: string): string {
  return html
    .replace(/<(style|script|head)[\s\S]*?<\/\1>/gi, "")
    .replace(/<[^>]+>/g, "")
    .replace(/&(?:#(\d+)|#x([0-9a-f]+)|(amp|lt|gt|quot|apos|nbsp));/gi, (_, dec, hex, name) => {
      if (dec) return String.fromCodePoint(Number(dec));
      if (hex) return String.fromCodePoint(Number.parseInt(hex, 16));
      return (
        { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " }[String(name).toLowerCase()] ?? ""
      );
    });
}

/**
 * Which essentials of an article a brief carries.
 * @param text the brief's visible text
 * @param article the article's gold
 * @param audience the brief's audience (`executive` is held to its own list)
 */
export function scoreEssentials(text: string, article: EssentialsGold["articles"][number], audience: string) {
  const wanted =
    audience === "executive"
      ? article.essentials.filter((e) => article.executive.includes(e.id))
      : article.essentials;
  const flat = squash(text);
  const found = wanted.filter((e) => e.any.some((phrase) => flat.includes(squash(phrase))));
  return {
    found: found.map((e) => e.id),
    missing: wanted.filter((e) => !found.includes(e)).map((e) => e.id),
  };
}

/**
 * Coverage per audience of the briefs whose article the gold knows (matched by title).
 * @param briefs the briefs' texts
 * @param gold the gold file
 */
export function essentialsCoverage(
  briefs: readonly BriefText[],
  gold: EssentialsGold,
): Map<string, AudienceCoverage> {
  const out = new Map<string, AudienceCoverage>();
  for (const brief of briefs) {
    const article = gold.articles.find((a) => squash(a.title) === squash(brief.title));
    if (!article) continue;
    const { found, missing } = scoreEssentials(brief.text, article, brief.audience);
    const c = out.get(brief.audience) ?? { found: 0, total: 0, missing: [] };
    c.found += found.length;
    c.total += found.length + missing.length;
    c.missing.push(...missing.map((id) => `${article.title}: ${id}`));
    out.set(brief.audience, c);
  }
  return out;
}

/**
 * The briefs built in an output folder (`<slug>/brief.json` and `<slug>/<audience>.html`).
 * @param dist the output folder
 */
export function briefsIn(dist: string): BriefText[] {
  const out: BriefText[] = [];
  for (const slug of existsSync(dist) ? readdirSync(dist) : []) {
    const model = join(dist, slug, "brief.json");
    if (!existsSync(model)) continue;
    const { title } = JSON.parse(readFileSync(model, "utf8")) as { title: string };
    for (const file of readdirSync(join(dist, slug)).filter((f) => f.endsWith(".html")))
      out.push({
        title,
        audience: file.slice(0, -5),
        text: visibleText(readFileSync(join(dist, slug, file), "utf8")),
      });
  }
  return out;
}

/**
 * Lines reporting coverage per audience, then what is missing.
 * @param coverage from essentialsCoverage
 */
export function formatEssentials(coverage: Map<string, AudienceCoverage>): string {
  const lines = ["essentials carried (per audience):"];
  for (const [audience, c] of [...coverage].sort(([a], [b]) => a.localeCompare(b)))
    lines.push(
      `  ${audience.padEnd(12)} ${String(c.found).padStart(3)}/${String(c.total).padEnd(3)} ${c.total === 0 ? "—" : `${Math.round((100 * c.found) / c.total)}%`}`,
    );
  for (const [audience, c] of coverage)
    for (const m of c.missing) lines.push(`  missing in ${audience}: ${m}`);
  return lines.join("\n");
}

/**
 * Reads a gold file.
 * @param file its path
 */
export function loadEssentials(file: string): EssentialsGold {
  return EssentialsGoldSchema.parse(JSON.parse(readFileSync(file, "utf8")));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const dist = resolve(process.argv[2] ?? "dist");
  const gold = resolve(process.argv[3] ?? "test/fixtures/essentials.gold.json");
  console.log(formatEssentials(essentialsCoverage(briefsIn(dist), loadEssentials(gold))));
}
