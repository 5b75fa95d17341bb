import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parseConfig } from "../pipeline/config/load.js";
import { ConfigError } from "../pipeline/errors.js";
import { cleanup, cli, DEFAULT_CONFIG, LATIN_FONT, ROOT, tempDir, tempProject } from "./helpers.js";

const dirs: string[] = [];
afterEach(() => cleanup(...dirs.splice(0)));

async function issuesOf(text: string) {
  try {
    await parseConfig(text, join(ROOT, "config.yaml"));
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
  return [];
}

const base = DEFAULT_CONFIG;

describe("config.yaml validation", () => {
  it("accepts the project's config and freezes it", async () => {
    const config = await parseConfig(base, join(ROOT, "config.yaml"));
    expect(Object.keys(config.audiences)).toEqual(["executive", "policymaker", "industry", "researcher"]);
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.audiences.executive)).toBe(true);
    expect(config.out).toBe(join(ROOT, "dist"));
  });

  it("reports YAML that is not valid with its line", async () => {
    const issues = await issuesOf("sources: sources/*.md\naudiences:\n  executive: [unclosed\n");
    expect(issues.length).toBeGreaterThan(0);
    expect(issues[0]?.message).toMatch(/not valid YAML/);
    expect(issues[0]?.line).toBeGreaterThanOrEqual(3);
  });

  it("reports an unknown template and an unknown section kind, each with its line, all at once", async () => {
    const text = base
      .replace(/(template: industry\n\s+sections: )\[[^\]]*\]/, "$1[context, risks]")
      .replace("template: industry", "template: no-such-template");
    const issues = await issuesOf(text);
    const lines = text.split("\n");
    const template = issues.find((i) => /unknown template "no-such-template"/.test(i.message));
    const kind = issues.find((i) => i.path.startsWith("audiences.industry.sections"));
    expect(template?.line && lines[template.line - 1]).toMatch(/no-such-template/);
    expect(kind?.message).toMatch(/context.*achievements.*challenges.*recommendations/);
    expect(kind?.line && lines[kind.line - 1]).toMatch(/risks/);
  });

  it("reports unknown keys and wrong types", async () => {
    const issues = await issuesOf(
      `${base}\nbrowser_typo: 1\n`.replace("timeoutMs: 30000", "timeoutMs: soon"),
    );
    expect(issues.map((i) => i.message).join("\n")).toMatch(/browser_typo/);
    expect(issues.find((i) => i.path === "browser.timeoutMs")?.line).toBeGreaterThan(0);
  });

  it("the CLI exits 2 with one line per problem and writes nothing to dist/", async () => {
    const dir = tempProject(
      base.replace("template: executive", "template: nope").replace("points: 2", "points: many"),
    );
    dirs.push(dir);
    const r = await cli(["brief", "--config", join(dir, "config.yaml")], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/config has 2 problems/);
    expect(r.stderr).toMatch(/config\.yaml:\d+: audiences\.executive\.template: unknown template "nope"/);
    expect(r.stderr).toMatch(/config\.yaml:\d+: audiences\.executive\.points/);
    expect(existsSync(join(dir, "dist"))).toBe(false);
  });

  it("resolves paths in --config relative to that file", async () => {
    const dir = tempProject();
    dirs.push(dir);
    writeFileSync(join(dir, "config.yaml"), base.replace("out: dist", "out: elsewhere"));
    const config = await parseConfig(
      readFileSync(join(dir, "config.yaml"), "utf8"),
      join(dir, "config.yaml"),
    );
    expect(config.out).toBe(join(dir, "elsewhere"));
    expect(config.sources).toEqual([join(dir, "sources/*.md")]);
  });

  it("fonts: the defaults are the packaged Noto Serif SC and Noto Sans SC", async () => {
    const config = await parseConfig(base, join(ROOT, "config.yaml"));
    expect(config.fonts.body.map((f) => [f.family, f.package?.name])).toEqual([
      ["Noto Serif SC", "@fontsource/noto-serif-sc"],
    ]);
    expect(config.fonts.headings[0]?.package?.name).toBe("@fontsource/noto-sans-sc");
  });

  it("fonts: families, package names and local files (grouped by their family) resolve", async () => {
    const dir = tempDir();
    dirs.push(dir);
    mkdirSync(join(dir, "fonts"));
    copyFileSync(LATIN_FONT, join(dir, "fonts", "latin.woff2"));
    const text = base.replace(
      /fonts:.*\n( {2}.*\n)+/,
      "fonts:\n  body: [fonts/latin.woff2, noto serif sc]\n  headings: '@fontsource/noto-sans-sc'\n",
    );
    const config = await parseConfig(text, join(dir, "config.yaml"));
    expect(config.fonts.body.map((f) => f.family)).toEqual([
      expect.stringMatching(/Noto Sans SC/),
      "Noto Serif SC",
    ]);
    expect(config.fonts.body[0]?.files).toEqual([join(dir, "fonts", "latin.woff2")]);
    expect(config.fonts.headings[0]?.family).toBe("Noto Sans SC");
  });

  it("fonts: an unknown family, a missing file and a file that is no font are errors with their lines", async () => {
    const dir = tempDir();
    dirs.push(dir);
    writeFileSync(join(dir, "broken.ttf"), "not a font");
    const text = base.replace(
      /fonts:.*\n( {2}.*\n)+/,
      "fonts:\n  body: Comic Serif XL\n  headings: [fonts/missing.otf, broken.ttf]\n",
    );
    const lines = text.split("\n");
    let issues: { path: string; message: string; line?: number }[] = [];
    try {
      await parseConfig(text, join(dir, "config.yaml"));
    } catch (error) {
      issues = (error as ConfigError).issues;
    }
    const at = (path: string) => issues.find((i) => i.path === path);
    expect(at("fonts.body")?.message).toMatch(/no installed font package for "Comic Serif XL".*Noto Sans SC/);
    expect(lines[(at("fonts.body")?.line ?? 0) - 1]).toMatch(/Comic Serif XL/);
    expect(at("fonts.headings.0")?.message).toMatch(/font file not found: .*missing\.otf/);
    expect(at("fonts.headings.1")?.message).toMatch(/not a usable font file: .*broken\.ttf/);
    expect(lines[(at("fonts.headings.1")?.line ?? 0) - 1]).toMatch(/broken\.ttf/);
  });
});

describe("feeds and pages in jobs", () => {
  it("a bad feed URL, a bad selector and a bad `since` are reported at their own lines", async () => {
    const jobs = `jobs:
  web:
    cron: "0 7 * * *"
    feeds:
      - ftp://example.org/feed.xml
      - { url: https://example.org/atom.xml, maxItems: 0 }
    pages:
      - { url: https://example.org/list.html, selector: "a[[" }
    since: yesterday
`;
    const text = base.replace(/\njobs:\n[\s\S]*?\n\naudiences:/, `\n${jobs}\naudiences:`);
    const issues = await issuesOf(text);
    const lines = text.split("\n");
    const at = (re: RegExp) => issues.find((i) => re.test(`${i.path}: ${i.message}`));
    expect(lines[(at(/jobs\.web\.feeds\.0/)?.line ?? 0) - 1]).toMatch(/ftp:/);
    expect(lines[(at(/jobs\.web\.feeds\.1/)?.line ?? 0) - 1]).toMatch(/maxItems: 0/);
    expect(at(/selector: not a CSS selector: a\[\[/)?.line).toBe(
      lines.findIndex((l) => l.includes("a[[")) + 1,
    );
    expect(lines[(at(/jobs\.web\.since/)?.line ?? 0) - 1]).toMatch(/since: yesterday/);
  });
});

describe("every problem at its own line (issue 14)", () => {
  it("an unknown key is reported at the key's line, not its parent's", async () => {
    const text = base.replace("browser:\n", "browser:\n  executablePth: /usr/bin/chromium\n");
    const issues = await issuesOf(text);
    const issue = issues.find((i) => /executablePth/.test(`${i.path} ${i.message}`));
    expect(text.split("\n")[(issue?.line ?? 0) - 1]).toMatch(/executablePth/);
  });

  it("a YAML alias bomb is a config error with its line, not a crash", async () => {
    const bomb = ["a: &a [x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 9; i++)
      bomb.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(", ")}]`,
      );
    const text = `${base}\nbomb:\n${bomb.map((l) => `  ${l}`).join("\n")}\n`;
    await expect(parseConfig(text, join(ROOT, "config.yaml"))).rejects.toBeInstanceOf(ConfigError);
    const issues = await issuesOf(text);
    expect(issues[0]?.message).toMatch(/aliases/);
    expect(issues[0]?.line).toBeGreaterThan(0);
  });

  it("an e-mail channel without a port loads (587 by default)", async () => {
    const text = base.replace(
      "channels:\n",
      "channels:\n  mail:\n    type: email\n    host: smtp.example.org\n    from: a@example.org\n    recipients:\n      executive: [b@example.org]\n",
    );
    const config = await parseConfig(text, join(ROOT, "config.yaml"));
    expect(config.channels.mail).toMatchObject({ port: 587 });
  });
});
