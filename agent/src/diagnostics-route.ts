import type { Hono } from "hono";
import * as z from "zod";
import {
  agentSiblingUrl,
  type DiagnosticsLevel,
  type DiagnosticsSnapshot,
  diagnosticsLevel,
  incidentRef,
} from "../../src/checks/diagnostics.ts";
import type { ReplayGuard } from "./guard.ts";
import type { Logger } from "./log.ts";
import { refusal, type Verifier } from "./verify.ts";

/** Builds one snapshot for an incident. */
export type DiagnosticsSource = (request: {
  incident: string;
  level: DiagnosticsLevel;
}) => Promise<DiagnosticsSnapshot>;

const query = z.object({ incident: incidentRef, level: diagnosticsLevel });

/** Path of a sibling of the report path, e.g. "/diagnostics" next to "/status". */
export function siblingPath(statusPath: string, name: string): string {
  return agentSiblingUrl(`http://agent${statusPath}`, name).pathname;
}

/** `GET <dir>/diagnostics?incident=<id>&level=P1|P2`, signed like the report. */
export function diagnosticsRoute(
  app: Hono,
  deps: {
    statusPath: string;
    verify: Verifier;
    replay: ReplayGuard;
    collect: DiagnosticsSource;
    log: Logger;
  },
): void {
  const { verify, replay, collect, log } = deps;
  app.get(siblingPath(deps.statusPath, "diagnostics"), async (c) => {
    const verdict = await verify(c, { replay });
    if (!verdict.ok) return refusal(c, verdict);
    const parsed = query.safeParse({ incident: c.req.query("incident"), level: c.req.query("level") });
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
      return c.json({ error: "bad request", problems }, 400);
    }
    const started = Date.now();
    const snapshot = await collect(parsed.data);
    log({
      level: "info",
      msg: "agent diagnostics served",
      client: verdict.client,
      incident: parsed.data.incident,
      severity: parsed.data.level,
      durationMs: Date.now() - started,
    });
    return c.json(snapshot, 200, { "Cache-Control": "no-store" });
  });
}
