import type { Service, VantageSetting } from "../config/schema";
import { DEFAULT_SEVERITY, type Finding, type HealthOutcome, type ProbeResult } from "./types";

/** What the second vantage said about `/health`, or that it could not be asked. */
export type SecondOpinion =
  | { answered: true; location: string; health: HealthOutcome }
  | { answered: false; location: string; reason: string };

/** The request header that tells the watched service which vantage is probing it. */
export const VANTAGE_HEADER = "x-watchdog-vantage";

/**
 * True when a probe's result should be checked from the second vantage: the service opted in
 * and the home probe found `/health` failing at P1 (the check that can still be a path problem).
 */
export function wantsSecondOpinion(service: Pick<Service, "vantage">, result: ProbeResult): boolean {
  return service.vantage !== undefined && result.health?.ok === false && result.findings.some(isHealthP1);
}

function isHealthP1(finding: Finding): boolean {
  return finding.check === "health" && finding.severity === "P1";
}

function describeHealth(health: HealthOutcome): string {
  if (health.ok) return `HTTP ${health.status ?? 200} in ${health.latencyMs} ms`;
  return health.reason ?? "failed";
}

/**
 * Folds the second opinion into the home probe's findings. Pure.
 * - The second vantage fails too: the outage is confirmed from two places; the P1 stays.
 * - It succeeds: the home side cannot reach a service that is up, so the P1 health findings
 *   become one `network_path` finding (P2 by default): "reachable from X, not from Y".
 * - It could not be asked: no confirmation either way; the home evidence stands alone (the
 *   single-vantage rule), and the reason says so. It is never counted as a failure.
 */
export function applySecondOpinion(
  service: Pick<Service, "severities">,
  vantage: VantageSetting,
  result: ProbeResult,
  opinion: SecondOpinion,
): ProbeResult {
  const home = vantage.home;
  if (!opinion.answered) {
    const note = `; second vantage ${opinion.location} did not answer (${opinion.reason}): seen from ${home} only`;
    return { ...result, findings: result.findings.map((f) => (isHealthP1(f) ? withNote(f, note) : f)) };
  }
  if (!opinion.health.ok) {
    const note = `; also failing from ${opinion.location}: ${describeHealth(opinion.health)}`;
    return { ...result, findings: result.findings.map((f) => (isHealthP1(f) ? withNote(f, note) : f)) };
  }
  const failing = result.findings.filter(isHealthP1);
  const path: Finding = {
    code: "network_path",
    severity: service.severities.network_path ?? DEFAULT_SEVERITY.network_path,
    check: "health",
    subject: `${opinion.location}→${home}`,
    reason: `reachable from ${opinion.location} (${describeHealth(opinion.health)}), not from ${home}: ${failing.map((f) => f.reason ?? f.code).join("; ")}`,
  };
  return { ...result, findings: [path, ...result.findings.filter((f) => !isHealthP1(f))] };
}

function withNote(finding: Finding, note: string): Finding {
  return { ...finding, reason: `${finding.reason ?? finding.code}${note}` };
}

/** The two ends of a `network_path` finding: where `/health` answered from, and where it did not. */
export function pathEnds(finding: Pick<Finding, "subject">): { from: string; to: string } {
  const [from = "?", to = "?"] = (finding.subject ?? "").split("→");
  return { from, to };
}
