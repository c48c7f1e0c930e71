import type { Service } from "../config/schema";
import { type ActionAudit, type AgentActionName, agentActionAnswer } from "./agent-actions";
import { boundedFetch, type FetchFn } from "./bounded-fetch";
import { agentSiblingUrl } from "./diagnostics";
import { describeIssues, parseJson, snippet } from "./reasons";
import { sha256Hex, signedRequestOf, signRequest } from "./signature";

/** What the agent said about one action request, or why it said nothing usable. */
export type AgentActionResult =
  | { answered: true; ok: boolean; audit: ActionAudit }
  | { answered: false; reason: string };

/** Injected I/O and the shared HMAC secret. */
export interface AgentActionDeps {
  fetch: FetchFn;
  now: () => number;
  secret: string;
  /** The agent waits for the app's healthcheck (120 s by default); a little more than that. */
  timeoutMs: number;
}

/**
 * Signed `POST <agent>/actions/<name>` with the body hash in the signature (the operator link
 * and `autoRemediate` of issue 14 call it). Never throws; every agent answer carries an audit.
 */
export async function runAgentAction(
  service: Pick<Service, "agentUrl">,
  request: { action: AgentActionName; incident: string; by: string },
  deps: AgentActionDeps,
): Promise<AgentActionResult> {
  if (!service.agentUrl) return { answered: false, reason: "no agentUrl configured" };
  if (!deps.secret) return { answered: false, reason: "no agent secret configured (AGENT_HMAC_SECRET)" };
  const url = agentSiblingUrl(service.agentUrl, `actions/${request.action}`);
  const body = JSON.stringify({ incident: request.incident, by: request.by });
  const signed = { ...signedRequestOf("POST", url), bodySha256: await sha256Hex(body) };
  const headers = await signRequest(deps.secret, signed, deps.now());
  const res = await boundedFetch(deps.fetch, url.href, {
    method: "POST",
    body,
    timeoutMs: deps.timeoutMs,
    now: deps.now,
    headers: { ...headers, "content-type": "application/json", accept: "application/json" },
  });
  if (!res.ok) return { answered: false, reason: res.reason };
  const json = parseJson(res.body);
  const parsed = json.ok ? agentActionAnswer.safeParse(json.value) : undefined;
  if (!parsed?.success) {
    const why = parsed ? describeIssues(parsed.error) : "not JSON";
    return { answered: false, reason: `HTTP ${res.status}: ${why}: ${snippet(res.body)}` };
  }
  return { answered: true, ok: parsed.data.audit.outcome === "healthy", audit: parsed.data.audit };
}
