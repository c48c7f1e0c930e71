import { getConnInfo } from "@hono/node-server/conninfo";
import { type Context, Hono } from "hono";
import type { AgentReport } from "../../src/checks/agent-report.ts";
import {
  MAX_SKEW_SECONDS,
  SIGNATURE_HEADER,
  signedHost,
  signedRequestOf,
  TIMESTAMP_HEADER,
  verifyRequest,
} from "../../src/checks/signature.ts";
import { FailureLimiter, ReplayGuard } from "./guard.ts";
import type { Logger } from "./log.ts";

/** Everything the HTTP side needs; the report source is already cached and single-flight. */
export interface AgentAppOptions {
  secret: string;
  /** The host signatures must name; undefined means the request's `Host` header. */
  expectedHost?: string | undefined;
  /** Path that serves the report, e.g. "/status". */
  path: string;
  getReport: () => Promise<AgentReport>;
  now: () => number;
  log: Logger;
  /** Failed attempts per client per minute before 429. */
  maxFailuresPerMinute: number;
  /** Take the client address from `X-Forwarded-For` (only behind a trusted proxy). */
  trustProxy: boolean;
}

const MINUTE_MS = 60_000;
/** A signature stays valid from 60 s before to 60 s after its timestamp. */
const REPLAY_WINDOW_MS = 2 * MAX_SKEW_SECONDS * 1000;

function clientAddress(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    // The proxy appends the address it saw; earlier entries are client-controlled.
    const last = c.req.header("x-forwarded-for")?.split(",").pop()?.trim();
    if (last) return last;
  }
  try {
    return getConnInfo(c).remote.address ?? "unknown";
  } catch {
    return "unknown";
  }
}

/** The agent's Hono app: one signed, rate-limited route serving the report. */
export function createAgentApp(options: AgentAppOptions): Hono {
  if (options.secret.length === 0) throw new Error("agent secret must not be empty");
  const { secret, path, getReport, now, log } = options;
  const replay = new ReplayGuard(REPLAY_WINDOW_MS);
  const limiter = new FailureLimiter(options.maxFailuresPerMinute, MINUTE_MS);
  const app = new Hono();

  app.get(path, async (c) => {
    const at = now();
    const client = clientAddress(c, options.trustProxy);
    const url = new URL(c.req.url);
    const signature = c.req.header(SIGNATURE_HEADER);
    // The node server builds the URL from the Host header, so url.host is what the client named.
    const received = signedRequestOf(c.req.method, url);
    const request =
      options.expectedHost === undefined ? received : { ...received, host: options.expectedHost };
    const check = await verifyRequest(
      secret,
      request,
      { timestamp: c.req.header(TIMESTAMP_HEADER), signature },
      at,
    );
    const failure = !check.ok
      ? check.failure
      : signature && !replay.firstUse(signature, at)
        ? "replayed"
        : undefined;
    if (failure) {
      // Only failures are limited: a correctly signed request is served even from a blocked
      // address, which may be a shared one (the proxy, or the Worker's egress) that others abused.
      if (limiter.isBlocked(client, at)) {
        log({ level: "warn", msg: "agent request rate-limited", client, path });
        const retryAfter = String(limiter.retryAfterSeconds(client, at));
        return c.json({ error: "too many failed attempts" }, 429, { "Retry-After": retryAfter });
      }
      limiter.recordFailure(client, at);
      // The host verified against: after an upgrade, a proxy that rewrites Host shows up here.
      const host = signedHost(request.host);
      log({ level: "warn", msg: "agent request refused", client, host, path: url.pathname, failure });
      return c.json({ error: "unauthorized" }, 401);
    }
    const report = await getReport();
    return c.json(report, 200, { "Cache-Control": "no-store" });
  });

  app.notFound((c) => c.json({ error: "not found" }, 404));
  app.onError((error, c) => {
    log({ level: "error", msg: "agent report failed", error: error.message.slice(0, 300) });
    return c.json({ error: "report unavailable" }, 500);
  });
  return app;
}
