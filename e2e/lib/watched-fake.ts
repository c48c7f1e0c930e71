/**
 * The watched service on loopback, many tenants on one port: `/s/<id>/health` and the signed
 * `/s/<id>/agent/status`, each service with its own switchable mode. Reports come from the
 * demo service (`demoReport`), so the e2e run and `npm start` watch the same thing.
 */
import { createServer } from "node:http";
import { demoReport, isSigned } from "../../demo/service.ts";
import { closeServer, listen } from "./http.ts";

/**
 * How one service behaves: `up`; `down` (503 and the app container exited); `offline`
 * (connections reset); `slow` (/health answers after `slowMs`); `flaky` (random single
 * failures, never two in a row); `redis-down` (healthy /health, Redis not answering PONG).
 */
export type WatchedMode = "up" | "down" | "offline" | "slow" | "flaky" | "redis-down";

/** Counters per service, to prove a scenario exercised what it claims. */
export interface WatchedHits {
  health: number;
  healthFailed: number;
  /** When each failed /health answer was given (epoch ms). */
  failedAt: number[];
  agent: number;
  agentRejected: number;
}

/** The running fake. */
export interface WatchedFake {
  url: string;
  /** The agent HMAC secret (use as AGENT_HMAC_SECRET). */
  secret: string;
  healthUrl(serviceId: string): string;
  agentUrl(serviceId: string): string;
  setMode(serviceId: string, mode: WatchedMode): void;
  mode(serviceId: string): WatchedMode;
  hits(serviceId: string): WatchedHits;
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
  const secret = options.secret ?? "e2e-agent-secret";
  const random = seededRandom(options.seed ?? 1);
  const modes = new Map<string, WatchedMode>();
  const hits = new Map<string, WatchedHits>();
  const lastFailed = new Map<string, boolean>();
  const hitsOf = (id: string) => {
    let h = hits.get(id);
    if (!h) {
      h = { health: 0, healthFailed: 0, failedAt: [], agent: 0, agentRejected: 0 };
      hits.set(id, h);
    }
    return h;
  };
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://watched");
    const m = /^\/s\/([a-z0-9-]+)\/(health|agent\/status)$/.exec(url.pathname);
    const json = (status: number, body: unknown) =>
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    if (!m?.[1]) return json(404, { error: "not found" });
    const id = m[1];
    const mode = modes.get(id) ?? "up";
    const h = hitsOf(id);
    if (mode === "offline") {
      if (m[2] === "health") {
        h.health++;
        h.healthFailed++;
        h.failedAt.push(Date.now());
      }
      return res.socket?.destroy();
    }
    if (m[2] === "health") {
      h.health++;
      if (mode === "slow") await new Promise((r) => setTimeout(r, options.slowMs ?? 3_000));
      let fail = mode === "down";
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
    setMode: (id, mode) => {
      modes.set(id, mode);
    },
    mode: (id) => modes.get(id) ?? "up",
    hits: (id) => {
      const h = hitsOf(id);
      return { ...h, failedAt: [...h.failedAt] };
    },
    close: () => closeServer(server),
  };
}
