/**
 * The run's first steps: list and read the sources (a bad one is reported by name and skipped), and
 * structure one source into its brief model.
 * @module
 */
import { readFile } from "node:fs/promises";
import { relative } from "node:path";
import type { Config } from "../config/schema.js";
import { BriefError, describeError } from "../errors.js";
import { decode } from "../ingest/decode.js";
import { listSources } from "../read.js";
import type { Cues } from "../structure/cues.js";
import type { BriefModel } from "../structure/model.js";
import { hashOf } from "../write/manifest.js";
import { indent, type Reporter, type RunResult } from "./types.js";

/** A source read into memory. */
export interface SourceInput {
  file: string;
  slug: string;
  text: string;
  /** Hash of the file's bytes. */
  hash: string;
}

/** A path as the user sees it: relative to the working folder. */
export const rel = (file: string) => relative(process.cwd(), file) || file;

/** Records a failed source or brief in the result and reports it. */
export function fail(
  result: RunResult,
  reporter: Reporter,
  source: string,
  error: unknown,
  audience?: string,
) {
  const message = describeError(error);
  result.failed.push({ source, ...(audience ? { audience } : {}), message });
  reporter.warn(`✗ ${source}${audience ? `  ${audience}` : ": skipped"}\n${indent(message)}`);
}

/**
 * Lists and reads the sources of a run.
 * @param config the run's config (its `sources` globs)
 * @param only keep sources whose path contains one of these strings
 * @param result where unreadable sources are recorded
 * @param reporter where they are reported
 * @throws BriefError when no source matches
 */
export async function readSources(
  config: Config,
  only: readonly string[] | undefined,
  result: RunResult,
  reporter: Reporter,
): Promise<SourceInput[]> {
  let sources = await listSources(config.sources);
  if (only) sources = sources.filter((s) => only.some((o) => s.file.includes(o)));
  if (sources.length === 0) {
    throw new BriefError(`no sources match ${config.sources.map(rel).join(", ")}`, {
      place: { file: rel(config.file) },
      hint: "run `npm run ingest -- <page.txt>` to make sources, or fix `sources:` in the config",
    });
  }
  const inputs: SourceInput[] = [];
  const bySlug = new Map<string, string>();
  for (const source of sources) {
    const first = bySlug.get(source.slug);
    if (first) {
      const error = new BriefError(
        `two sources are both named "${source.slug}": ${rel(first)} and ${rel(source.file)}`,
        {
          place: { file: rel(source.file) },
          hint: `briefs are kept by file name (dist/${source.slug}/): rename one of them`,
        },
      );
      fail(result, reporter, rel(source.file), error);
      continue;
    }
    bySlug.set(source.slug, source.file);
    try {
      const bytes = await readFile(source.file);
      inputs.push({ ...source, text: decode(bytes, rel(source.file)).text, hash: hashOf(bytes) });
    } catch (error) {
      fail(result, reporter, rel(source.file), error);
    }
  }
  return inputs;
}

/** Structures sources: loads the stage on first use, records models, messages and failures. */
export type Structurer = (input: SourceInput) => BriefModel | undefined;

/**
 * Makes the run's structurer (the structure stage is loaded here, only when something is built).
 * @param cues the run's cue lists
 * @param result where models, explanations, messages and failures go
 * @param reporter where messages are reported
 */
export async function structurer(cues: Cues, result: RunResult, reporter: Reporter): Promise<Structurer> {
  const { structureSource } = await import("../structure/structure.js");
  return (input) => {
    try {
      const { model, explain } = structureSource(input.text, rel(input.file), input.slug, { cues });
      result.models.push(model);
      result.explain.set(input.slug, explain);
      result.messages.push(...model.messages);
      for (const m of model.messages) reporter.warn(`${m.file}: ${m.level} [${m.rule}] ${m.reason}`);
      return model;
    } catch (error) {
      fail(result, reporter, rel(input.file), error);
      return undefined;
    }
  };
}
