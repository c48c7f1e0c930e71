import { Hono } from "hono";
import type { HttpDeps, HttpEnv } from "./deps";

/**
 * `GET /health`, public: 200 "ok" when the config is valid and the last tick is recent and
 * whole, 200 "degraded" when some services failed in it, 200 "waiting_for_first_tick" before
 * any tick; 503 "config_invalid", "secrets_missing", "secrets_weak" (named, never shown),
 * "stale", or "failing" (no service got through) otherwise.
 */
export function healthRoutes(): Hono<HttpEnv> {
  const app = new Hono<HttpEnv>();
  app.get("/health", async (c) => {
    const { deps } = c.var;
    const config = deps.config;
    if (!config) return c.json({ status: "config_invalid", problems: deps.configProblems ?? [] }, 503);
    const missing = deps.setupProblems ?? [];
    if (missing.length > 0) return c.json({ status: "secrets_missing", problems: missing }, 503);
    const weak = deps.weakSecrets ?? [];
    if (weak.length > 0) return c.json({ status: "secrets_weak", problems: weak }, 503);
    const services = config.services.length;
    let tick: Awaited<ReturnType<HttpDeps["state"]["lastTick"]>>;
    try {
      tick = await deps.state.lastTick();
    } catch (error) {
      const reason = error instanceof Error ? error.message : "unknown error";
      return c.json({ status: "state_unavailable", reason, services }, 503);
    }
    if (!tick) return c.json({ status: "waiting_for_first_tick", services });
    const ageMs = Math.max(0, deps.now() - tick.at);
    const body = {
      lastTickAt: new Date(tick.at).toISOString(),
      lastTickAgeMs: ageMs,
      services,
      failedServices: tick.failures,
    };
    if (ageMs > config.tickGapAlert) return c.json({ status: "stale", ...body }, 503);
    // Some services could not be probed or recorded: the watchdog is partly blind.
    if (tick.failures >= tick.services && tick.services > 0)
      return c.json({ status: "failing", ...body }, 503);
    if (tick.failures > 0) return c.json({ status: "degraded", ...body });
    return c.json({ status: "ok", ...body });
  });
  return app;
}
