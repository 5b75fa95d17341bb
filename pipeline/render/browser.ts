/**
 * Finds and launches the browser that prints PDFs. Order: `browser.executablePath` in config, then
 * `PUPPETEER_EXECUTABLE_PATH`, then a system `chromium-headless-shell`, `chromium`, `google-chrome`,
 * then a browser in Puppeteer's cache. The browser is a value handed through the run, never a global.
 * @module
 */
import { accessSync, constants, existsSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import type { Browser, LaunchOptions } from "puppeteer-core";
import { BriefError } from "../errors.js";

/** A browser found on this machine. */
export interface FoundBrowser {
  path: string;
  /** Where it was found: config, env, system, cache. */
  from: "config" | "env" | "system" | "cache";
  /** True for chrome-headless-shell (prints fastest). */
  headlessShell: boolean;
}

/** System browsers, most suitable first. */
export const SYSTEM_BROWSERS = [
  // Debian's /usr/bin/chromium-headless-shell is a shell wrapper around this binary; the binary itself
  // is preferred so the browser's pid is the browser's (signals and memory readings reach it).
  "/usr/lib/chromium/chromium-headless-shell",
  "/usr/bin/chromium-headless-shell",
  "/usr/lib/chromium/headless_shell",
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/snap/bin/chromium",
  "/usr/bin/google-chrome",
  "/usr/bin/google-chrome-stable",
  "/opt/google/chrome/chrome",
  "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
  "/Applications/Chromium.app/Contents/MacOS/Chromium",
  "C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe",
];

/** Puppeteer's download cache (`PUPPETEER_CACHE_DIR` or `~/.cache/puppeteer`). */
export function puppeteerCacheDir(): string {
  return process.env.PUPPETEER_CACHE_DIR ?? join(homedir(), ".cache", "puppeteer");
}

const isShell = (path: string) => /headless[-_]shell/.test(path);

/** True when the file is a regular file this process may execute. */
function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The fix printed when no browser is found. */
export const INSTALL_HINT =
  "install one: on Debian/Ubuntu as root `apt-get install chromium-headless-shell` (or `chromium`); " +
  "elsewhere `npx @puppeteer/browsers install chrome-headless-shell@stable --path ~/.cache/puppeteer`; " +
  "or set browser.executablePath in config.yaml / PUPPETEER_EXECUTABLE_PATH to a Chrome or Chromium binary";

/**
 * Finds a browser, or explains what was looked for.
 * @param configured `browser.executablePath` from config, or null
 * @param env the environment (default process.env)
 * @param systemPaths the system paths to try (default SYSTEM_BROWSERS)
 * @throws BriefError naming every place looked and how to install a browser
 */
export async function findBrowser(
  configured: string | null,
  env: NodeJS.ProcessEnv = process.env,
  systemPaths: readonly string[] = SYSTEM_BROWSERS,
): Promise<FoundBrowser> {
  const looked: string[] = [];
  if (configured) {
    if (!existsSync(configured))
      throw new BriefError(`browser.executablePath does not exist: ${configured}`, { hint: INSTALL_HINT });
    if (!executable(configured))
      throw new BriefError(`browser.executablePath is not an executable program: ${configured}`, {
        hint: `point it at a Chrome or Chromium binary (e.g. /usr/bin/chromium-headless-shell), or ${INSTALL_HINT}`,
      });
    return { path: configured, from: "config", headlessShell: isShell(configured) };
  }
  const fromEnv = env.PUPPETEER_EXECUTABLE_PATH;
  if (fromEnv) {
    if (existsSync(fromEnv)) return { path: fromEnv, from: "env", headlessShell: isShell(fromEnv) };
    looked.push(`PUPPETEER_EXECUTABLE_PATH=${fromEnv} (missing)`);
  } else looked.push("PUPPETEER_EXECUTABLE_PATH (not set)");
  for (const path of systemPaths) {
    if (existsSync(path)) return { path, from: "system", headlessShell: isShell(path) };
  }
  looked.push(...systemPaths);
  const cacheDir = env.PUPPETEER_CACHE_DIR ?? puppeteerCacheDir();
  try {
    // Loaded only here: most machines find a system browser first.
    const { getInstalledBrowsers } = await import("@puppeteer/browsers");
    const installed = await getInstalledBrowsers({ cacheDir });
    const pick =
      installed.find((b) => b.browser === "chrome-headless-shell") ??
      installed.find((b) => b.browser === "chrome" || b.browser === "chromium");
    if (pick && existsSync(pick.executablePath)) {
      return {
        path: pick.executablePath,
        from: "cache",
        headlessShell: pick.browser === "chrome-headless-shell",
      };
    }
  } catch {
    // An unreadable cache is the same as an empty one.
  }
  looked.push(`Puppeteer's cache ${cacheDir}`);
  throw new BriefError(`no browser found to print PDFs; looked for: ${looked.join(", ")}`, {
    hint: INSTALL_HINT,
  });
}

/** Flags that keep Chromium quiet and self-contained on a closed network. */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-extensions",
  "--disable-default-apps",
  "--no-first-run",
  "--no-default-browser-check",
  "--disable-quic",
  "--font-render-hinting=none",
  "--mute-audio",
];

/**
 * Launches the browser.
 * @param found what findBrowser returned
 * @param options extra Puppeteer launch options (user values win)
 */
export async function launchBrowser(
  found: FoundBrowser,
  options: LaunchOptions = {},
  tuning: { singleProcess?: boolean } = {},
): Promise<Browser> {
  const extra = [
    ...(tuning.singleProcess ? ["--single-process", "--no-zygote"] : []),
    ...(process.env.BRIEF_CHROMIUM_ARGS?.split(" ").filter(Boolean) ?? []),
  ];
  // Loaded on first launch, so runs with nothing to print never load Puppeteer.
  const { default: puppeteer } = await import("puppeteer-core");
  try {
    return await puppeteer.launch({
      executablePath: found.path,
      headless: found.headlessShell ? "shell" : true,
      args: [...CHROMIUM_ARGS, ...extra],
      pipe: true,
      protocolTimeout: 60_000,
      ...options,
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new BriefError(
      `cannot start the browser ${found.path}: ${code ?? (error as Error).message.split("\n")[0]}`,
      {
        hint: `check that it is a working Chrome or Chromium (run \`npm run doctor\`), or ${INSTALL_HINT}`,
        cause: error,
      },
    );
  }
}
