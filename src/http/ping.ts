import { Hono } from "hono";
import { heartbeatToken } from "../checks/heartbeat-token";
import type { Config } from "../config/schema";
import { HEARTBEAT_BODY_MAX_BYTES, type PingKind } from "../monitor/heartbeats";
import { safeEqual } from "./auth";
import type { ConfiguredEnv } from "./deps";
import { HttpError } from "./errors";
import { memoryLimiter } from "./rate-limit";

/** Pings one token may make a minute: a job pings a few times a run; more is a loop or abuse. */
export const PING_LIMIT_PER_MINUTE = 30;

/** Per token, in this isolate: a runaway loop on one server cannot flood that service's object. */
const limiter = memoryLimiter(PING_LIMIT_PER_MINUTE, 60);

const KINDS: Record<string, PingKind> = { "": "success", start: "start", fail: "fail" };

/** Which heartbeat a token names. */
interface Target {
  serviceId: string;
  heartbeatId: string;
}

const cache = new WeakMap<Config, { secret: string; tokens: Promise<[string, Target][]> }>();

/** Every heartbeat's token under `config`, derived once per config and secret. */
function tokensOf(config: Config, secret: string): Promise<[string, Target][]> {
  const hit = cache.get(config);
  if (hit?.secret === secret) return hit.tokens;
  const pairs = config.services.flatMap((s) =>
    s.heartbeats.map((h) => ({ serviceId: s.id, heartbeatId: h.id })),
  );
  const tokens = Promise.all(
    pairs.map(
      async (t): Promise<[string, Target]> => [await heartbeatToken(secret, t.serviceId, t.heartbeatId), t],
    ),
  );
  cache.set(config, { secret, tokens });
  return tokens;
}

/**
 * The heartbeat `token` names: compared with every token in constant time and without stopping
 * at a match, so an unknown token costs the same as a known one (no timing oracle).
 */
async function lookup(token: string, tokens: [string, Target][]): Promise<Target | undefined> {
  let found: Target | undefined;
  for (const [candidate, target] of tokens) if ((await safeEqual(token, candidate)) && !found) found = target;
  return found;
}

/**
 * How long a known ping's call to its object takes in this isolate (a moving average, capped
 * so a slow object cannot make unknown tokens hold connections for long).
 */
export function callTimer(initialMs = 20, capMs = 2_000, now: () => number = () => performance.now()) {
  let typical = initialMs;
  return {
    typicalMs: () => typical,
    async timed<T>(call: () => Promise<T>): Promise<T> {
      const started = now();
      try {
        return await call();
      } finally {
        typical = Math.min(capMs, 0.8 * typical + 0.2 * (now() - started));
      }
    },
  };
}

const objectCall = callTimer();

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// Read as bytes so the cap holds whatever Content-Length claims.
async function readBody(req: Request): Promise<string> {
  const bytes = new Uint8Array(await req.arrayBuffer());
  if (bytes.byteLength > HEARTBEAT_BODY_MAX_BYTES)
    throw new HttpError("too_large", `a ping body is at most ${HEARTBEAT_BODY_MAX_BYTES} bytes`);
  return new TextDecoder().decode(bytes);
}

/** `GET|POST /ping/<token>[/start|/fail]`: a push heartbeat's ping (src/monitor/heartbeats.ts). */
export function pingRoutes(): Hono<ConfiguredEnv> {
  const app = new Hono<ConfiguredEnv>();
  app.on(["GET", "POST"], ["/ping/:token", "/ping/:token/:kind"], async (c) => {
    const kind = KINDS[c.req.param("kind") ?? ""];
    if (!kind) throw new HttpError("not_found");
    const token = c.req.param("token");
    const { deps, config } = c.var;
    const now = deps.now();
    // Every ping counts, known token or not: the limit is per token, not per failure.
    const wait = limiter.blockedFor(token, now) || (await limiter.fail(token, now));
    if (wait > 0) {
      c.header("Retry-After", String(wait));
      throw new HttpError("too_many_attempts", `too many pings; retry after ${wait} s`);
    }
    const body = c.req.method === "POST" ? await readBody(c.req.raw) : "";
    const target = await lookup(token, await tokensOf(config, deps.secrets.heartbeatSecret ?? ""));
    if (!target) {
      // A known token's answer waits for its object; an unknown one waits as long, so the time
      // to the 404 does not tell a guesser that the token was wrong rather than slow.
      await sleep(objectCall.typicalMs());
      throw new HttpError("not_found", "no such heartbeat");
    }
    const known = await objectCall.timed(() =>
      deps.monitor(target.serviceId).ping(target.serviceId, target.heartbeatId, kind, body),
    );
    if (!known) throw new HttpError("not_found", "no such heartbeat");
    return c.text("OK\n");
  });
  return app;
}
