/**
 * `brief preview`: serves the briefs on localhost and reloads the browser when a template, stylesheet,
 * source or config.yaml changes, rebuilding only what changed (the incremental build).
 * @module
 */
import { type FSWatcher, watch } from "node:fs";
import { readFile } from "node:fs/promises";
import { createServer, type ServerResponse } from "node:http";
import { dirname, extname, join, normalize, resolve, sep } from "node:path";
import { loadConfig } from "./config/load.js";
import type { Config } from "./config/schema.js";
import { describeError } from "./errors.js";
import { findBrowser, launchBrowser } from "./render/browser.js";
import { createRenderer } from "./render/pool.js";
import { type Reporter, runBriefs } from "./run/index.js";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".pdf": "application/pdf",
  ".json": "application/json; charset=utf-8",
  ".xml": "application/atom+xml; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".woff2": "font/woff2",
  ".woff": "font/woff",
  ".ttf": "font/ttf",
  ".otf": "font/otf",
};

/** The script injected into served HTML (only by the preview server, never into built files). */
export const RELOAD_SCRIPT =
  '<script>new EventSource("/__events").onmessage = () => location.reload();</script>';

/** A running preview. */
export interface Preview {
  url: string;
  /** Stops watching and serving. */
  close(): Promise<void>;
}

/** Serves files of the output folder (HTML with the reload script) and the reload event stream. */
function serve(outDir: () => string, clients: Set<ServerResponse>) {
  return createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (url.pathname === "/__events") {
      res.writeHead(200, {
        "content-type": "text/event-stream",
        "cache-control": "no-cache",
        connection: "keep-alive",
      });
      res.write(": connected\n\n");
      clients.add(res);
      req.on("close", () => clients.delete(res));
      return;
    }
    const root = resolve(outDir());
    const path = normalize(
      join(root, decodeURIComponent(url.pathname === "/" ? "/index.html" : url.pathname)),
    );
    if (path !== root && !path.startsWith(root + sep)) {
      res.writeHead(403).end("forbidden");
      return;
    }
    try {
      let body: Buffer | string = await readFile(path);
      if (extname(path) === ".html")
        body = body.toString("utf8").replace("</body>", `${RELOAD_SCRIPT}\n</body>`);
      const type = TYPES[extname(path)] ?? "application/octet-stream";
      res.writeHead(200, { "content-type": type, "cache-control": "no-store" }).end(body);
    } catch {
      res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("not found");
    }
  });
}

/** Watches the template folders, the source folders and the config file. */
function watchInputs(
  config: Config,
  configFile: string,
  onChange: (why: string) => void,
  reporter: Reporter,
) {
  const folders = new Set([
    ...config.templateDirs,
    ...config.sources.map((g) => dirname(g.replace(/[*?[{].*$/, "x"))),
  ]);
  const watchers: FSWatcher[] = [];
  for (const folder of folders) {
    try {
      watchers.push(watch(folder, { recursive: true }, (_e, name) => onChange(`${name ?? folder} changed`)));
    } catch (error) {
      reporter.warn(`preview: cannot watch ${folder}: ${(error as Error).message}`);
    }
  }
  watchers.push(watch(configFile, () => onChange("config changed")));
  return watchers;
}

/**
 * Starts the preview server: one browser for every rebuild, closed with the server.
 * @param configFile path of config.yaml
 * @param options port (0: any free port) and where to report
 */
export async function startPreview(
  configFile: string,
  options: { port: number; reporter: Reporter },
): Promise<Preview> {
  const { reporter } = options;
  let config: Config = await loadConfig(configFile);
  const clients = new Set<ServerResponse>();
  const renderer = createRenderer({
    launch: async () => launchBrowser(await findBrowser(config.browser.executablePath)),
    concurrency: 2,
    onEvent: (text) => reporter.warn(`  ${text}`),
  });
  let running: Promise<void> = Promise.resolve();
  let queued = false;
  const rebuild = (why: string) => {
    if (queued) return;
    queued = true;
    running = running.then(async () => {
      queued = false;
      try {
        config = await loadConfig(configFile);
        const result = await runBriefs({ config, reporter, lockWaitMs: 30_000, renderer });
        reporter.line(
          `preview: ${why}: ${result.built.length} rebuilt, ${result.skipped.length} unchanged, ${result.failed.length} failed`,
        );
        if (result.built.length > 0) for (const c of clients) c.write("data: reload\n\n");
      } catch (error) {
        reporter.warn(`preview: ${why}: ${describeError(error)}`);
      }
    });
  };
  const server = serve(() => config.out, clients);
  rebuild("start");
  await running;
  const watchers = watchInputs(config, configFile, rebuild, reporter);
  await new Promise<void>((r) => server.listen(options.port, "127.0.0.1", r));
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : options.port}/`;
  reporter.line(`preview: serving ${config.out} at ${url} (Ctrl-C to stop)`);
  return {
    url,
    async close() {
      for (const w of watchers) w.close();
      for (const c of clients) c.end();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await running;
      await renderer.close();
    },
  };
}
