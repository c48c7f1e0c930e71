import { Hono } from "hono";
import type { AgentReport } from "../../src/checks/agent-report.ts";
import { MAX_SKEW_SECONDS } from "../../src/checks/signature.ts";
import { type ActionRoute, actionRoutes } from "./action-route.ts";
import { type DiagnosticsSource, diagnosticsRoute } from "./diagnostics-route.ts";
import { FailureLimiter, ReplayGuard } from "./guard.ts";
import type { Logger } from "./log.ts";
import { createVerifier, refusal } from "./verify.ts";

/** Everything the HTTP side needs; the report source is already cached and single-flight. */
export interface AgentAppOptions {
  secret: string;
  /** The host signatures must name; undefined means the request's `Host` header. */
  expectedHost?: string | undefined;
  /** Path that serves the report, e.g. "/status"; diagnostics and actions sit next to it. */
  path: string;
  getReport: () => Promise<AgentReport>;
  /** Serves `GET <dir>/diagnostics` when given. */
  getDiagnostics?: DiagnosticsSource;
  /** Serves `POST <dir>/actions/<name>` when given. */
  actions?: ActionRoute;
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

/** The agent's Hono app: the signed, rate-limited report, and optionally diagnostics and actions. */
export function createAgentApp(options: AgentAppOptions): Hono {
  if (options.secret.length === 0) throw new Error("agent secret must not be empty");
  const { path, getReport, log } = options;
  // Reads (report, diagnostics) share one replay guard; actions keep their own, shorter one.
  const replay = new ReplayGuard(REPLAY_WINDOW_MS);
  const limiter = new FailureLimiter(options.maxFailuresPerMinute, MINUTE_MS);
  const verify = createVerifier({ ...options, limiter });
  const app = new Hono();

  app.get(path, async (c) => {
    const verdict = await verify(c, { replay });
    if (!verdict.ok) return refusal(c, verdict);
    const report = await getReport();
    return c.json(report, 200, { "Cache-Control": "no-store" });
  });
  if (options.getDiagnostics) {
    diagnosticsRoute(app, { statusPath: path, verify, replay, collect: options.getDiagnostics, log });
  }
  if (options.actions) actionRoutes(app, { statusPath: path, verify, route: options.actions, log });

  app.notFound((c) => c.json({ error: "not found" }, 404));
  app.onError((error, c) => {
    log({ level: "error", msg: "agent report failed", error: error.message.slice(0, 300) });
    return c.json({ error: "report unavailable" }, 500);
  });
  return app;
}
