/**
 * Reading a response: the body streamed up to a size cap, and what undici, DNS or the address guard
 * threw turned into a FetchError with a short reason.
 * @module
 */
import { FetchError } from "./failure.js";

/** Stops reading a body; the abort error the stream then emits is expected, not a problem. */
export function discard(body: Body): void {
  body.on("error", () => undefined);
  body.destroy();
}

/** A response body as undici gives it. */
export type Body = AsyncIterable<Uint8Array> & {
  destroy(): void;
  on(event: "error", f: () => void): unknown;
};

/**
 * Reads a body, refusing it ("too big") past `cap` bytes, by its Content-Length or as it streams.
 * @param body the body
 * @param length the Content-Length header, if any
 * @param cap the largest size read
 */
export async function readCapped(body: Body, length: string | undefined, cap: number) {
  if (length !== undefined && Number(length) > cap) {
    discard(body);
    throw new FetchError("too big");
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.byteLength;
    if (size > cap) {
      discard(body);
      throw new FetchError("too big");
    }
    chunks.push(chunk);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

const RESET_CODES = new Set(["ECONNRESET", "EPIPE", "UND_ERR_SOCKET", "UND_ERR_CLOSED", "ECONNABORTED"]);
const TIMEOUT_CODES = new Set([
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
  "ETIMEDOUT",
]);

/** Turns anything thrown by undici, DNS or the guard into a FetchError with a short reason. */
export function classify(error: unknown): FetchError {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    if (e instanceof FetchError) return e;
    const err = e as { code?: string; name?: string; cause?: unknown; reason?: unknown };
    if (err.reason instanceof FetchError) return err.reason;
    if (err.code === "ENOTFOUND" || err.code === "EAI_AGAIN" || err.code === "ENODATA")
      return new FetchError("dns");
    if (err.code && TIMEOUT_CODES.has(err.code)) return new FetchError("timeout", true);
    if (err.code && RESET_CODES.has(err.code)) return new FetchError("connection reset", true);
    if (err.code === "ECONNREFUSED") return new FetchError("connection refused");
    if (err.name === "AbortError" || err.name === "TimeoutError") return new FetchError("timeout", true);
    e = err.cause;
  }
  const message = error instanceof Error ? error.message : String(error);
  return new FetchError(`network error: ${message}`);
}
