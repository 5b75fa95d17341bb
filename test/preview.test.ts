import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cleanup, DEFAULT_CONFIG, onlyAudiences, ROOT, tempProject } from "./helpers.js";

describe("npm run preview", () => {
  it("serves the briefs and their fonts, and on a template edit rebuilds what changed and tells the page to reload", async () => {
    const dir = tempProject(
      onlyAudiences(DEFAULT_CONFIG.replace("templates: null", "templates: my-templates"), [
        "executive",
        "policymaker",
      ]),
    );
    mkdirSync(join(dir, "my-templates", "partials"), { recursive: true });
    const child = spawn(process.execPath, [join(ROOT, "pipeline/bin.mjs"), "preview", "--port", "0"], {
      cwd: dir,
    });
    let output = "";
    child.stdout.on("data", (d: Buffer) => {
      output += d;
    });
    child.stderr.on("data", (d: Buffer) => {
      output += d;
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setInterval(() => {
          const m = /serving .* at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output);
          if (m) {
            clearInterval(timer);
            resolve(m[1] as string);
          }
        }, 100);
        child.on("exit", () => reject(new Error(output)));
      });
      const index = await (await fetch(url)).text();
      expect(index).toContain("000_5f243a6afe7eb4cc-1/executive.html");
      const page = await (await fetch(`${url}000_5f243a6afe7eb4cc-1/executive.html`)).text();
      expect(page).toContain('new EventSource("/__events")');
      // The fonts the page links (../fonts/…) are served, as fonts.
      const font = /url\("\.\.\/(fonts\/[^"]+\.woff2)"\)/.exec(page)?.[1];
      const served = await fetch(`${url}${font}`);
      expect([served.status, served.headers.get("content-type")]).toEqual([200, "font/woff2"]);
      expect((await served.arrayBuffer()).byteLength).toBeGreaterThan(0);
      expect((await fetch(`${url}../config.yaml`)).status).toBe(404);

      const events = await fetch(`${url}__events`);
      const reader = (events.body as ReadableStream<Uint8Array>).getReader();
      const reload = (async () => {
        let text = "";
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return false;
          text += new TextDecoder().decode(value);
          if (text.includes("data: reload")) return true;
        }
      })();
      writeFileSync(
        join(dir, "my-templates", "partials", "colophon.hbs"),
        '<footer class="colophon"><p>预览已更新</p></footer>\n',
      );
      expect(await reload).toBe(true);
      const updated = await (await fetch(`${url}000_5f243a6afe7eb4cc-2/policymaker.html`)).text();
      expect(updated).toContain("预览已更新");
      expect(output).toMatch(/preview: .*changed: 6 rebuilt, 0 unchanged, 0 failed/);
      await reader.cancel();
    } finally {
      child.kill("SIGTERM");
      await new Promise((r) => child.on("exit", r));
      cleanup(dir);
    }
  });
});
