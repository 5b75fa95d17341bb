/**
 * `npm run bench`: measures the render engine in one run and prints ratios.
 *   - the bare floor: the same HTML printed by one bare reused page of the same browser;
 *   - the pipeline's ms per brief (structure + compose + print + write, page pool, cold);
 *   - launch-per-document ms per brief for the same HTML (a sample);
 *   - cold and no-change re-run times (the re-run must launch no browser);
 *   - peak RSS of node and of Chromium, and RSS at brief 50/100/150/200 when the run is that long;
 *   - the seed, cold, all audiences, end to end through the CLI.
 * Options: --articles N (default 30), --launch-sample N (default 8), --fresh-page.
 * @module
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { parseConfig } from "./config/load.js";
import { findBrowser, launchBrowser } from "./render/browser.js";
import { treeRssMb } from "./render/pool.js";
import { type Reporter, runBriefs } from "./run.js";

const ROOT = new URL("..", import.meta.url).pathname;
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
};
const articles = arg("--articles", 30);
const launchSample = arg("--launch-sample", 8);
const freshPage = process.argv.includes("--fresh-page");

const TOPICS = ["数字贸易", "绿色金融", "区域合作", "乡村振兴", "人工智能", "新能源", "养老服务", "城市更新"];
/** A synthetic Chinese article of 2–3 printed pages: five headed sections, four paragraphs each. */
function article(i: number): string {
  const t = TOPICS[i % TOPICS.length] as string;
  const p = (k: number, j: number) =>
    `${2020 + (j % 6)}年，${t}领域第${k}方面的工作取得${(j * 3.7 + i).toFixed(1)}%的增长，规模约达${(i + j) * 12 + 100}亿元，覆盖${(j % 9) + 3}个省份。` +
    `但在体制机制、人才储备和资金保障等方面仍面临挑战，需要各方加强协同、完善制度，推动${t}高质量发展。` +
    `专家认为，应当把握机遇，统筹发展与安全，以改革创新破解难题，形成可复制可推广的经验。`;
  const heads = ["发展背景与形势", "主要进展与成效", "面临的挑战与问题", "对策建议", "保障措施"];
  const body = heads
    .map((h, k) => `## ${h}\n\n${Array.from({ length: 4 }, (_, j) => p(k + 1, j + 1)).join("\n\n")}`)
    .join("\n\n");
  return `---\ntitle: 关于推动${t}高质量发展的思考（${i + 1}）\nauthors: [作者甲, 作者乙]\ncolumn: 基准测试\n---\n\n当前，${t}正处于关键阶段，因此需要系统谋划、精准施策。\n\n${body}\n`;
}

const silent: Reporter = { line: () => undefined, warn: () => undefined };
const fmt = (n: number) => n.toFixed(1);

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "brief-bench-"));
  try {
    mkdirSync(join(dir, "sources"));
    for (let i = 0; i < articles; i++)
      writeFileSync(join(dir, "sources", `bench-${String(i + 1).padStart(3, "0")}.md`), article(i));
    cpSync(join(ROOT, "config.yaml"), join(dir, "config.yaml"));
    const config = parseConfig(readFileSync(join(dir, "config.yaml"), "utf8"), join(dir, "config.yaml"));
    const found = await findBrowser(config.browser.executablePath);
    console.log(
      `bench: ${articles} articles × ${Object.keys(config.audiences).length} audiences, ${availableParallelism()} cores, ${found.path}${config.browser.singleProcess ? ", single-process" : ""}${freshPage ? ", fresh page per brief" : ""}`,
    );

    // Cold run, sampling memory.
    const browserPids: number[] = [];
    let peakChromium = 0;
    const rssAt = new Map<number, number>();
    let builtSoFar = 0;
    const sample = setInterval(() => {
      peakChromium = Math.max(
        peakChromium,
        browserPids.reduce((s, p) => s + treeRssMb(p), 0),
      );
    }, 250);
    const reporter: Reporter = {
      line: (t) => {
        if (!t.startsWith("✓")) return;
        builtSoFar++;
        if (builtSoFar % 50 === 0) {
          rssAt.set(
            builtSoFar,
            process.memoryUsage().rss / 2 ** 20 + browserPids.reduce((s, p) => s + treeRssMb(p), 0),
          );
        }
      },
      warn: () => undefined,
    };
    const t0 = performance.now();
    const cold = await runBriefs({
      config,
      reporter,
      force: true,
      freshPage,
      launch: async () => {
        const b = await launchBrowser(
          found,
          {},
          { singleProcess: config.browser.singleProcess && !config.browser.javaScript },
        );
        const pid = b.process()?.pid;
        if (pid) browserPids.push(pid);
        return b;
      },
    });
    const coldMs = performance.now() - t0;
    clearInterval(sample);
    const briefs = cold.built.length;
    if (cold.failed.length > 0)
      console.log(`  ${cold.failed.length} briefs failed: ${cold.failed[0]?.message}`);

    // No-change re-run.
    const t1 = performance.now();
    const again = await runBriefs({ config, reporter: silent });
    const rerunMs = performance.now() - t1;

    // The bare floor: the same HTML, one reused page, sequentially.
    const htmls = cold.built.map((b) => readFileSync(join(config.out, b.html), "utf8"));
    const browser = await launchBrowser(
      found,
      {},
      { singleProcess: config.browser.singleProcess && !config.browser.javaScript },
    );
    let floorMs: number;
    try {
      const page = await browser.newPage();
      await page.setContent(htmls[0] as string);
      await page.pdf({ format: "A4", printBackground: true });
      const t2 = performance.now();
      for (const html of htmls) {
        await page.setContent(html);
        await page.pdf({ format: "A4", printBackground: true });
      }
      floorMs = (performance.now() - t2) / htmls.length;
    } finally {
      await browser.close();
    }

    // Launch per document, for a sample of the same HTML.
    const t3 = performance.now();
    for (const html of htmls.slice(0, launchSample)) {
      const b = await launchBrowser(
        found,
        {},
        { singleProcess: config.browser.singleProcess && !config.browser.javaScript },
      );
      const page = await b.newPage();
      await page.setContent(html);
      await page.pdf({ format: "A4", printBackground: true });
      await b.close();
    }
    const launchMs = (performance.now() - t3) / Math.min(launchSample, htmls.length);

    // The seed, cold, all audiences, end to end through the CLI (its bundle made fresh first, as
    // `npm install` leaves it).
    spawnSync(process.execPath, [join(ROOT, "pipeline/setup/build.mjs")], { cwd: ROOT });
    const seedOut = join(dir, "seed-dist");
    const t4 = performance.now();
    const seed = spawnSync(
      process.execPath,
      [join(ROOT, "pipeline/bin.mjs"), "brief", "--force", "--out", seedOut],
      { cwd: ROOT, encoding: "utf8" },
    );
    const seedMs = performance.now() - t4;
    const t5 = performance.now();
    spawnSync(process.execPath, [join(ROOT, "pipeline/bin.mjs"), "brief", "--out", seedOut], {
      cwd: ROOT,
      encoding: "utf8",
    });
    const seedRerunMs = performance.now() - t5;

    const perBrief = coldMs / briefs;
    console.log(`
briefs built (cold)                 ${briefs}  (${cold.failed.length} failed)
bare floor, reused page             ${fmt(floorMs)} ms per brief
pipeline, cold                      ${fmt(perBrief)} ms per brief   (${fmt(coldMs / 1000)} s in all)
  ratio pipeline / floor            ${(perBrief / floorMs).toFixed(2)}   (target ≤ 1.3)
launch per document (${Math.min(launchSample, htmls.length)} sampled)      ${fmt(launchMs)} ms per brief
  speed-up over launch-per-doc      ${(launchMs / perBrief).toFixed(1)}×   (target ≥ 5×)
no-change re-run (in process)       ${fmt(rerunMs)} ms, ${again.built.length} rebuilt, ${again.launches} browsers launched   (target ≤ 500 ms, 0 launches)
seed, cold, all audiences, CLI      ${fmt(seedMs)} ms end to end (exit ${seed.status})   (target ≤ 3000 ms)
seed, no-change re-run, CLI         ${fmt(seedRerunMs)} ms end to end (node start-up included)
peak RSS: node ${fmt(process.resourceUsage().maxRSS / 1024)} MB, Chromium ${fmt(peakChromium)} MB
RSS (node + Chromium) at brief      ${[...rssAt].map(([n, mb]) => `${n}: ${fmt(mb)} MB`).join(", ") || "(run ≥ 50 briefs to sample)"}`);
    const at50 = rssAt.get(50);
    const at200 = rssAt.get(200);
    if (at50 && at200)
      console.log(
        `  RSS change brief 50 → 200        ${(((at200 - at50) / at50) * 100).toFixed(1)}%   (target within ±10%)`,
      );
    else console.log("  (RSS flatness needs ≥ 200 briefs: npm run bench -- --articles 50)");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
