/** Real servers on 127.0.0.1 for delivery tests: SMTP (smtp-server + mailparser) and HTTP. */
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer, type SMTPServerOptions } from "smtp-server";

/** A mail the SMTP server received. */
export interface ReceivedMail {
  to: string[];
  user: string | undefined;
  parsed: ParsedMail;
}

/** Functions that close what a test started; call them all in afterEach. */
export type Closers = (() => Promise<void>)[];

/**
 * A real SMTP server (plain, no STARTTLS) keeping what it receives; `state.refuse` makes it answer
 * 550 to every recipient.
 * @param closers where its close function goes
 * @param options smtp-server options over the defaults
 */
export async function startSmtp(closers: Closers, options: SMTPServerOptions = {}) {
  const mails: ReceivedMail[] = [];
  const state = { refuse: false };
  const server = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    closeTimeout: 200,
    onRcptTo(_address, _session, callback) {
      if (!state.refuse) return callback();
      const error = new Error("mailbox unavailable") as Error & { responseCode: number };
      error.responseCode = 550;
      callback(error);
    },
    onData(stream, session, callback) {
      simpleParser(stream).then((parsed) => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), user: session.user, parsed });
        callback();
      }, callback);
    },
    ...options,
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  closers.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { port: (server.server.address() as AddressInfo).port, mails, state };
}

/**
 * A real HTTP server answering `state.status`, keeping each request.
 * @param closers where its close function goes
 * @param status the first status to answer
 */
export async function startHttp(closers: Closers, status = 200) {
  const state = { status };
  const requests: { headers: IncomingHttpHeaders; body: Buffer }[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      requests.push({ headers: req.headers, body: Buffer.concat(chunks) });
      res.statusCode = state.status;
      res.end(state.status === 200 ? "ok" : "boom");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  closers.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, requests, state };
}
