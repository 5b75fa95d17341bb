import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { findBrowser, launchBrowser } from "../pipeline/render/browser.js";
import { runBriefs } from "../pipeline/run/index.js";
import {
  cleanup,
  DEFAULT_CONFIG,
  onlyAudiences,
  sharedRenderer,
  SEED_SLUGS as slugs,
  tempProject,
} from "./helpers.js";
import { configOf, quiet, validPdfs } from "./runs.js";

const renderer = sharedRenderer();

describe("incremental builds", () => {
  it("rebuilds only what changed; a run where nothing changed launches no browser; --force rebuilds all", async () => {
    const dir = tempProject(onlyAudiences(DEFAULT_CONFIG, ["industry", "researcher"]));
    try {
      const config = await configOf(dir);
      const first = await runBriefs({ config, reporter: quiet(), renderer });
      expect(first.built).toHaveLength(6);
      expect(existsSync(join(dir, "dist", "index.html"))).toBe(true);
      expect(existsSync(join(dir, "dist", "feed.xml"))).toBe(true);

      const launchesBefore = renderer.launches;
      const again = await runBriefs({ config, reporter: quiet(), renderer });
      expect(again.built).toHaveLength(0);
      expect(again.skipped).toHaveLength(6);
      expect(renderer.launches).toBe(launchesBefore);
      expect(again.launches).toBe(0);

      appendFileSync(join(dir, "sources", `${slugs[1]}.md`), "\n补充一段新的内容，需要加强合作。\n");
      const afterSource = await runBriefs({ config, reporter: quiet(), renderer });
      expect(afterSource.built.map((b) => b.slug)).toEqual(Array(2).fill(slugs[1]));

      mkdirSync(join(dir, "my-templates", "audiences"), { recursive: true });
      writeFileSync(
        join(dir, "my-templates", "audiences", "industry.hbs"),
        "{{> bottom-line}}\n<p>产业版</p>\n",
      );
      const custom = await configOf(dir, (t) => t.replace("templates: null", "templates: my-templates"));
      const afterTemplate = await runBriefs({ config: custom, reporter: quiet(), renderer });
      expect(new Set(afterTemplate.built.map((b) => b.audience))).toEqual(new Set(["industry"]));
      expect(afterTemplate.built).toHaveLength(3);

      const budget = await configOf(dir, (t) => t.replace("pointChars: 200", "pointChars: 180"));
      const afterConfig = await runBriefs({ config: budget, reporter: quiet(), renderer });
      expect(new Set(afterConfig.built.map((b) => b.audience))).toEqual(new Set(["researcher"]));

      const forced = await runBriefs({
        config: budget,
        reporter: quiet(),
        renderer,
        force: true,
        only: [slugs[0] as string],
      });
      expect(forced.built).toHaveLength(2);
      await validPdfs(join(dir, "dist"));
    } finally {
      cleanup(dir);
    }
  });

  it("the archive lists every brief and the feed is Atom", async () => {
    const dir = tempProject();
    try {
      await runBriefs({
        config: await configOf(dir),
        reporter: quiet(),
        renderer,
        audiences: ["executive", "policymaker"],
      });
      const index = readFileSync(join(dir, "dist", "index.html"), "utf8");
      for (const slug of slugs) {
        expect(index).toContain(`href="${slug}/executive.pdf"`);
        expect(index).toContain(`href="${slug}/policymaker.html"`);
      }
      const feed = readFileSync(join(dir, "dist", "feed.xml"), "utf8");
      expect(feed).toMatch(
        /^<\?xml version="1.0" encoding="utf-8"\?>\n<feed xmlns="http:\/\/www.w3.org\/2005\/Atom">/,
      );
      expect(feed.match(/<entry>/g)).toHaveLength(6);
      for (const tag of ["id", "title", "updated"])
        expect(feed.match(new RegExp(`<${tag}>`, "g"))?.length).toBe(7);
      expect(feed).toContain("<author><name>");
      expect(feed).toMatch(
        /<link rel="enclosure" type="application\/pdf" href="000_5f243a6afe7eb4cc-1\/executive.pdf"\/>/,
      );
      // Well-formed XML: every element closes (checked by the browser's XML parser).
      const browser = await launchBrowser(await findBrowser(null));
      try {
        const page = await browser.newPage();
        const errors = await page.evaluate((xml) => {
          const doc = new DOMParser().parseFromString(xml, "application/xml");
          return [
            doc.getElementsByTagName("parsererror").length,
            doc.documentElement.namespaceURI,
            doc.getElementsByTagName("entry").length,
          ];
        }, feed);
        expect(errors).toEqual([0, "http://www.w3.org/2005/Atom", 6]);
      } finally {
        await browser.close();
      }
    } finally {
      cleanup(dir);
    }
  });
});

describe("the archive over time (issue 14)", () => {
  it("Atom ids are stable per article × audience; a forced rebuild of the same input keeps `updated`; removed audiences and sources are pruned", async () => {
    const dir = tempProject();
    try {
      const config = await configOf(dir);
      const audiences = ["executive", "industry"];
      await runBriefs({ config, reporter: quiet(), renderer, audiences });
      const feed = () => readFileSync(join(dir, "dist", "feed.xml"), "utf8");
      const idsAndUpdated = () =>
        [...feed().matchAll(/<id>(.*?)<\/id>\s*<title>.*?<\/title>\s*<updated>(.*?)<\/updated>/g)]
          .map((m) => `${m[1]} ${m[2]}`)
          .filter((l) => !l.includes(":archive "))
          .sort();
      const before = idsAndUpdated();
      expect(before).toHaveLength(6);
      expect(before[0]).toMatch(/^tag:policy-brief,2025:000_5f243a6afe7eb4cc-1\/executive /);
      await runBriefs({ config, reporter: quiet(), renderer, audiences, force: true });
      expect(idsAndUpdated()).toEqual(before);

      const fewer = await configOf(dir, (t) => t.replace(/\n {2}industry:\n( {4}.*\n)+/, "\n"));
      rmSync(join(dir, "sources", `${slugs[2]}.md`));
      const reporter = quiet();
      await runBriefs({ config: fewer, reporter, renderer });
      expect(reporter.lines.join("\n")).toMatch(/− 000_5f243a6afe7eb4cc-1\/industry: no longer produced/);
      expect(existsSync(join(dir, "dist", slugs[0] as string, "industry.pdf"))).toBe(false);
      expect(existsSync(join(dir, "dist", slugs[2] as string))).toBe(false);
      expect(feed()).not.toMatch(/\/industry</);
      expect(readFileSync(join(dir, "dist", "index.html"), "utf8")).not.toContain(slugs[2] as string);
    } finally {
      cleanup(dir);
    }
  });
});
