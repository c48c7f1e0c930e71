import type { Service } from "../config/schema";
import { type AgentReport, isCollectorError } from "./agent-report";
import { tlsFindings } from "./tls-findings";
import {
  type AgentOutcome,
  type CheckName,
  DEFAULT_SEVERITY,
  type Finding,
  type FindingCode,
  type HealthOutcome,
} from "./types";

/** A container restarted this recently with many restarts counts as restart-looping. */
export const RESTART_LOOP_WINDOW_MS = 10 * 60_000;

type Extra = Pick<Finding, "subject" | "value" | "threshold" | "reason">;
type Add = (code: FindingCode, check: CheckName, extra?: Extra) => void;
type Container = Extract<AgentReport["containers"], unknown[]>[number];

/** Parses the app's `timestamp`: ISO 8601, or epoch seconds / milliseconds. */
export function parseAppTime(text: string): number | undefined {
  if (/^\d+(?:\.\d+)?$/.test(text)) {
    const n = Number(text);
    return n < 1e11 ? n * 1000 : n;
  }
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

function healthFindings(service: Service, health: HealthOutcome, now: number, add: Add): void {
  const t = service.thresholds;
  if (health.latencyMs > t.slowHealth) {
    add("health_slow", "health", {
      value: health.latencyMs,
      threshold: t.slowHealth,
      reason: `/health answered in ${health.latencyMs} ms`,
    });
  }
  if (health.appTimestamp === undefined) return;
  const appTime = parseAppTime(health.appTimestamp);
  if (appTime === undefined) {
    add("clock_skew", "health", { reason: `timestamp ${JSON.stringify(health.appTimestamp)} is not a date` });
    return;
  }
  const skew = appTime - now;
  if (Math.abs(skew) > t.maxClockSkew) {
    const seconds = Math.round(Math.abs(skew) / 1000);
    add("clock_skew", "health", {
      value: Math.abs(skew),
      threshold: t.maxClockSkew,
      reason: `app timestamp ${health.appTimestamp} is ${seconds} s ${skew < 0 ? "behind" : "ahead of"} the watchdog's clock`,
    });
  }
}

function describeContainer(c: Container | undefined): string {
  if (!c) return "container not found";
  const parts = [`state ${c.state}`];
  if (c.exitCode !== undefined && c.state !== "running") parts.push(`exit code ${c.exitCode}`);
  if (c.oomKilled) parts.push("OOM-killed");
  parts.push(`${c.restartCount} restarts`);
  return parts.join(", ");
}

function isRestartLooping(c: Container, service: Service, now: number): boolean {
  if (c.state === "restarting") return true;
  if (c.restartCount < service.thresholds.restartLoopCount || c.startedAt === undefined) return false;
  const started = Date.parse(c.startedAt);
  return !Number.isNaN(started) && now - started <= RESTART_LOOP_WINDOW_MS;
}

function containerFindings(service: Service, containers: Container[], now: number, add: Add): void {
  const byName = new Map(containers.map((c) => [c.name, c]));
  const app = byName.get(service.appContainer);
  if (app && isRestartLooping(app, service, now)) {
    add("app_restart_loop", "agent", {
      subject: service.appContainer,
      value: app.restartCount,
      threshold: service.thresholds.restartLoopCount,
      reason: describeContainer(app),
    });
  } else if (app?.state !== "running") {
    add("app_container_down", "agent", { subject: service.appContainer, reason: describeContainer(app) });
  }
  for (const name of service.dependencyContainers) {
    const c = byName.get(name);
    if (c?.state !== "running")
      add("dependency_container_down", "agent", { subject: name, reason: describeContainer(c) });
  }
}

function reportFindings(service: Service, report: AgentReport, now: number, add: Add): void {
  const t = service.thresholds;
  if (!isCollectorError(report.containers)) containerFindings(service, report.containers, now, add);
  if (!isCollectorError(report.redis) && !report.redis.pong) {
    add("redis_down", "agent", { subject: "redis", reason: report.redis.reason ?? "no PONG" });
  }
  if (!isCollectorError(report.radicale) && !report.radicale.ok) {
    const r = report.radicale;
    add("radicale_down", "agent", {
      subject: "radicale",
      reason: r.reason ?? (r.status !== undefined ? `HTTP ${r.status}` : "unreachable"),
    });
  }
  if (!isCollectorError(report.logs)) {
    const { databaseLocked24h, errorCount24h } = report.logs;
    if (databaseLocked24h > 0) {
      add("database_locked", "agent", {
        value: databaseLocked24h,
        threshold: 0,
        reason: `"database is locked" ${databaseLocked24h} times in 24 h`,
      });
    }
    if (errorCount24h > t.logErrors24h) {
      add("log_errors", "agent", {
        value: errorCount24h,
        threshold: t.logErrors24h,
        reason: `${errorCount24h} error lines in 24 h`,
      });
    }
  }
  if (!isCollectorError(report.disks)) {
    for (const d of report.disks) {
      const extra = {
        subject: d.mount,
        value: d.usedPercent,
        reason: `${d.mount} is ${d.usedPercent}% full`,
      };
      if (d.usedPercent > t.diskCriticalPercent)
        add("disk_critical", "agent", { ...extra, threshold: t.diskCriticalPercent });
      else if (d.usedPercent > t.diskHighPercent)
        add("disk_high", "agent", { ...extra, threshold: t.diskHighPercent });
    }
  }
  if (!isCollectorError(report.memory) && report.memory.usedPercent > t.memoryHighPercent) {
    const used = report.memory.usedPercent;
    add("memory_high", "agent", {
      value: used,
      threshold: t.memoryHighPercent,
      reason: `memory ${used}% used`,
    });
  }
  backupFindings(service, report.backup, add);
  for (const name of ["prometheus", "grafana", "loki"] as const) {
    const m = report.monitoring[name];
    if (m && !m.ok) {
      add("monitoring_down", "agent", {
        subject: name,
        reason: m.reason ?? (m.status !== undefined ? `HTTP ${m.status}` : "unreachable"),
      });
    }
  }
}

function backupFindings(service: Service, backup: AgentReport["backup"], add: Add): void {
  const t = service.thresholds;
  if (isCollectorError(backup)) return;
  if (backup === null) {
    add("backup_missing", "agent", { reason: "no backup archive found" });
    return;
  }
  if (backup.ageHours > t.backupMaxAgeHours) {
    add("backup_stale", "agent", {
      subject: backup.file,
      value: backup.ageHours,
      threshold: t.backupMaxAgeHours,
      reason: `newest backup ${backup.file} is ${Math.round(backup.ageHours * 10) / 10} h old`,
    });
  }
  if (backup.sizeBytes < t.backupMinBytes) {
    add("backup_small", "agent", {
      subject: backup.file,
      value: backup.sizeBytes,
      threshold: t.backupMinBytes,
      reason: `newest backup ${backup.file} is ${backup.sizeBytes} bytes`,
    });
  }
}

/**
 * A report collected long ago means the agent's cache or collectors are stuck: its content
 * says nothing about now, so the agent counts as unreachable.
 */
function distrustStale(
  agent: AgentOutcome<AgentReport>,
  maxAgeMs: number,
  now: number,
): AgentOutcome<AgentReport> {
  if (!agent.ok || !agent.report) return agent;
  const collected = Date.parse(agent.report.collectedAt);
  if (Number.isNaN(collected) || now - collected <= maxAgeMs) return agent;
  const minutes = Math.round((now - collected) / 60_000);
  const { report: _stale, ...rest } = agent;
  return {
    ...rest,
    ok: false,
    reason: `report is stale: collected ${minutes} min ago (${agent.report.collectedAt})`,
  };
}

/**
 * Turns one probe's outcomes into findings with the service's severities. Pure. A health
 * failure folds an unreachable agent into one `health_and_agent_down`; a service without
 * `healthUrl` (no `health`) has only its agent's findings here.
 */
export function classify(
  service: Service,
  health: HealthOutcome | undefined,
  answered: AgentOutcome<AgentReport> | undefined,
  now: number,
): Finding[] {
  const agent = answered && distrustStale(answered, service.thresholds.agentReportMaxAge, now);
  const findings: Finding[] = [];
  const add: Add = (code, check, extra = {}) => {
    findings.push({ code, severity: service.severities[code] ?? DEFAULT_SEVERITY[code], check, ...extra });
  };
  const agentWorks = agent?.ok === true && agent.report !== undefined;
  if (health && !health.ok) {
    if (agent && !agentWorks) {
      add("health_and_agent_down", "health", {
        reason: `health: ${health.reason ?? "failed"}; agent: ${agent.reason ?? "failed"}`,
      });
    } else {
      add("health_down", "health", { reason: health.reason ?? "failed" });
    }
  } else {
    if (health) healthFindings(service, health, now, add);
    if (agent && !agentWorks) add("agent_unreachable", "agent", { reason: agent.reason ?? "failed" });
  }
  if (agentWorks && agent?.report) reportFindings(service, agent.report, now, add);
  if (agentWorks && agent?.report) findings.push(...tlsFindings(service, agent.report, now));
  return findings;
}

/** Collector errors of a report ("disks: df timed out"): not findings, but worth showing. */
export function collectorErrors(report: AgentReport): string[] {
  const sections = ["containers", "disks", "memory", "logs", "backup", "redis", "radicale"] as const;
  const out: string[] = [];
  for (const section of sections) {
    const value = report[section];
    if (isCollectorError(value)) out.push(`${section}: ${value.error}`);
  }
  return out;
}
