import * as z from "zod";
import type { Service } from "../config/schema";
import { boundedFetch, type FetchFn } from "./bounded-fetch";
import { describeIssues, parseJson, snippet } from "./reasons";
import type { HealthOutcome } from "./types";
import { VANTAGE_HEADER } from "./vantage";

/** The body of a healthy `/health`, as the runbook shows it. */
export const healthBody = z.object({
  /** "healthy" when the app considers itself fine. */
  status: z.string().max(100),
  /** App version; numbers are accepted and kept as text. */
  version: z.union([z.string().max(200), z.number()]).transform(String),
  /** App clock, ISO 8601 (or epoch seconds/milliseconds). */
  timestamp: z.union([z.string().max(64), z.number()]).transform(String),
});

/** What the health check needs of a service. */
export interface HealthTarget {
  healthUrl: string;
  thresholds: Pick<Service["thresholds"], "timeout">;
}

/** Injected I/O of the health check. */
export interface HealthDeps {
  fetch: FetchFn;
  now: () => number;
  /** Region the probe runs from, sent as `X-Watchdog-Vantage` when the service has a second vantage. */
  vantage?: string;
  /** Sent as `User-Agent` (`probeUserAgent`). */
  userAgent?: string;
}

/** `GET healthUrl`: healthy means 2xx and `{status:"healthy", version, timestamp}`. Never throws. */
export async function checkHealth(service: HealthTarget, deps: HealthDeps): Promise<HealthOutcome> {
  const res = await boundedFetch(deps.fetch, service.healthUrl, {
    timeoutMs: service.thresholds.timeout,
    now: deps.now,
    ...(deps.userAgent ? { userAgent: deps.userAgent } : {}),
    headers: { accept: "application/json", ...(deps.vantage ? { [VANTAGE_HEADER]: deps.vantage } : {}) },
  });
  if (!res.ok) return { ok: false, reason: res.reason, status: res.status, latencyMs: res.latencyMs };
  const base = { status: res.status, latencyMs: res.latencyMs };
  if (res.status < 200 || res.status > 299) {
    return { ...base, ok: false, reason: `HTTP ${res.status}: ${snippet(res.body)}` };
  }
  const json = parseJson(res.body);
  if (!json.ok) return { ...base, ok: false, reason: `body is not JSON: ${snippet(res.body)}` };
  const parsed = healthBody.safeParse(json.value);
  if (!parsed.success) {
    return { ...base, ok: false, reason: `unexpected health body: ${describeIssues(parsed.error)}` };
  }
  const { status, version, timestamp } = parsed.data;
  const seen = { ...base, version, appTimestamp: timestamp };
  if (status !== "healthy") return { ...seen, ok: false, reason: `status is "${status}", not "healthy"` };
  return { ...seen, ok: true };
}
