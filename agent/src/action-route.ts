import type { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import {
  type ActionAudit,
  type ActionOutcome,
  type AgentActionName,
  agentActionName,
  agentActionRequest,
} from "../../src/checks/agent-actions.ts";
import { sha256Hex } from "../../src/checks/signature.ts";
import { type ActionDeps, ActionGate, type ActionSettings, runAction } from "./actions.ts";
import { siblingPath } from "./diagnostics-route.ts";
import { ReplayGuard } from "./guard.ts";
import type { Logger } from "./log.ts";
import type { Verifier } from "./verify.ts";

/** Settings and I/O of the action endpoint. */
export interface ActionRoute {
  settings: ActionSettings;
  deps: ActionDeps;
}

/** Actions accept less clock skew than reads: a captured action request is worth more. */
export const ACTION_MAX_SKEW_SECONDS = 30;
const MAX_BODY_BYTES = 2048;

/** `POST <dir>/actions/<name>`: signed with the body hash, its own replay guard, gated and audited. */
export function actionRoutes(
  app: Hono,
  deps: { statusPath: string; verify: Verifier; route: ActionRoute; log: Logger },
): void {
  const { verify, log } = deps;
  const { settings, deps: io } = deps.route;
  const replay = new ReplayGuard(2 * ACTION_MAX_SKEW_SECONDS * 1000);
  const gate = new ActionGate(settings.perHour);
  const base = siblingPath(deps.statusPath, "actions");
  const limit = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: (c) => c.json({ error: "body too large" }, 413),
  });

  app.post(`${base}/:name`, limit, async (c) => {
    const startedAt = io.now();
    const named = agentActionName.safeParse(c.req.param("name"));
    const action: AgentActionName | "unknown" = named.success ? named.data : "unknown";
    const body = await c.req.text();
    const verdict = await verify(c, {
      replay,
      maxSkewSeconds: ACTION_MAX_SKEW_SECONDS,
      bodySha256: await sha256Hex(body),
    });
    const answer = (
      outcome: ActionOutcome,
      status: 200 | 400 | 401 | 403 | 404 | 409 | 429 | 502,
      extra: Partial<Pick<ActionAudit, "incident" | "by" | "detail">> = {},
      headers: Record<string, string> = {},
    ) => {
      const audit: ActionAudit = {
        action,
        ...extra,
        client: verdict.client.slice(0, 100),
        outcome,
        status,
        durationMs: Math.max(0, io.now() - startedAt),
      };
      log({ level: outcome === "healthy" ? "info" : "warn", msg: "agent action", ...audit });
      return c.json({ audit }, status, { "Cache-Control": "no-store", ...headers });
    };
    if (!verdict.ok) {
      const retry: Record<string, string> =
        verdict.status === 429 ? { "Retry-After": String(verdict.retryAfter ?? 60) } : {};
      return answer("unauthorized", verdict.status, { detail: verdict.failure }, retry);
    }
    const request = parseBody(body);
    if (!request.ok) return answer("bad_request", 400, { detail: request.problem });
    const who = { incident: request.value.incident, by: request.value.by };
    if (!named.success) return answer("unknown_action", 404, who);
    if (!settings.enabled.includes(named.data)) {
      return answer("disabled", 403, { ...who, detail: `${named.data} is not in AGENT_ACTIONS` });
    }
    const claim = gate.claim(io.now());
    if (!claim.ok) {
      if (claim.reason === "busy")
        return answer("busy", 409, { ...who, detail: "another action is running" });
      const detail = `at most ${settings.perHour} actions per hour`;
      return answer("rate_limited", 429, { ...who, detail }, { "Retry-After": String(claim.retryAfter) });
    }
    try {
      const result = await runAction(named.data, settings, io);
      return answer(result.ok ? "healthy" : "failed", result.ok ? 200 : 502, {
        ...who,
        detail: result.detail,
      });
    } finally {
      gate.release();
    }
  });
}

function parseBody(
  body: string,
): { ok: true; value: { incident: string; by: string } } | { ok: false; problem: string } {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { ok: false, problem: "body is not JSON" };
  }
  const parsed = agentActionRequest.safeParse(json);
  if (parsed.success) return { ok: true, value: parsed.data };
  return {
    ok: false,
    problem: parsed.error.issues
      .map((i) => `${i.path.join(".")}: ${i.message}`)
      .join("; ")
      .slice(0, 400),
  };
}
