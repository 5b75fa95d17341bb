#!/usr/bin/env node
// Runs after `npm install`: makes sure a browser that can print PDFs is present. The fonts briefs print
// with are npm packages (@fontsource/noto-serif-sc, @fontsource/noto-sans-sc), installed with the rest:
// no system font package is needed.
//   1. found → nothing to do;
//   2. missing, root on Debian/Ubuntu → apt-get install chromium-headless-shell (or chromium);
//   3. still missing → Puppeteer's own download of chrome-headless-shell (works where online);
//   4. otherwise → a clear message with the exact fix (the install itself does not fail).
// Skip it all with BRIEF_SKIP_SETUP=1.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

const log = (m) => process.stdout.write(`[policy-brief setup] ${m}\n`);
if (process.env.BRIEF_SKIP_SETUP === "1") {
  log("skipped (BRIEF_SKIP_SETUP=1)");
  process.exit(0);
}

const SYSTEM = [
  "/usr/bin/chromium-headless-shell",
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome",
  "/usr/bin/google-chrome-stable",
  "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
];
const cacheDir = process.env.PUPPETEER_CACHE_DIR ?? join(homedir(), ".cache", "puppeteer");

async function browserFound() {
  const env = process.env.PUPPETEER_EXECUTABLE_PATH;
  if (env && existsSync(env)) return env;
  const system = SYSTEM.find((p) => existsSync(p));
  if (system) return system;
  try {
    const { getInstalledBrowsers } = await import("@puppeteer/browsers");
    const installed = await getInstalledBrowsers({ cacheDir });
    const pick = installed.find((b) => b.browser === "chrome-headless-shell" || b.browser === "chrome");
    if (pick && existsSync(pick.executablePath)) return pick.executablePath;
  } catch {}
  return undefined;
}

const hasApt = () => spawnSync("sh", ["-c", "command -v apt-get"]).status === 0;
const isRoot = () => typeof process.getuid === "function" && process.getuid() === 0;
const apt = (args) =>
  spawnSync("apt-get", args, {
    stdio: "inherit",
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    timeout: 15 * 60_000,
  }).status === 0;

let browser = await browserFound();
if (browser) {
  log(`browser: ${browser}`);
  process.exit(0);
}

if (isRoot() && hasApt()) {
  log("installing with apt-get: chromium-headless-shell");
  apt(["update", "-q"]);
  if (!apt(["install", "-y", "-q", "--no-install-recommends", "chromium-headless-shell"]))
    apt(["install", "-y", "-q", "--no-install-recommends", "chromium"]);
  browser = await browserFound();
}

if (!browser) {
  log("no system browser: trying Puppeteer's download of chrome-headless-shell …");
  try {
    const b = await import("@puppeteer/browsers");
    const platform = b.detectBrowserPlatform();
    const buildId = await b.resolveBuildId(b.Browser.CHROMEHEADLESSSHELL, platform, "stable");
    const installed = await b.install({ browser: b.Browser.CHROMEHEADLESSSHELL, buildId, cacheDir });
    browser = installed.executablePath;
  } catch (error) {
    log(`download failed: ${String(error?.message ?? error).split("\n")[0]}`);
  }
}

if (browser) log(`browser: ${browser}`);
else
  log(
    "NO BROWSER: PDFs cannot be printed. Fix: as root on Debian/Ubuntu `apt-get install chromium-headless-shell`; " +
      "or `npx @puppeteer/browsers install chrome-headless-shell@stable --path ~/.cache/puppeteer`; " +
      "or set PUPPETEER_EXECUTABLE_PATH to Chrome/Chromium.",
  );
process.exit(0);
