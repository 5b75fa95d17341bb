/** The seed's articles structured in memory, and a config parsed from the shipped default. */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseConfig } from "../pipeline/config/load.js";
import { loadCues } from "../pipeline/structure/cues.js";
import type { BriefModel } from "../pipeline/structure/model.js";
import { structureSource } from "../pipeline/structure/structure.js";
import { DEFAULT_CONFIG, ROOT, SEED_SLUGS, SEED_SOURCES, tempDir } from "./helpers.js";

/** The seed gold (`../shared/gold/seed.json`, kept in test/fixtures). */
export const gold = JSON.parse(readFileSync(join(ROOT, "test/fixtures/seed.gold.json"), "utf8"));

/** The seed's three brief models. */
export const seedModels: BriefModel[] = SEED_SLUGS.map((slug) => {
  const file = `sources/${slug}.md`;
  const text = readFileSync(join(SEED_SOURCES, `${slug}.md`), "utf8");
  return structureSource(text, file, slug, { cues: loadCues() }).model;
});

/**
 * A config from the default one, with a templates folder of the given files and extra audiences.
 * @param files template files of the user's folder, by path
 * @param audiencesYaml audiences added (YAML lines under `audiences:`)
 */
export async function configWith(files: Record<string, string> = {}, audiencesYaml = "") {
  const dir = tempDir("brief-config-");
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, "my-templates", name, ".."), { recursive: true });
    writeFileSync(join(dir, "my-templates", name), text);
  }
  mkdirSync(join(dir, "my-templates"), { recursive: true });
  const text = DEFAULT_CONFIG.replace("templates: null", "templates: my-templates").replace(
    "audiences:\n",
    `audiences:\n${audiencesYaml}`,
  );
  writeFileSync(join(dir, "config.yaml"), text);
  return { dir, config: await parseConfig(text, join(dir, "config.yaml")) };
}
