/** A real HTTP server on 127.0.0.1 for the fetch tests: routes by path, saved pages, request log. */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import type { Closers } from "./servers.js";

/** Folder of the saved real pages and feeds. */
export const WEB = join(import.meta.dirname, "fixtures/web");

/** Bytes of a fixture. */
export function fixture(name: string): Buffer {
  return readFileSync(join(WEB, name));
}

/** A route handler. */
export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** One request the server saw. */
export interface Seen {
  path: string;
  host: string;
  headers: IncomingMessage["headers"];
  at: number;
}

/**
 * Starts a server whose routes can change during a test; unknown paths answer 404.
 * @param closers where its close function goes
 */
export async function startWeb(closers: Closers) {
  const routes = new Map<string, Handler>();
  const seen: Seen[] = [];
  const ended: { path: string; at: number }[] = [];
  const server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0] as string;
    seen.push({ path, host: req.headers.host ?? "", headers: req.headers, at: performance.now() });
    res.on("finish", () => ended.push({ path, at: performance.now() }));
    const handler = routes.get(path);
    if (handler) handler(req, res);
    else {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("not found");
    }
  });
  const sockets = new Set<import("node:net").Socket>();
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  closers.push(
    () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  );
  const base = `http://127.0.0.1:${port}`;
  return {
    base,
    port,
    routes,
    seen,
    ended,
    hits: (path: string) => seen.filter((s) => s.path === path).length,
  };
}

/**
 * Serves bytes with an ETag and Last-Modified, answering 304 to a matching conditional request.
 * @param body the bytes (or a function giving them, read on each request)
 * @param contentType the Content-Type header
 * @param validators false to send no validators
 */
export function file(body: Buffer | (() => Buffer), contentType: string, validators = true): Handler {
  return (req, res) => {
    const bytes = typeof body === "function" ? body() : body;
    const etag = `"${createHash("sha1").update(bytes).digest("hex").slice(0, 16)}"`;
    const headers: Record<string, string> = { "content-type": contentType };
    if (validators) {
      headers.etag = etag;
      headers["last-modified"] = "Wed, 01 Jan 2025 00:00:00 GMT";
      if (req.headers["if-none-match"] === etag) {
        res.writeHead(304, headers);
        res.end();
        return;
      }
    }
    res.writeHead(200, { ...headers, "content-length": String(bytes.length) });
    res.end(bytes);
  };
}

/** Replaces every occurrence of `from` in a fixture's text with `to` (e.g. a site's origin → the server). */
export function rewrite(name: string, from: string, to: string): Buffer {
  return Buffer.from(fixture(name).toString("utf8").split(from).join(to));
}
