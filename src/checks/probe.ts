import type { Service } from "../config/schema";
import { checkAgent } from "./agent";
import type { AgentReport } from "./agent-report";
import type { FetchFn } from "./bounded-fetch";
import type { ConnectFn } from "./check-kind";
import { classify } from "./findings";
import { probeGeneralChecks } from "./general";
import { checkHealth } from "./health";
import type { AgentOutcome, HealthOutcome, ProbeResult } from "./types";

/** Injected I/O of a probe. */
export interface ProbeDeps {
  fetch: FetchFn;
  now: () => number;
  /** Shared HMAC secret for the agent (AGENT_HMAC_SECRET). */
  agentSecret: string;
  /** Region the probe runs from, when the service has a second vantage. */
  vantage?: string;
  /** Sent as `User-Agent` by every request of the probe (`probeUserAgent`). */
  userAgent?: string;
  /** TCP connections of `tcp` checks; `cloudflare:sockets` when not given. */
  connect?: ConnectFn;
}

function crashReason(error: unknown): string {
  return `probe crashed: ${error instanceof Error ? error.message : String(error)}`;
}

/** Probes one service (health, agent and general checks concurrently) and classifies. Never throws. */
export async function probeService(service: Service, deps: ProbeDeps): Promise<ProbeResult> {
  const at = deps.now();
  // The checks already return failures as values; these guards keep a bug from failing the tick.
  const health: Promise<HealthOutcome | undefined> = service.healthUrl
    ? checkHealth({ healthUrl: service.healthUrl, thresholds: service.thresholds }, deps).catch(
        (error: unknown) => ({
          ok: false,
          reason: crashReason(error),
          latencyMs: Math.max(0, deps.now() - at),
        }),
      )
    : Promise.resolve(undefined);
  const agent: Promise<AgentOutcome<AgentReport> | undefined> = service.agentUrl
    ? checkAgent(service, {
        fetch: deps.fetch,
        now: deps.now,
        secret: deps.agentSecret,
        ...(deps.userAgent ? { userAgent: deps.userAgent } : {}),
      }).catch((error: unknown) => ({
        ok: false,
        reason: crashReason(error),
        latencyMs: Math.max(0, deps.now() - at),
      }))
    : Promise.resolve(undefined);
  const general = probeGeneralChecks(service, {
    fetch: deps.fetch,
    now: deps.now,
    ...(deps.userAgent ? { userAgent: deps.userAgent } : {}),
    ...(deps.connect ? { connect: deps.connect } : {}),
  });
  const [h, a, extra] = await Promise.all([health, agent, general]);
  let findings: ProbeResult["findings"];
  try {
    findings = classify(service, h, a, deps.now());
  } catch (error) {
    // Without /health only the agent's report was classified, so only the agent is in doubt.
    const reason = crashReason(error);
    findings = h
      ? classify(service, { ...h, ok: false, reason }, undefined, deps.now())
      : classify(service, undefined, { ok: false, reason, latencyMs: a?.latencyMs ?? 0 }, deps.now());
  }
  findings.push(...extra.findings);
  return {
    serviceId: service.id,
    at,
    ...(h ? { health: h } : {}),
    ...(a ? { agent: a } : {}),
    ...(extra.outcomes.length > 0 ? { checks: extra.outcomes } : {}),
    findings,
  };
}
