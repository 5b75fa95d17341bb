/**
 * Golden brief models: each `test/fixtures/golden/<case>/input.md` is structured and compared with its
 * `brief.json`. A missing `brief.json` is written from the output; `UPDATE=1 npm test` rewrites them
 * all (review the diff before committing).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadCues } from "../pipeline/structure/cues.js";
import { structureSource } from "../pipeline/structure/structure.js";
import { ROOT } from "./helpers.js";

const dir = join(ROOT, "test/fixtures/golden");
const cues = loadCues();
const update = process.env.UPDATE === "1";

describe("golden brief models", () => {
  it.each(readdirSync(dir).sort())("%s", (name) => {
    const input = join(dir, name, "input.md");
    const expectedFile = join(dir, name, "brief.json");
    const { model } = structureSource(readFileSync(input, "utf8"), `${name}/input.md`, name, { cues });
    const actual = `${JSON.stringify(model, null, 2)}\n`;
    if (update || !existsSync(expectedFile)) writeFileSync(expectedFile, actual);
    expect(JSON.parse(actual)).toEqual(JSON.parse(readFileSync(expectedFile, "utf8")));
  });
});
