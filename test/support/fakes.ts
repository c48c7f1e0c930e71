import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One scripted response of the programmable fake. */
export interface FakeResponse {
  status?: number;
  /** JSON-serialised unless a string. */
  body?: unknown;
  headers?: Record<string, string>;
  /** Wait before answering. */
  delayMs?: number;
  /** Send this many bytes of filler instead of `body`. */
  bytes?: number;
  /** Destroy the socket without answering. */
  hangUp?: boolean;
}

/** A request the fake received. */
export interface FakeCall {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
  at: number;
}

interface Route {
  responses: FakeResponse[];
  served: number;
}

/**
 * A programmable HTTP server on 127.0.0.1 standing in for the watched service, the
 * Telegram Bot API and the mail API. Tests script any path (or `<path>@<vantage>`) through `/__fake/script`,
 * then read what arrived from `/__fake/calls`. Unscripted paths answer 404.
 */
export async function startFakes(): Promise<{ info: { baseUrl: string }; stop: () => Promise<void> }> {
  const routes = new Map<string, Route>();
  const calls: FakeCall[] = [];

  const readBody = (req: IncomingMessage): Promise<string> =>
    new Promise((resolve) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    });

  const send = (res: ServerResponse, r: FakeResponse) => {
    if (r.hangUp) {
      res.socket?.destroy();
      return;
    }
    const headers: Record<string, string> = { ...r.headers };
    let payload: string | Buffer;
    if (r.bytes !== undefined) payload = Buffer.alloc(r.bytes, 0x61);
    else if (typeof r.body === "string") payload = r.body;
    else {
      payload = JSON.stringify(r.body ?? {});
      headers["content-type"] ??= "application/json";
    }
    res.writeHead(r.status ?? 200, headers);
    res.end(payload);
  };

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const body = await readBody(req);
    if (url.pathname === "/__fake/script" && req.method === "POST") {
      const { path, responses } = JSON.parse(body) as { path: string; responses: FakeResponse[] };
      routes.set(path, { responses, served: 0 });
      res.writeHead(204).end();
      return;
    }
    if (url.pathname === "/__fake/calls") {
      const prefix = url.searchParams.get("prefix") ?? "";
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(calls.filter((c) => c.path.startsWith(prefix))));
      return;
    }
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers[k] = v;
    calls.push({
      method: req.method ?? "GET",
      path: url.pathname + url.search,
      headers,
      body,
      at: Date.now(),
    });
    // A route scripted as `<path>@<vantage>` answers only probes from that vantage (the
    // `x-watchdog-vantage` header), so a test can fail one vantage and not the other.
    const vantage = headers["x-watchdog-vantage"];
    const route = (vantage && routes.get(`${url.pathname}@${vantage}`)) || routes.get(url.pathname);
    if (!route || route.responses.length === 0) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not scripted");
      return;
    }
    const r = route.responses[Math.min(route.served, route.responses.length - 1)] ?? {};
    route.served++;
    if (r.delayMs) await new Promise((resolve) => setTimeout(resolve, r.delayMs));
    send(res, r);
  });
  server.keepAliveTimeout = 1000;

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    info: { baseUrl: `http://127.0.0.1:${port}` },
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
