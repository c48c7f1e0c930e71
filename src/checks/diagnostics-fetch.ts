import type { Service } from "../config/schema";
import { boundedFetch, type FetchFn } from "./bounded-fetch";
import {
  agentSiblingUrl,
  type DiagnosticsLevel,
  type DiagnosticsSnapshot,
  diagnosticsSnapshot,
} from "./diagnostics";
import { describeIssues, parseJson, snippet } from "./reasons";
import { signedRequestOf, signRequest } from "./signature";

/** A snapshot the agent gave, or why there is none. */
export type DiagnosticsResult =
  | { ok: true; snapshot: DiagnosticsSnapshot; latencyMs: number }
  | { ok: false; reason: string; latencyMs: number };

/** What the snapshot is asked for. */
export interface DiagnosticsRequest {
  incident: string;
  level: DiagnosticsLevel;
}

/** Injected I/O and the shared HMAC secret. */
export interface DiagnosticsDeps {
  fetch: FetchFn;
  now: () => number;
  secret: string;
  userAgent?: string;
}

/** A snapshot is larger than a report (the log tail alone may be 16 KiB). */
const MAX_SNAPSHOT_BYTES = 128 * 1024;

/** Signed `GET <agent>/diagnostics?incident=&level=`, validated by the shared schema. Never throws. */
export async function fetchDiagnostics(
  service: Pick<Service, "agentUrl"> & { thresholds: Pick<Service["thresholds"], "timeout"> },
  request: DiagnosticsRequest,
  deps: DiagnosticsDeps,
): Promise<DiagnosticsResult> {
  const started = deps.now();
  const failed = (reason: string): DiagnosticsResult => ({
    ok: false,
    reason,
    latencyMs: Math.max(0, deps.now() - started),
  });
  if (!service.agentUrl) return failed("no agentUrl configured");
  if (!deps.secret) return failed("no agent secret configured (AGENT_HMAC_SECRET)");
  const url = agentSiblingUrl(service.agentUrl, "diagnostics");
  url.searchParams.set("incident", request.incident);
  url.searchParams.set("level", request.level);
  // Unique per request, so two asks in the same second are never taken for a replay.
  url.searchParams.set("nonce", crypto.randomUUID());
  const headers = await signRequest(deps.secret, signedRequestOf("GET", url), deps.now());
  const res = await boundedFetch(deps.fetch, url.href, {
    timeoutMs: service.thresholds.timeout,
    maxBytes: MAX_SNAPSHOT_BYTES,
    now: deps.now,
    ...(deps.userAgent ? { userAgent: deps.userAgent } : {}),
    headers: { ...headers, accept: "application/json" },
  });
  if (!res.ok) return { ok: false, reason: res.reason, latencyMs: res.latencyMs };
  if (res.status < 200 || res.status > 299) {
    return { ok: false, reason: `HTTP ${res.status}: ${snippet(res.body)}`, latencyMs: res.latencyMs };
  }
  const json = parseJson(res.body);
  if (!json.ok)
    return { ok: false, reason: `body is not JSON: ${snippet(res.body)}`, latencyMs: res.latencyMs };
  const parsed = diagnosticsSnapshot.safeParse(json.value);
  if (!parsed.success) {
    return {
      ok: false,
      reason: `snapshot failed the schema: ${describeIssues(parsed.error)}`,
      latencyMs: res.latencyMs,
    };
  }
  return { ok: true, snapshot: parsed.data, latencyMs: res.latencyMs };
}
