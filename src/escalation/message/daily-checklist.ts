import { type AgentReport, agentReport, isCollectorError } from "../../checks/agent-report";
import { tlsDaysLeft } from "../../checks/tls-findings";
import type { Finding, FindingCode, ProbeResult } from "../../checks/types";
import type { DailyStrings } from "./daily-strings";
import { oneLineTruncated } from "./text";

/** One line of a service's daily checklist. */
export interface CheckLine {
  mark: "ok" | "warn" | "fail" | "none";
  label: string;
  value: string;
}

const excerpt = (s: string) => oneLineTruncated(s, 200);

function markFor(findings: readonly Finding[], codes: readonly FindingCode[]): CheckLine["mark"] {
  const hit = findings.filter((f) => codes.includes(f.code));
  if (hit.length === 0) return "ok";
  return hit.some((f) => f.severity === "P1" || f.severity === "P2") ? "fail" : "warn";
}

function agentLines(report: AgentReport, findings: readonly Finding[], d: DailyStrings): CheckLine[] {
  const line = (label: string, codes: FindingCode[], value: string): CheckLine => ({
    mark: markFor(findings, codes),
    label,
    value,
  });
  const err = (v: unknown) => (isCollectorError(v) ? `? (${excerpt(v.error)})` : undefined);
  const lines: CheckLine[] = [];
  const c = report.containers;
  lines.push(
    line(
      d.containers,
      ["app_container_down", "app_restart_loop", "dependency_container_down"],
      err(c) ??
        (Array.isArray(c)
          ? c
              .map(
                (x) => `${x.name} ${x.state}${x.restartCount > 0 ? ` (${d.restarts(x.restartCount)})` : ""}`,
              )
              .join(", ")
          : ""),
    ),
  );
  const disks = report.disks;
  lines.push(
    line(
      d.disk,
      ["disk_critical", "disk_high"],
      err(disks) ?? (Array.isArray(disks) ? disks.map((x) => `${x.mount} ${x.usedPercent}%`).join(", ") : ""),
    ),
  );
  const mem = report.memory;
  lines.push(
    line(d.memory, ["memory_high"], err(mem) ?? ("usedPercent" in mem ? `${mem.usedPercent}%` : "")),
  );
  const logs = report.logs;
  lines.push(
    line(
      d.errors,
      ["log_errors", "database_locked"],
      err(logs) ?? ("errorCount24h" in logs ? String(logs.errorCount24h) : ""),
    ),
  );
  const b = report.backup;
  const backup =
    b === null
      ? d.noBackup
      : (err(b) ??
        ("file" in b ? `${excerpt(b.file)}, ${d.hoursAgo(b.ageHours)}, ${d.bytes(b.sizeBytes)}` : ""));
  lines.push(line(d.backup, ["backup_stale", "backup_missing", "backup_small"], backup));
  const r = report.redis;
  lines.push(
    line(
      d.redis,
      ["redis_down"],
      err(r) ?? ("pong" in r ? (r.pong ? "PONG" : excerpt(r.reason ?? "no PONG")) : ""),
    ),
  );
  const rad = report.radicale;
  lines.push(
    line(
      d.radicale,
      ["radicale_down"],
      err(rad) ?? ("ok" in rad ? (rad.ok ? "OK" : excerpt(rad.reason ?? "down")) : ""),
    ),
  );
  const mon = Object.entries(report.monitoring).map(([k, v]) => `${k} ${v?.ok ? "OK" : "DOWN"}`);
  lines.push(line(d.monitoring, ["monitoring_down"], mon.length > 0 ? mon.join(", ") : d.notDeployed));
  return lines;
}

/** The agent's certificates with their days left (at the probe's time), when it reports any. */
function tlsLines(
  report: AgentReport,
  findings: readonly Finding[],
  d: DailyStrings,
  at: number,
): CheckLine[] {
  const tls = report.tls;
  if (tls === undefined) return [];
  const mark = markFor(findings, ["tls_expiring", "tls_invalid"]);
  if (isCollectorError(tls)) return [{ mark: "warn", label: d.tls, value: `? (${excerpt(tls.error)})` }];
  const value = tls.map((t) => {
    if (!t.connected) return `${t.target} ? (${excerpt(t.reason ?? "unreachable")})`;
    const days = tlsDaysLeft(t.notAfter, at);
    const left = days === undefined ? "?" : d.daysLeft(days);
    return t.reason ? `${t.target} ${left} (${excerpt(t.reason)})` : `${t.target} ${left}`;
  });
  return [{ mark, label: d.tls, value: value.join(", ") }];
}

/** The `/health` line, or for a service without one a line per general check. */
function firstLines(probe: ProbeResult, d: DailyStrings): CheckLine[] {
  const f = probe.findings;
  const h = probe.health;
  if (!h) {
    return (probe.checks ?? []).map((c) => ({
      mark: c.ok
        ? markFor(
            f.filter((x) => x.subject === c.label),
            ["http_check_slow"],
          )
        : "fail",
      label: excerpt(c.label),
      value: c.ok ? `OK, ${Math.round(c.latencyMs)} ms` : excerpt(c.reason ?? "?"),
    }));
  }
  const health = h.ok
    ? `OK, ${Math.round(h.latencyMs)} ms${h.version ? `, v${excerpt(h.version)}` : ""}`
    : excerpt(h.reason ?? `HTTP ${h.status ?? "?"}`);
  return [{ mark: h.ok ? markFor(f, ["health_slow"]) : "fail", label: d.health, value: health }];
}

/** The runbook's daily checklist for one service as its last probe saw it. */
export function checklist(probe: ProbeResult | undefined, d: DailyStrings): CheckLine[] {
  if (!probe) return [{ mark: "none", label: d.health, value: d.noProbe }];
  const f = probe.findings;
  const lines = firstLines(probe, d);
  if (!probe.agent) return [...lines, { mark: "none", label: d.agent, value: d.noAgent }];
  if (!probe.agent.ok) {
    const mark = markFor(f, ["agent_unreachable", "health_and_agent_down"]);
    return [
      ...lines,
      { mark: mark === "ok" ? "warn" : mark, label: d.agent, value: excerpt(probe.agent.reason ?? "?") },
    ];
  }
  const parsed = agentReport.safeParse(probe.agent.report);
  if (!parsed.success) return [...lines, { mark: "warn", label: d.agent, value: "invalid report" }];
  return [...lines, ...agentLines(parsed.data, f, d), ...tlsLines(parsed.data, f, d, probe.at)];
}
