/**
 * `brief templates [--check]`: which file every template name resolves to, and whether every audience
 * template compiles and fills against real brief models.
 * @module
 */
import type { Config } from "../config/schema.js";
import { describeError } from "../errors.js";
import type { BriefModel } from "../structure/model.js";
import { createComposer } from "./compose.js";
import { allTemplates, displayPath } from "./templates.js";

/** One template name and the file it resolves to. */
export interface ResolvedTemplate {
  name: string;
  file: string;
  /** True when the file comes from the user's templates folder. */
  overridden: boolean;
}

/**
 * Lists every template name with the file it resolves to.
 * @param config the run's config (template folders)
 */
export function resolvedTemplates(config: Pick<Config, "templateDirs">): ResolvedTemplate[] {
  const userDir = config.templateDirs.length > 1 ? config.templateDirs[0] : undefined;
  return [...allTemplates(config.templateDirs)].map(([name, file]) => ({
    name,
    file: displayPath(file),
    overridden: userDir !== undefined && file.startsWith(userDir),
  }));
}

/**
 * Composes every audience against every model and reports each problem once.
 * @param config the run's config
 * @param models brief models to fill the templates with (e.g. the seed's)
 * @returns problems, one line each (empty when all is well)
 */
export function checkTemplates(
  config: Pick<Config, "templateDirs" | "audiences" | "fonts">,
  models: readonly BriefModel[],
): string[] {
  const composer = createComposer(config);
  const problems = new Set<string>();
  for (const key of Object.keys(config.audiences)) {
    for (const model of models) {
      try {
        composer.compose(model, key);
      } catch (error) {
        problems.add(`audience ${key}: ${describeError(error)}`);
        break;
      }
    }
  }
  return [...problems];
}
