import type { Service } from "../config/schema";
import { type AgentReport, isCollectorError } from "./agent-report";
import { DEFAULT_SEVERITY, type Finding, type Severity, severityRank } from "./types";

/** Days before expiry at which a certificate is `tls_expiring` at its default P3. */
export const TLS_WARN_DAYS = 14;
/** Days before expiry at which `tls_expiring` is at least P2. */
export const TLS_URGENT_DAYS = 3;

const DAY_MS = 86_400_000;

/** Whole days from `now` to the certificate's expiry (negative once expired), or undefined without one. */
export function tlsDaysLeft(notAfter: string | undefined, now: number): number | undefined {
  const at = notAfter === undefined ? Number.NaN : Date.parse(notAfter);
  return Number.isNaN(at) ? undefined : Math.floor((at - now) / DAY_MS);
}

const atLeast = (s: Severity, floor: Severity): Severity =>
  severityRank(s) < severityRank(floor) ? s : floor;

/**
 * The agent's TLS entries as findings: a chain that does not verify or a name that does not
 * match is `tls_invalid` (P1: clients refuse the site now); an expiry within 14 days is
 * `tls_expiring` (P3, at least P2 within 3 days). A host the agent could not reach is no
 * finding here: the health and general checks see an unreachable service.
 */
export function tlsFindings(
  service: Pick<Service, "severities">,
  report: AgentReport,
  now: number,
): Finding[] {
  if (report.tls === undefined || isCollectorError(report.tls)) return [];
  const severity = (code: "tls_invalid" | "tls_expiring") =>
    service.severities[code] ?? DEFAULT_SEVERITY[code];
  return report.tls.flatMap((t): Finding[] => {
    if (!t.connected) return [];
    if (t.chainVerified === false || t.nameMatches === false) {
      const reason = t.reason ?? (t.chainVerified === false ? "chain not verified" : "name mismatch");
      return [
        { code: "tls_invalid", severity: severity("tls_invalid"), check: "agent", subject: t.target, reason },
      ];
    }
    const days = tlsDaysLeft(t.notAfter, now);
    if (days === undefined || days > TLS_WARN_DAYS) return [];
    const base = severity("tls_expiring");
    return [
      {
        code: "tls_expiring",
        severity: days <= TLS_URGENT_DAYS ? atLeast(base, "P2") : base,
        check: "agent",
        subject: t.target,
        value: days,
        threshold: days <= TLS_URGENT_DAYS ? TLS_URGENT_DAYS : TLS_WARN_DAYS,
        reason: `certificate${t.issuer ? ` from ${t.issuer}` : ""} expires ${t.notAfter}`,
      },
    ];
  });
}
