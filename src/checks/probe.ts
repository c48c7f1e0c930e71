import type { Service } from "../config/schema";
import { checkAgent } from "./agent";
import type { AgentReport } from "./agent-report";
import type { FetchFn } from "./bounded-fetch";
import type { ConnectFn } from "./check-kind";
import { classify } from "./findings";
import { runGeneralChecks } from "./general";
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

/** Probes one service (health and agent concurrently) and classifies. Never throws. */
export async function probeService(service: Service, deps: ProbeDeps): Promise<ProbeResult> {
  const at = deps.now();
  // The checks already return failures as values; these guards keep a bug from failing the tick.
  const health: Promise<HealthOutcome> = checkHealth(service, deps).catch((error: unknown) => ({
    ok: false,
    reason: crashReason(error),
    latencyMs: Math.max(0, deps.now() - at),
  }));
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
  const general = runGeneralChecks(service, {
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
    findings = classify(service, { ...h, ok: false, reason: crashReason(error) }, undefined, deps.now());
  }
  findings.push(...extra);
  return a
    ? { serviceId: service.id, at, health: h, agent: a, findings }
    : { serviceId: service.id, at, health: h, findings };
}
