import * as z from "zod";
import { collectorError, containerReport, diskReport, reachability } from "./agent-report.ts";

/** Lines of the app container's log a snapshot carries (the runbook's `--tail 50`). */
export const SNAPSHOT_LOG_LINES = 50;
/** Longest log line kept; the rest is cut so one stack frame cannot fill the snapshot. */
export const SNAPSHOT_LINE_CHARS = 400;
/** Most log text a snapshot carries, in UTF-8 bytes. */
export const SNAPSHOT_LOG_BYTES = 16 * 1024;

/** Severity the snapshot is for: P2 adds the runbook's dependency checks. */
export const diagnosticsLevel = z.enum(["P1", "P2"]);
/** Severity the snapshot is for. */
export type DiagnosticsLevel = z.infer<typeof diagnosticsLevel>;

/** An incident id as the Worker makes them (service id, ":", time, counter); never reaches a command. */
export const incidentRef = z.string().regex(/^[A-Za-z0-9_.:-]{1,120}$/, "must be an incident id");

/** One container-to-container reachability check (`docker exec <app> ping -c 1 <target>`). */
export const linkCheck = z.object({
  /** Container the check runs in. */
  from: z.string().min(1).max(200),
  /** Container name it tries to reach. */
  to: z.string().min(1).max(200),
  /** Whether the target answered. */
  ok: z.boolean(),
  /** Why not, when it did not. */
  reason: z.string().max(500).optional(),
});

const utf8Bytes = (lines: readonly string[]) => new TextEncoder().encode(lines.join("\n")).length;

/** The app container's last log lines, already redacted and capped by the agent. */
export const logTail = z.object({
  /** Container the lines come from. */
  container: z.string().min(1).max(200),
  /** Oldest first; each at most {@link SNAPSHOT_LINE_CHARS} characters. */
  lines: z
    .array(z.string().max(SNAPSHOT_LINE_CHARS))
    .max(SNAPSHOT_LOG_LINES)
    .refine((lines) => utf8Bytes(lines) <= SNAPSHOT_LOG_BYTES, "log tail over 16 KiB"),
  /** True when older lines were dropped to fit the byte cap. */
  truncated: z.boolean(),
});

/** The runbook's P2 dependency checks. */
export const dependencyChecks = z.object({
  /** `docker exec calendar-redis redis-cli ping`. */
  redis: z.union([z.object({ pong: z.boolean(), reason: z.string().max(500).optional() }), collectorError]),
  /** Radicale answers. */
  radicale: z.union([reachability, collectorError]),
  /** The app container reaches each other configured container. */
  links: z.union([z.array(linkCheck).max(20), collectorError]),
});

/** What the on-call engineer would look at first: the runbook's P1 step 1 and step 4, on the server. */
export const diagnosticsSnapshot = z.object({
  /** Snapshot schema version. */
  schema: z.literal(1),
  /** Incident the snapshot was asked for. */
  incident: incidentRef,
  /** Severity it was asked for. */
  level: diagnosticsLevel,
  /** When the collectors ran, ISO 8601. */
  collectedAt: z.string().max(64),
  /** Host name of the server. */
  host: z.string().max(200).optional(),
  /** `docker ps -a` for the configured containers. */
  containers: z.union([z.array(containerReport).max(100), collectorError]),
  /** `docker logs <app> --tail 50`, redacted. */
  logs: z.union([logTail, collectorError]),
  /** `free -h`: used memory. */
  memory: z.union([z.object({ usedPercent: z.number().min(0).max(100) }), collectorError]),
  /** `df -h`: used space per mount. */
  disks: z.union([z.array(diskReport).max(50), collectorError]),
  /** P2 only: Redis, Radicale and container-to-container reachability. */
  dependencies: dependencyChecks.optional(),
});

/** A diagnostics snapshot, as validated. */
export type DiagnosticsSnapshot = z.infer<typeof diagnosticsSnapshot>;

/**
 * URL of a sibling endpoint of the agent's report, e.g. `/diagnostics` next to `/status`, or
 * `/watchdog/diagnostics` next to `/watchdog/agent`; both sides derive paths this way.
 */
export function agentSiblingUrl(statusUrl: string, name: string): URL {
  return new URL(name, new URL(statusUrl));
}
