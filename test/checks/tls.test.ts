import { describe, expect, it } from "vitest";
import { agentReport, type TlsReport } from "../../src/checks/agent-report";
import { classify } from "../../src/checks/findings";
import type { Finding } from "../../src/checks/types";
import { checklist } from "../../src/escalation/message/daily-checklist";
import { DAILY } from "../../src/escalation/message/daily-strings";
import { T0 } from "../support/time";
import { healthyReport, healthyReportInput, makeService } from "./support";

const DAY = 86_400_000;
const at = (days: number) => new Date(T0 + days * DAY + 3_600_000).toISOString();
const cert = (over: Partial<TlsReport> = {}): TlsReport => ({
  target: "calendar.example.com:443",
  connected: true,
  issuer: "Let's Encrypt",
  notAfter: at(60),
  chainVerified: true,
  nameMatches: true,
  ...over,
});
const health = { ok: true, status: 200, latencyMs: 50 };

function tlsFound(tls: TlsReport[], severities: Record<string, string> = {}): Finding[] {
  const report = healthyReport({ tls }, T0);
  const agent = { ok: true, latencyMs: 30, report };
  return classify(makeService({ severities }), health, agent, T0).filter((f) => f.code.startsWith("tls_"));
}

describe("issue 16 item 4: TLS certificates from the agent → findings", () => {
  it.each([
    { name: "60 days left: nothing", tls: cert(), found: [] },
    { name: "15 days left: nothing yet", tls: cert({ notAfter: at(15) }), found: [] },
    {
      name: "14 days left: tls_expiring P3",
      tls: cert({ notAfter: at(14) }),
      found: [{ code: "tls_expiring", severity: "P3", value: 14, threshold: 14 }],
    },
    {
      name: "3 days left: tls_expiring P2",
      tls: cert({ notAfter: at(3) }),
      found: [{ code: "tls_expiring", severity: "P2", value: 3, threshold: 3 }],
    },
    {
      name: "expired (and so unverified) is invalid: P1",
      tls: cert({ notAfter: at(-2), chainVerified: false, reason: "CERT_HAS_EXPIRED" }),
      found: [{ code: "tls_invalid", severity: "P1", reason: "CERT_HAS_EXPIRED" }],
    },
    {
      name: "a chain that does not verify: P1",
      tls: cert({ chainVerified: false, reason: "UNABLE_TO_VERIFY_LEAF_SIGNATURE" }),
      found: [{ code: "tls_invalid", severity: "P1", subject: "calendar.example.com:443" }],
    },
    {
      name: "a name mismatch: P1",
      tls: cert({ nameMatches: false, reason: "Hostname/IP does not match certificate's altnames" }),
      found: [{ code: "tls_invalid", severity: "P1" }],
    },
    {
      name: "unreachable: no TLS finding",
      tls: cert({ connected: false, reason: "ECONNREFUSED" }),
      found: [],
    },
  ])("$name", ({ tls, found }) => {
    expect(tlsFound([tls])).toEqual(found.map((f) => expect.objectContaining({ check: "agent", ...f })));
  });

  it("the service's severity applies, and within 3 days it is at least P2", () => {
    expect(tlsFound([cert({ notAfter: at(10) })], { tls_expiring: "P4" })[0]?.severity).toBe("P4");
    expect(tlsFound([cert({ notAfter: at(2) })], { tls_expiring: "P4" })[0]?.severity).toBe("P2");
    expect(tlsFound([cert({ notAfter: at(2) })], { tls_expiring: "P1" })[0]?.severity).toBe("P1");
    expect(tlsFound([cert({ chainVerified: false })], { tls_invalid: "P2" })[0]?.severity).toBe("P2");
  });

  it("the report schema stays compatible: a report without `tls` and one with a collector error both parse", () => {
    expect(agentReport.parse(healthyReportInput(T0)).tls).toBeUndefined();
    expect(agentReport.parse({ ...healthyReportInput(T0), tls: { error: "boom" } }).tls).toEqual({
      error: "boom",
    });
  });

  it("the daily report lists each certificate's days left", () => {
    const report = healthyReport(
      { tls: [cert({ notAfter: at(10) }), cert({ target: "cal.example.com:8443" })] },
      T0,
    );
    const probe = {
      serviceId: "svc",
      at: T0,
      health,
      agent: { ok: true, latencyMs: 30, report },
      findings: tlsFound([cert({ notAfter: at(10) })]),
    };
    const line = checklist(probe, DAILY.en).find((l) => l.label === "TLS");
    expect(line).toEqual({
      mark: "warn",
      label: "TLS",
      value: "calendar.example.com:443 10 days left, cal.example.com:8443 60 days left",
    });
    expect(checklist(probe, DAILY.ru).find((l) => l.label === "TLS")?.value).toContain("осталось 10 дн.");
  });
});
