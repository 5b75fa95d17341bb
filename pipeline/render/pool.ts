/**
 * The renderer: one browser at a time, a small pool of pages, and the faults a long run meets.
 * - Each worker owns one page, reset between briefs (the document is replaced, JavaScript is off,
 *   requests are filtered); a page is replaced after any failure. `freshPage` opens a new page per
 *   brief instead (isolation at ~2.5× the cost here: a new page spawns a renderer process).
 * - The browser is recycled after `recycleAfter` renders or when its processes' memory passes
 *   `maxBrowserMb`; launched lazily, so a run with nothing to render launches none.
 * - A render that times out or whose browser crashed is retried once on a relaunched browser/page.
 * - `close()` closes the browser and then kills its whole process group, so no Chromium outlives the
 *   run; an `exit` hook does the same if the process ends another way.
 * @module
 */
import type { Browser, Page } from "puppeteer-core";
import { BriefError } from "../errors.js";
import { MissingGlyphsError } from "./fonts.js";
import { killTree, track, treeRssMb, untrack, waitGone, withTimeout } from "./processes.js";
import { type Printed, preparePage, printPage, type RenderOptions } from "./render.js";

export { groupMembers, killTree, treeRssMb } from "./processes.js";

/** Options of a renderer. */
export interface RendererOptions {
  /** Starts a browser. */
  launch: () => Promise<Browser>;
  /** Documents rendering at once (one page each). */
  concurrency: number;
  /** Relaunch the browser after this many renders (default 500). */
  recycleAfter?: number;
  /** Relaunch the browser when its processes use more than this many MB (default 1500). */
  maxBrowserMb?: number;
  /** Open a new page for every brief instead of resetting the worker's page. */
  freshPage?: boolean;
  /** Receives lifecycle events (launch, recycle, retry). */
  onEvent?: (text: string) => void;
}

/** Renders HTML to PDF with fault handling. */
export interface Renderer {
  /** Prints one document (fitted when `options.fit` is set); retried once on timeout or crash. */
  render(html: string, options: RenderOptions): Promise<Printed>;
  /** Starts the browser and opens the pool's pages ahead of the first render (errors surface there). */
  warm(): void;
  /** Closes the browser and kills every process it started. */
  close(): Promise<void>;
  /** How many browsers were launched (0 when nothing was rendered). */
  readonly launches: number;
  /** Browser process ids launched so far (for tests and the bench). */
  readonly pids: number[];
}

interface Generation {
  browser: Browser;
  renders: number;
  active: number;
  retired: boolean;
  pid: number | undefined;
  /** Pages ready for the next brief. */
  idle: Page[];
}

/** The browsers of a renderer: the current one, launched on demand, and retired ones shutting down. */
function browsers(options: RendererOptions) {
  const all = new Set<Generation>();
  let current: Generation | undefined;
  let launching: Promise<Generation> | undefined;
  const pids: number[] = [];
  let launches = 0;
  let closed = false;
  const shutdown = async (gen: Generation) => {
    gen.retired = true;
    all.delete(gen);
    await withTimeout(
      gen.browser.close().catch(() => undefined),
      3000,
    );
    killTree(gen.pid);
    await waitGone(gen.pid, 2000);
    untrack(gen.pid);
  };
  const retire = (gen: Generation, why: string) => {
    if (gen.retired) return;
    gen.retired = true;
    if (current === gen) current = undefined;
    options.onEvent?.(`browser recycled (${why})`);
    if (gen.active === 0) void shutdown(gen);
  };
  const launch = async (): Promise<Generation> => {
    const browser = await options.launch();
    launches++;
    options.onEvent?.("trace: browser launched");
    const pid = browser.process()?.pid;
    if (pid) pids.push(pid);
    track(pid);
    const gen: Generation = { browser, renders: 0, active: 0, retired: false, pid, idle: [] };
    all.add(gen);
    browser.on("disconnected", () => retire(gen, "browser crashed or was killed"));
    current = gen;
    return gen;
  };
  return {
    pids,
    get launches() {
      return launches;
    },
    get closed() {
      return closed;
    },
    get current() {
      return current;
    },
    retire,
    /** The browser to render with, launching one when there is none (or it died). */
    async get(): Promise<Generation> {
      if (closed) throw new BriefError("renderer is closed");
      if (current?.browser.connected && !current.retired) return current;
      if (current) retire(current, "browser disconnected");
      launching ??= launch().finally(() => {
        launching = undefined;
      });
      return launching;
    },
    /** Shuts a retired browser down once its last render is done. */
    async settle(gen: Generation) {
      if (gen.retired && gen.active === 0 && all.has(gen)) await shutdown(gen);
    },
    async close() {
      closed = true;
      if (launching) await launching.catch(() => undefined);
      await Promise.all([...all].map(shutdown));
      current = undefined;
    },
  };
}

/** At most `n` renders at once; the others wait their turn. */
function slots(n: number) {
  let active = 0;
  let waiting: (() => void)[] = [];
  return {
    async acquire() {
      if (active >= n) await new Promise<void>((resolve) => waiting.push(resolve));
      active++;
    },
    release() {
      active--;
      waiting.shift()?.();
    },
    drain() {
      for (const resolve of waiting) resolve();
      waiting = [];
    },
  };
}

/** Returns a page to its browser's idle list, or closes it (retiring the browser if it will not close). */
async function putBack(keeper: ReturnType<typeof browsers>, gen: Generation, page: Page, healthy: boolean) {
  if (healthy && !gen.retired) {
    gen.idle.push(page);
    return;
  }
  if (!gen.browser.connected) return;
  // A page that failed may be stuck in a script: closing it ends its renderer; if even that hangs, the
  // whole browser goes.
  const ok = await withTimeout(
    page.close().then(
      () => true,
      () => false,
    ),
    2000,
  );
  if (!ok) keeper.retire(gen, "a page would not close");
}

/**
 * Creates a renderer. Nothing starts until the first render.
 * @param options launch function, concurrency, recycling bounds
 */
export function createRenderer(options: RendererOptions): Renderer {
  const recycleAfter = options.recycleAfter ?? 500;
  const maxMb = options.maxBrowserMb ?? 1500;
  const keeper = browsers(options);
  const turns = slots(options.concurrency);

  const attempt = async (html: string, opts: RenderOptions): Promise<Printed> => {
    const gen = await keeper.get();
    gen.active++;
    let page: Page | undefined;
    let healthy = false;
    try {
      page = (!options.freshPage && gen.idle.pop()) || (await preparePage(gen.browser, opts));
      const printed = await printPage(page, html, opts);
      healthy = !options.freshPage;
      return printed;
    } finally {
      gen.active--;
      gen.renders++;
      if (page) await putBack(keeper, gen, page, healthy);
      if (gen.renders >= recycleAfter) keeper.retire(gen, `${gen.renders} renders`);
      if (gen.renders % 20 === 0 && treeRssMb(gen.pid) > maxMb)
        keeper.retire(gen, `memory above ${maxMb} MB`);
      await keeper.settle(gen);
    }
  };

  const renderTwice = async (html: string, opts: RenderOptions): Promise<Printed> => {
    try {
      return await attempt(html, opts);
    } catch (first) {
      // A closed renderer, or a document that cannot print as it is: a retry would fail the same way.
      if (keeper.closed || first instanceof MissingGlyphsError) throw first;
      options.onEvent?.(`${opts.label}: ${(first as Error).message.split("\n")[0]} — retrying once`);
      // A crashed browser is already retired; a stuck page was closed (or its browser retired when it
      // would not close): the retry gets a fresh page either way.
      try {
        return await attempt(html, opts);
      } catch (second) {
        throw new BriefError(
          `cannot print ${opts.label} (failed twice): ${(second as Error).message.split("\n")[0]}`,
          {
            hint: "see the messages above; raise browser.timeoutMs if the brief is just slow",
            cause: second,
          },
        );
      }
    }
  };

  return {
    get launches() {
      return keeper.launches;
    },
    get pids() {
      return keeper.pids;
    },
    warm() {
      // Launch early, overlapping the browser's start-up with structuring and composing. (Opening
      // pages here too was measured slower: they compete for the same two cores.)
      keeper.get().catch(() => undefined);
    },
    async render(html, opts) {
      await turns.acquire();
      try {
        return await renderTwice(html, opts);
      } finally {
        turns.release();
      }
    },
    async close() {
      turns.drain();
      await keeper.close();
    },
  };
}
