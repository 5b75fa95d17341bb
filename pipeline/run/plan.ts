/**
 * Plans an incremental build: a brief is rebuilt only when the hash of everything it is made from
 * (source bytes, cue files, the audience's config, PDF options, its template files, the fonts, the
 * tool's version) differs from the manifest's, or its HTML or PDF is missing, or it was written before
 * the HTML linked its fonts. (A missing font file is restored after the build, without rebuilding.)
 * @module
 */
import { readFileSync } from "node:fs";
import { stat } from "node:fs/promises";
import { join } from "node:path";
import { templateFilesFor } from "../compose/templates.js";
import type { Config } from "../config/schema.js";
import { BriefError } from "../errors.js";
import { fontsKey } from "../fonts/find.js";
import { TOOL_VERSION } from "../paths.js";
import { DEFAULT_MODEL_FILE } from "../structure/classifier.js";
import { DEFAULT_CUES_FILE } from "../structure/cues.js";
import { briefKey, hashOf, type Manifest } from "../write/manifest.js";
import type { SourceInput } from "./sources.js";

/** A brief to build: its audience and the hash of its inputs. */
export interface PendingBrief {
  audience: string;
  hash: string;
}

/** What a plan decided. */
export interface Plan {
  /** Per source, the briefs to build (sources with nothing to build are absent). */
  pending: Map<SourceInput, PendingBrief[]>;
  /** Keys `slug/audience` of briefs left as they are. */
  skipped: string[];
  /** Briefs that cannot be planned (an unknown audience). */
  failures: { input: SourceInput; audience: string; error: unknown }[];
}

/** Hashes of each audience's template files, each file read once per run. */
function templateHasher(config: Config): (audience: string) => string {
  const files = new Map<string, string>();
  const audiences = new Map<string, string>();
  const fileHash = (f: string) => files.get(f) ?? files.set(f, hashOf(f, readFileSync(f))).get(f);
  return (audience) => {
    const known = audiences.get(audience);
    if (known) return known;
    const template = config.audiences[audience]?.template;
    if (!template) throw new BriefError(`unknown audience "${audience}"`);
    const h = hashOf(...templateFilesFor(config.templateDirs, template).map((f) => fileHash(f) as string));
    audiences.set(audience, h);
    return h;
  };
}

async function nonEmpty(file: string): Promise<boolean> {
  try {
    return (await stat(file)).size > 0;
  } catch {
    return false;
  }
}

/**
 * Decides which briefs to build.
 * @param config the run's config
 * @param inputs the sources read
 * @param audiences the audience keys of the run
 * @param manifest the output folder's manifest
 * @param force rebuild everything
 */
export async function plan(
  config: Config,
  inputs: readonly SourceInput[],
  audiences: readonly string[],
  manifest: Manifest,
  force: boolean,
): Promise<Plan> {
  const result: Plan = { pending: new Map(), skipped: [], failures: [] };
  const templates = templateHasher(config);
  const cues = hashOf(
    ...[DEFAULT_CUES_FILE, DEFAULT_MODEL_FILE, ...config.structure.cues].map((f) => readFileSync(f)),
  );
  const shared = hashOf(TOOL_VERSION, cues, JSON.stringify(config.pdf), fontsKey(config.fonts));
  for (const input of inputs) {
    const pending: PendingBrief[] = [];
    for (const audience of audiences) {
      let hash: string;
      try {
        hash = hashOf(shared, input.hash, JSON.stringify(config.audiences[audience]), templates(audience));
      } catch (error) {
        result.failures.push({ input, audience, error });
        continue;
      }
      const entry = manifest.briefs[briefKey(input.slug, audience)];
      const upToDate =
        !force &&
        entry?.hash === hash &&
        Array.isArray(entry.fonts) &&
        (await nonEmpty(join(config.out, entry.pdf))) &&
        (await nonEmpty(join(config.out, entry.html)));
      if (upToDate) result.skipped.push(briefKey(input.slug, audience));
      else pending.push({ audience, hash });
    }
    if (pending.length > 0) result.pending.set(input, pending);
  }
  return result;
}
