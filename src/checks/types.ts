/** Incident severities, most severe first. */
export const SEVERITIES = ["P1", "P2", "P3", "P4"] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Every finding a check can produce. Default severities live in `DEFAULT_SEVERITY`. */
export const FINDING_CODES = [
  "health_down",
  "health_and_agent_down",
  "app_container_down",
  "app_restart_loop",
  "dependency_container_down",
  "redis_down",
  "radicale_down",
  "database_locked",
  "health_slow",
  "network_path",
  "disk_critical",
  "memory_high",
  "disk_high",
  "log_errors",
  "backup_stale",
  "backup_missing",
  "backup_small",
  "monitoring_down",
  "agent_unreachable",
  "version_changed",
  "clock_skew",
  "http_check_failed",
  "http_check_slow",
  "tcp_check_failed",
  "dns_check_failed",
  "heartbeat_missed",
  "heartbeat_failed",
  "tls_expiring",
  "tls_invalid",
] as const;
export type FindingCode = (typeof FINDING_CODES)[number];

/** The SPEC's severity table; each entry can be overridden per service in config. */
export const DEFAULT_SEVERITY: Record<FindingCode, Severity> = {
  health_down: "P1",
  health_and_agent_down: "P1",
  app_container_down: "P1",
  app_restart_loop: "P1",
  dependency_container_down: "P2",
  redis_down: "P2",
  radicale_down: "P2",
  database_locked: "P2",
  health_slow: "P2",
  network_path: "P2",
  disk_critical: "P2",
  memory_high: "P2",
  disk_high: "P3",
  log_errors: "P3",
  backup_stale: "P3",
  backup_missing: "P3",
  backup_small: "P3",
  monitoring_down: "P3",
  agent_unreachable: "P3",
  version_changed: "P4",
  clock_skew: "P4",
  http_check_failed: "P2",
  http_check_slow: "P3",
  tcp_check_failed: "P2",
  dns_check_failed: "P2",
  heartbeat_missed: "P2",
  heartbeat_failed: "P2",
  tls_expiring: "P3",
  tls_invalid: "P1",
};

/** Which check saw the problem. */
export type CheckName = "health" | "agent" | "check" | "heartbeat";

/**
 * One problem seen by one probe. Renderers localise it from `code` and the optional
 * fields; `reason` is the raw technical cause (never localised, never a secret).
 */
export interface Finding {
  code: FindingCode;
  severity: Severity;
  check: CheckName;
  /** What the finding is about: a container name, a mount point, a dependency name. */
  subject?: string;
  /** Measured value (percent, count, hours, bytes, milliseconds) when there is one. */
  value?: number;
  /** The threshold that `value` crossed. */
  threshold?: number;
  /** Human-readable technical cause, e.g. "timeout after 5000 ms". */
  reason?: string;
}

/** Result of the public health check. */
export interface HealthOutcome {
  ok: boolean;
  /** Why the check failed; absent when ok. */
  reason?: string;
  /** HTTP status when a response arrived. */
  status?: number;
  latencyMs: number;
  /** `version` from the health body when present. */
  version?: string;
  /** `timestamp` from the health body when present. */
  appTimestamp?: string;
}

/** Result of the authenticated agent check; the report type lives with its schema. */
export interface AgentOutcome<Report = unknown> {
  ok: boolean;
  reason?: string;
  status?: number;
  latencyMs: number;
  report?: Report;
}

/** Result of one general check (`services[].checks`). */
export interface CheckOutcome {
  kind: "http" | "tcp" | "dns";
  /** How findings name the check (`checkLabel`). */
  label: string;
  ok: boolean;
  latencyMs: number;
  /** The first failure's cause; absent when ok. */
  reason?: string;
}

/** Everything one probe of one service saw, with the findings derived from it. */
export interface ProbeResult {
  serviceId: string;
  /** When the probe started, epoch milliseconds. */
  at: number;
  /** Absent for a service without `healthUrl` (probed through its general checks only). */
  health?: HealthOutcome;
  agent?: AgentOutcome;
  /** One per general check, in config order; absent when the service has none. */
  checks?: CheckOutcome[];
  findings: Finding[];
}

/** True when a finding should count towards opening or keeping an incident (P1–P3). */
export function isPageable(finding: Pick<Finding, "severity">): boolean {
  return finding.severity !== "P4";
}

/** Index of a severity; lower is more severe. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

/** The most severe of the given severities, or undefined for none. */
export function highestSeverity(severities: Iterable<Severity>): Severity | undefined {
  let best: Severity | undefined;
  for (const s of severities) if (best === undefined || severityRank(s) < severityRank(best)) best = s;
  return best;
}
