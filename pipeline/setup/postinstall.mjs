#!/usr/bin/env node
// Runs after `npm install`: makes sure a browser that can print PDFs and CJK fonts are present.
//   1. both found → nothing to do;
//   2. missing, root on Debian/Ubuntu → apt-get install chromium-headless-shell (or chromium) fonts-noto-cjk;
//   3. browser still missing → Puppeteer's own download of chrome-headless-shell (works where online);
//   4. otherwise → a clear message with the exact fix (the install itself does not fail).
// Skip it all with BRIEF_SKIP_SETUP=1.
import { execFileSync, spawnSync } from "node:child_process";
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

function cjkFonts() {
  if (process.platform !== "linux") return true; // macOS and Windows ship CJK fonts
  try {
    return execFileSync("fc-list", [":lang=zh", "family"], { encoding: "utf8" }).trim() !== "";
  } catch {
    return false;
  }
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
let fonts = cjkFonts();
if (browser && fonts) {
  log(`browser: ${browser}; CJK fonts: present`);
  process.exit(0);
}

if (isRoot() && hasApt()) {
  const wanted = [
    ...(browser ? [] : ["chromium-headless-shell"]),
    ...(fonts ? [] : ["fonts-noto-cjk", "fontconfig"]),
  ];
  log(`installing with apt-get: ${wanted.join(" ")}`);
  apt(["update", "-q"]);
  if (!apt(["install", "-y", "-q", "--no-install-recommends", ...wanted]) && !browser) {
    apt([
      "install",
      "-y",
      "-q",
      "--no-install-recommends",
      "chromium",
      ...wanted.filter((p) => p !== "chromium-headless-shell"),
    ]);
  }
  browser = await browserFound();
  fonts = cjkFonts();
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
if (fonts) log("CJK fonts: present");
else
  log(
    "NO CJK FONTS: Chinese text would print as boxes. Fix: as root `apt-get install fonts-noto-cjk` (or install Noto Sans CJK SC).",
  );
process.exit(0);
