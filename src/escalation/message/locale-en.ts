import type { Finding } from "../../checks/types";
import { pathEnds } from "../../checks/vantage";
import type { Strings } from "./strings";

const n = (v: number | undefined) => (v === undefined ? "?" : String(Math.round(v * 10) / 10));
const over = (f: Finding, unit: string) =>
  f.threshold === undefined ? "" : ` (threshold ${n(f.threshold)}${unit})`;
const who = (f: Finding, fallback: string) => f.subject ?? fallback;

function duration(ms: number): string {
  const min = Math.max(0, Math.round(ms / 60_000));
  if (min < 1) return "under a minute";
  const d = Math.floor(min / 1440);
  const h = Math.floor((min % 1440) / 60);
  const m = min % 60;
  return [d ? `${d} d` : "", h ? `${h} h` : "", m ? `${m} min` : ""].filter(Boolean).join(" ");
}

/** English. */
export const en: Strings = {
  severityName: { P1: "Critical", P2: "Major", P3: "Minor", P4: "Low" },
  kind: {
    page: "New incident",
    escalation: "Escalation",
    reminder: "Reminder: incident not acknowledged",
    severity_raised: "Severity raised",
    reopened: "Incident reopened",
    acknowledged: "Incident acknowledged",
    resolved: "Incident resolved",
    sla_breach: "SLA breached",
    delivery_failed: "Notification not delivered",
    watchdog_gap: "Watchdog missed its checks",
    daily_report: "Daily report",
    weekly_report: "Weekly SLA report",
    diagnostics: "Diagnostics from the server",
    remediation: "Restart",
  },
  status: { open: "Open, not acknowledged", acknowledged: "In progress", resolved: "Resolved" },
  timeline: {
    opened: "Opened",
    reopened: "Reopened",
    finding: "Detected",
    finding_cleared: "Recovered",
    notified: "Notified",
    notify_failed: "Notification failed",
    acknowledged: "Acknowledged",
    note: "Note",
    escalated: "Escalated",
    reminder: "Reminder",
    severity_raised: "Severity raised",
    severity_lowered: "Severity lowered",
    sla_breach: "SLA breach",
    postmortem: "Postmortem",
    maintenance: "Maintenance",
    version_changed: "New version",
    resolved: "Resolved",
  },
  finding: {
    health_down: () => "/health is not responding",
    health_and_agent_down: () => "Both /health and the server agent are unreachable",
    app_container_down: (f) => `App container ${who(f, "telegram-bot")} is not running`,
    app_restart_loop: (f) =>
      `Container ${who(f, "telegram-bot")} is restarting in a loop (restarts: ${n(f.value)})`,
    dependency_container_down: (f) => `Dependency container ${who(f, "?")} is not running`,
    redis_down: () => "Redis does not answer PONG",
    radicale_down: () => "Radicale (CalDAV) is unreachable",
    database_locked: (f) => `"database is locked" in the logs over 24 h: ${n(f.value)}`,
    health_slow: (f) => `/health is slow: ${n(f.value)} ms${over(f, " ms")}`,
    network_path: (f) =>
      `/health is reachable from ${pathEnds(f).from}, not from ${pathEnds(f).to}: a network path problem`,
    disk_critical: (f) => `Disk ${who(f, "/")} is ${n(f.value)}% full${over(f, "%")}`,
    memory_high: (f) => `Memory is ${n(f.value)}% used${over(f, "%")}`,
    disk_high: (f) => `Disk ${who(f, "/")} is ${n(f.value)}% full${over(f, "%")}`,
    log_errors: (f) => `Errors in the logs over 24 h: ${n(f.value)}${over(f, "")}`,
    backup_stale: (f) => `Newest backup is ${n(f.value)} h old${over(f, " h")}`,
    backup_missing: () => "No backups found",
    backup_small: (f) => `Backup is suspiciously small: ${n(f.value)} bytes${over(f, " bytes")}`,
    monitoring_down: (f) => `${who(f, "Monitoring")} is down`,
    agent_unreachable: () => "The watchdog agent on the server is unreachable",
    version_changed: (f) => `App version changed${f.subject ? `: ${f.subject}` : ""}`,
    clock_skew: (f) => `App clock is off from the watchdog's by ${duration(f.value ?? 0)}`,
    http_check_failed: (f) => `HTTP check ${who(f, "?")} failed`,
    http_check_slow: (f) => `HTTP check ${who(f, "?")} is slow: ${n(f.value)} ms${over(f, " ms")}`,
    tcp_check_failed: (f) => `TCP check ${who(f, "?")} failed`,
    dns_check_failed: (f) => `DNS check ${who(f, "?")} failed`,
    heartbeat_missed: (f) => `Heartbeat ${who(f, "?")} did not ping in time`,
    heartbeat_failed: (f) => `Heartbeat ${who(f, "?")} reported a failure`,
    tls_expiring: (f) => `TLS certificate of ${who(f, "?")} expires in ${n(f.value)} days`,
    tls_invalid: (f) => `TLS certificate of ${who(f, "?")} is not valid`,
  },
  label: {
    severity: "Severity",
    service: "Service",
    time: "Time",
    incident: "Incident",
    level: "Level",
    status: "Current status",
    duration: "Duration",
    symptoms: "Symptoms",
    actions: "Actions taken",
    needed: "Needed",
    sla: "SLA",
    runbook: "Runbook",
    noSymptoms: "No active problems",
    details: "Details",
  },
  button: {
    acknowledge: "✋ Acknowledge",
    resolve: "✅ Resolve",
    open: "🔎 Open",
    restart: "🔄 Restart bot",
  },
  omittedActions: (k) => `… and ${k} earlier entries`,
  omittedSymptoms: (k) => `… and ${k} more`,
  duration,
  autoChecks: "Watchdog automatic checks: failure confirmed by repeated probes",
  need: {
    acknowledge: (by) => `Acknowledge (the "Acknowledge" button)${by ? ` by ${by}` : ""}`,
    diagnose: "Diagnose using the runbook section below",
    takeOver: "Not acknowledged in time: take over the incident",
    resolve: (by) => `Fix the cause and mark it resolved${by ? ` (due ${by})` : ""}`,
    postmortem: { required: "A postmortem is required", recommended: "A postmortem is recommended" },
    nothing: "Nothing to do",
    checkChannel: (f) => `Check the ${f.channel} channel and the ${f.level} contact`,
    watchdogGap: "Check the watchdog Worker's cron trigger and its logs (wrangler tail)",
    slaBreached: "SLA breached: escalate if there is no progress",
  },
  clock: { respond: "Respond", resolve: "Resolve" },
  sla: {
    due: (c, at, left) => `${c}: by ${at} (${left} left)`,
    met: (c, at, took) => `${c}: met at ${at} (after ${took})`,
    missed: (c, deadline, late) => `${c}: BREACHED, due ${deadline}, ${late} late`,
    backlog: (c) => `${c}: no deadline (backlog)`,
    breaches: (list) => `Recorded breaches: ${list}`,
  },
  failure: (f) => `Not delivered to ${f.level} via ${f.channel}: ${f.reason} (${f.detail})`,
  gap: {
    title: "Watchdog checks were skipped",
    text: (minutes, since) =>
      `Cron checks did not run for ${minutes} min (since ${since}). Anything that happened meanwhile may have gone unnoticed.`,
  },
  diagnostics: { title: "Diagnostics", unavailable: "snapshot unavailable", more: "Full snapshot" },
  remediation: {
    action: { "restart-app": "Restart", "restart-stack": "Full restart" },
    healthy: (a, by, at, s) => `${a} by ${by} at ${at}: /health healthy again after ${s} s`,
    checksPassing: (a, by, at, s) => `${a} by ${by} at ${at}: checks passing again after ${s} s`,
    stillFailing: (a, by, at, detail) => `${a} by ${by} at ${at}: still failing (${detail})`,
    fullRestart: "🔁 Full restart",
    open: "Incident",
  },
};
