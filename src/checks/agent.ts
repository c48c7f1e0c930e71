import type { Service } from "../config/schema";
import { type AgentReport, agentReport } from "./agent-report";
import { boundedFetch, type FetchFn } from "./bounded-fetch";
import { describeIssues, parseJson, snippet } from "./reasons";
import { signedRequestOf, signRequest } from "./signature";
import type { AgentOutcome } from "./types";

/** What the agent check needs of a service (a plain object works in Node tests too). */
export type AgentTarget = Pick<Service, "agentUrl"> & { thresholds: Pick<Service["thresholds"], "timeout"> };

/** Injected I/O and the shared HMAC secret. */
export interface AgentDeps {
  fetch: FetchFn;
  now: () => number;
  secret: string;
  /** Sent as `User-Agent` (`probeUserAgent`). */
  userAgent?: string;
}

/** Signed `GET agentUrl`, validated against the shared report schema. Never throws. */
export async function checkAgent(service: AgentTarget, deps: AgentDeps): Promise<AgentOutcome<AgentReport>> {
  const started = deps.now();
  const failed = (reason: string): AgentOutcome<AgentReport> => ({
    ok: false,
    reason,
    latencyMs: Math.max(0, deps.now() - started),
  });
  if (!service.agentUrl) return failed("no agentUrl configured");
  if (!deps.secret) return failed("no agent secret configured (AGENT_HMAC_SECRET)");
  let url: URL;
  let headers: Record<string, string>;
  try {
    url = new URL(service.agentUrl);
    // A fresh nonce makes every request's signature unique, so two probes in the same second
    // (a tick and a re-check) are never mistaken for a replay by the agent.
    url.searchParams.set("nonce", crypto.randomUUID());
    // Signed with the agentUrl's host, which is also the Host header fetch sends.
    headers = await signRequest(deps.secret, signedRequestOf("GET", url), deps.now());
  } catch (error) {
    return failed(`could not sign the request: ${error instanceof Error ? error.message : String(error)}`);
  }
  const res = await boundedFetch(deps.fetch, url.href, {
    timeoutMs: service.thresholds.timeout,
    now: deps.now,
    ...(deps.userAgent ? { userAgent: deps.userAgent } : {}),
    headers: { ...headers, accept: "application/json" },
  });
  if (!res.ok) return { ok: false, reason: res.reason, status: res.status, latencyMs: res.latencyMs };
  const base = { status: res.status, latencyMs: res.latencyMs };
  if (res.status === 401 || res.status === 403) {
    return { ...base, ok: false, reason: `agent rejected the signature (HTTP ${res.status})` };
  }
  if (res.status < 200 || res.status > 299) {
    return { ...base, ok: false, reason: `HTTP ${res.status}: ${snippet(res.body)}` };
  }
  const json = parseJson(res.body);
  if (!json.ok) return { ...base, ok: false, reason: `body is not JSON: ${snippet(res.body)}` };
  const parsed = agentReport.safeParse(json.value);
  if (!parsed.success) {
    return { ...base, ok: false, reason: `report failed the schema: ${describeIssues(parsed.error)}` };
  }
  return { ...base, ok: true, report: parsed.data };
}
