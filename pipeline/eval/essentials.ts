/**
 * The essentials part of `npm run eval`: the seed's briefs are built (every default audience, in a
 * temporary folder, with the shipped default config) and their text is checked for what a reader must
 * find there (`test/fixtures/essentials.gold.json`, a copy of the shared gold).
 * @module
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../config/load.js";
import { type AudienceCoverage, briefsIn, essentialsCoverage, loadEssentials } from "../essentials.js";
import { runBriefs } from "../run/index.js";

/** The seed's sources: `sources/<seed>-N.md` kept in the project. */
const SEED = /^000_5f243a6afe7eb4cc-\d+\.md$/;

/**
 * Builds the seed's briefs and measures the essentials they carry, per audience.
 * @param root the project root
 * @returns coverage per audience, or undefined when the gold or the seed is missing
 */
export async function seedEssentials(root: string): Promise<Map<string, AudienceCoverage> | undefined> {
  const gold = join(root, "test/fixtures/essentials.gold.json");
  const seeds = readdirSync(join(root, "sources")).filter((f) => SEED.test(f));
  if (!existsSync(gold) || seeds.length === 0) return undefined;
  const dir = mkdtempSync(join(tmpdir(), "brief-essentials-"));
  try {
    mkdirSync(join(dir, "sources"));
    for (const f of seeds) copyFileSync(join(root, "sources", f), join(dir, "sources", f));
    copyFileSync(join(root, "pipeline/config/default-config.yaml"), join(dir, "config.yaml"));
    const config = await loadConfig(join(dir, "config.yaml"));
    await runBriefs({ config, reporter: { line: () => undefined, warn: () => undefined } });
    return essentialsCoverage(briefsIn(config.out), loadEssentials(gold));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
