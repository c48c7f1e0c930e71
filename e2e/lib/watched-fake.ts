/**
 * The watched service on loopback, many tenants on one port: `/s/<id>/health` and the signed
 * `/s/<id>/agent/status`, each service with its own switchable mode. Reports come from the
 * demo service (`demoReport`), so the e2e run and `npm start` watch the same thing.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { demoReport, isSigned } from "../../demo/service.ts";
import { closeServer, listen } from "./http.ts";

/**
 * How one service behaves: `up`; `down` (503 and the app container exited); `offline`
 * (connections reset); `slow` (/health answers after `slowMs`); `flaky` (random single
 * failures, never two in a row); `redis-down` (healthy /health, Redis not answering PONG).
 */
export type WatchedMode = "up" | "down" | "offline" | "slow" | "flaky" | "redis-down";

/** The request header naming the vantage a probe comes from (src/checks/vantage.ts). */
export const VANTAGE_HEADER = "x-watchdog-vantage";

/** Options of {@link WatchedFake.setMode}. */
export interface ModeOptions {
  /**
   * Apply the mode only to requests whose `x-watchdog-vantage` header is this region; every
   * other request is served as `up` (a network path problem seen from one place only).
   */
  onlyFor?: string;
}

/** Counters per service, to prove a scenario exercised what it claims. */
export interface WatchedHits {
  health: number;
  /** When each /health request arrived (epoch ms). */
  healthAt: number[];
  healthFailed: number;
  /** When each failed /health answer was given (epoch ms). */
  failedAt: number[];
  agent: number;
  agentRejected: number;
  /** /health requests per `x-watchdog-vantage` header value (requests without one are not counted). */
  byVantage: Record<string, number>;
}

/** The running fake. */
export interface WatchedFake {
  url: string;
  /** The agent HMAC secret (use as AGENT_HMAC_SECRET). */
  secret: string;
  healthUrl(serviceId: string): string;
  agentUrl(serviceId: string): string;
  /** Switches a service's mode; without `onlyFor` it applies to every request. */
  setMode(serviceId: string, mode: WatchedMode, options?: ModeOptions): void;
  mode(serviceId: string): WatchedMode;
  hits(serviceId: string): WatchedHits;
  /**
   * Issue 14: this host becomes the reverse proxy of a real agent at `origin` for the service's
   * diagnostics and actions (the agent runs with AGENT_EXPECTED_HOST of this host); undefined stops it.
   */
  proxyAgent(serviceId: string, origin: string | undefined): void;
  /** /health answers from `healthy()` (e.g. the fake Docker's app state) instead of the mode; undefined restores it. */
  linkHealth(serviceId: string, healthy: (() => boolean) | undefined): void;
  close(): Promise<void>;
}

/** Options of {@link startWatchedFake}. */
export interface WatchedOptions {
  secret?: string;
  /** Delay of /health in `slow` mode (default 3 s). */
  slowMs?: number;
  /** Chance that a flaky /health fails when the previous one did not (default 0.35). */
  flakyRate?: number;
  /** Seed of the flaky generator, printed by the runner so a failure can be replayed. */
  seed?: number;
}

/** Mulberry32: a small seeded PRNG, so flaky runs are reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Starts the watched-service fake on 127.0.0.1. */
export async function startWatchedFake(options: WatchedOptions = {}): Promise<WatchedFake> {
  const secret = options.secret ?? "e2e-agent-secret-6d1f8b3a9c5e2047";
  const random = seededRandom(options.seed ?? 1);
  const modes = new Map<string, WatchedMode>();
  const onlyFor = new Map<string, string>();
  const hits = new Map<string, WatchedHits>();
  const lastFailed = new Map<string, boolean>();
  const proxies = new Map<string, string>();
  const linked = new Map<string, () => boolean>();
  const hitsOf = (id: string) => {
    let h = hits.get(id);
    if (!h) {
      h = {
        health: 0,
        healthAt: [],
        healthFailed: 0,
        failedAt: [],
        agent: 0,
        agentRejected: 0,
        byVantage: {},
      };
      hits.set(id, h);
    }
    return h;
  };
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://watched");
    const px = /^\/s\/([a-z0-9-]+)\/agent\/(?:actions\/[a-z-]+|diagnostics)$/.exec(url.pathname);
    const origin = px?.[1] ? proxies.get(px[1]) : undefined;
    if (origin) return forward(req, res, `${origin}${url.pathname}${url.search}`);
    const m = /^\/s\/([a-z0-9-]+)\/(health|agent\/status)$/.exec(url.pathname);
    const json = (status: number, body: unknown) =>
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    if (!m?.[1]) return json(404, { error: "not found" });
    const id = m[1];
    const h = hitsOf(id);
    const header = req.headers[VANTAGE_HEADER];
    const vantage = typeof header === "string" ? header : undefined;
    const only = onlyFor.get(id);
    const mode = only === undefined || only === vantage ? (modes.get(id) ?? "up") : "up";
    const health = m[2] === "health";
    if (health) {
      h.health++;
      h.healthAt.push(Date.now());
      if (vantage) h.byVantage[vantage] = (h.byVantage[vantage] ?? 0) + 1;
    }
    if (mode === "offline") {
      if (health) {
        h.healthFailed++;
        h.failedAt.push(Date.now());
      }
      return res.socket?.destroy();
    }
    if (health) {
      if (mode === "slow") await new Promise((r) => setTimeout(r, options.slowMs ?? 3_000));
      const follows = linked.get(id);
      let fail = follows ? !follows() : mode === "down";
      if (mode === "flaky") fail = !lastFailed.get(id) && random() < (options.flakyRate ?? 0.35);
      lastFailed.set(id, fail);
      if (fail) {
        h.healthFailed++;
        h.failedAt.push(Date.now());
        return json(503, { status: "unhealthy", error: "telegram-bot is not running" });
      }
      return json(200, { status: "healthy", version: "1.4.2", timestamp: new Date().toISOString() });
    }
    h.agent++;
    if (!(await isSigned(secret, req))) {
      h.agentRejected++;
      return json(401, { error: "unauthorized" });
    }
    const demoMode = mode === "down" ? "down" : mode === "redis-down" ? "redis-down" : "healthy";
    return json(200, demoReport(demoMode, new Date()));
  });
  const url = await listen(server);
  return {
    url,
    secret,
    healthUrl: (id) => `${url}/s/${id}/health`,
    agentUrl: (id) => `${url}/s/${id}/agent/status`,
    setMode: (id, mode, opts = {}) => {
      modes.set(id, mode);
      if (opts.onlyFor === undefined) onlyFor.delete(id);
      else onlyFor.set(id, opts.onlyFor);
    },
    mode: (id) => modes.get(id) ?? "up",
    hits: (id) => {
      const h = hitsOf(id);
      return { ...h, healthAt: [...h.healthAt], failedAt: [...h.failedAt], byVantage: { ...h.byVantage } };
    },
    proxyAgent: (id, origin) => {
      if (origin === undefined) proxies.delete(id);
      else proxies.set(id, origin);
    },
    linkHealth: (id, healthy) => {
      if (healthy === undefined) linked.delete(id);
      else linked.set(id, healthy);
    },
    close: () => closeServer(server),
  };
}

/** Forwards one request as a reverse proxy would: method, signed headers and body unchanged. */
async function forward(req: IncomingMessage, res: ServerResponse, target: string): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers))
    if (typeof v === "string" && !["host", "connection", "content-length"].includes(k)) headers[k] = v;
  try {
    const answer = await fetch(target, {
      method: req.method ?? "GET",
      headers: { ...headers, "x-forwarded-for": "127.0.0.1" },
      ...(chunks.length > 0 ? { body: Buffer.concat(chunks) } : {}),
      signal: AbortSignal.timeout(150_000),
    });
    res
      .writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "text/plain" })
      .end(await answer.text());
  } catch (error) {
    res.writeHead(502, { "content-type": "text/plain" }).end(`bad gateway: ${String(error)}`);
  }
}
