import * as z from "zod";

/** A collector's own failure: one failing collector never hides the others. */
export const collectorError = z.object({
  /** Human-readable reason the collector could not produce a value. */
  error: z.string().max(500),
});

/** State of one container as `docker inspect` reports it. */
export const containerReport = z.object({
  /** Container name, e.g. "telegram-bot". */
  name: z.string().min(1).max(200),
  /** Docker state: running, restarting, exited, paused, dead, created, missing. */
  state: z.enum(["running", "restarting", "exited", "paused", "dead", "created", "removing", "missing"]),
  /** Docker's human status line, e.g. "Up 3 hours". */
  status: z.string().max(200).optional(),
  /** How many times Docker restarted it. */
  restartCount: z.number().int().nonnegative(),
  /** Exit code of the last run (0 while running). */
  exitCode: z.number().int().optional(),
  /** Whether the kernel killed it for memory. */
  oomKilled: z.boolean().optional(),
  /** When the current run started, ISO 8601. */
  startedAt: z.string().max(64).optional(),
});

/** Usage of one mount point. */
export const diskReport = z.object({
  /** Mount point, e.g. "/". */
  mount: z.string().min(1).max(500),
  /** Used space in percent, 0–100. */
  usedPercent: z.number().min(0).max(100),
});

/** Reachability of one HTTP dependency. */
export const reachability = z.object({
  /** Whether it answered as expected. */
  ok: z.boolean(),
  /** HTTP status when one arrived. */
  status: z.number().int().optional(),
  /** Why it is not ok. */
  reason: z.string().max(500).optional(),
});

/** One TLS endpoint as the agent saw it (`AGENT_TLS_HOSTS`): a Worker cannot see peer certificates. */
export const tlsReport = z.object({
  /** `host:port` as configured. */
  target: z.string().min(1).max(300),
  /** Whether a TLS handshake completed; false with `reason` when the connection failed. */
  connected: z.boolean(),
  /** Issuer of the leaf certificate (organisation, else common name). */
  issuer: z.string().max(300).optional(),
  /** Expiry of the leaf certificate, ISO 8601. */
  notAfter: z.string().max(64).optional(),
  /** Whether the chain verifies against the system's roots. */
  chainVerified: z.boolean().optional(),
  /** Whether the certificate names the host. */
  nameMatches: z.boolean().optional(),
  /** Why it failed: a connection error, a chain error (e.g. `CERT_HAS_EXPIRED`), a name mismatch. */
  reason: z.string().max(500).optional(),
});

/** The agent's report: the runbook's daily check as seen on the server. */
export const agentReport = z.object({
  /** Report schema version. */
  schema: z.literal(1),
  /** When the collectors ran, ISO 8601. */
  collectedAt: z.string().max(64),
  /** Host name of the server. */
  host: z.string().max(200).optional(),
  /** Containers, or the collector's error. */
  containers: z.union([z.array(containerReport).max(100), collectorError]),
  /** Disk usage per configured mount, or the collector's error. */
  disks: z.union([z.array(diskReport).max(50), collectorError]),
  /** Memory usage, or the collector's error. */
  memory: z.union([z.object({ usedPercent: z.number().min(0).max(100) }), collectorError]),
  /** Errors in the app container's logs over 24 h, or the collector's error. */
  logs: z.union([
    z.object({
      /** Lines matching error|exception|traceback|critical in the last 24 h. */
      errorCount24h: z.number().int().nonnegative(),
      /** Lines saying "database is locked" in the last 24 h (runbook 3.1). */
      databaseLocked24h: z.number().int().nonnegative().default(0),
    }),
    collectorError,
  ]),
  /** Newest backup archive, null when none exists, or the collector's error. */
  backup: z.union([
    z.object({
      /** File name of the newest archive. */
      file: z.string().max(500),
      /** Age in hours. */
      ageHours: z.number().nonnegative(),
      /** Size in bytes. */
      sizeBytes: z.number().int().nonnegative(),
    }),
    z.null(),
    collectorError,
  ]),
  /** Redis PING answer. */
  redis: z.union([z.object({ pong: z.boolean(), reason: z.string().max(500).optional() }), collectorError]),
  /** Radicale (CalDAV) reachability. */
  radicale: z.union([reachability, collectorError]),
  /** Monitoring stack reachability; a missing key means not deployed. */
  monitoring: z
    .object({
      prometheus: reachability.optional(),
      grafana: reachability.optional(),
      loki: reachability.optional(),
    })
    .default({}),
  /** TLS endpoints (`AGENT_TLS_HOSTS`); absent from agents that predate it or have none configured. */
  tls: z.union([z.array(tlsReport).max(50), collectorError]).optional(),
});

/** One TLS endpoint's entry of the report. */
export type TlsReport = z.infer<typeof tlsReport>;

/** The agent's report, as validated. */
export type AgentReport = z.infer<typeof agentReport>;
/** The report as the agent builds it, before defaults are applied. */
export type AgentReportInput = z.input<typeof agentReport>;

/** True when a report section is a collector error rather than a value. */
export function isCollectorError(value: unknown): value is z.infer<typeof collectorError> {
  return typeof value === "object" && value !== null && "error" in value;
}
