import * as z from "zod";
import { FINDING_CODES, SEVERITIES } from "../checks/types";
import { TICK_PERIOD_MS } from "./cadence";
import { duration } from "./duration";
import { httpUrl } from "./http-url";
import { maintenanceWindowSchema } from "./maintenance";
import { vantageSchema } from "./vantage";

/** Per-service probing thresholds; every field has the SPEC's default. */
export const thresholdsSchema = z.object({
  /** Consecutive failing probes before an incident opens. */
  failureThreshold: z.number().int().min(1).max(100).default(5),
  /** Consecutive passing probes before an incident auto-resolves. */
  recoveryThreshold: z.number().int().min(1).max(100).default(2),
  /** Delay between quick re-checks while a failure is being confirmed. */
  recheckInterval: duration.default(5_000),
  /** Per-request timeout of a probe. */
  timeout: duration.default(5_000),
  /** `/health` slower than this is a `health_slow` finding. */
  slowHealth: duration.default(2_000),
  /** App `timestamp` further than this from the watchdog's clock is `clock_skew`. */
  maxClockSkew: duration.default(300_000),
  /** Disk usage percent for `disk_high` (P3). */
  diskHighPercent: z.number().min(0).max(100).default(90),
  /** Disk usage percent for `disk_critical` (P2). */
  diskCriticalPercent: z.number().min(0).max(100).default(95),
  /** Memory usage percent for `memory_high`. */
  memoryHighPercent: z.number().min(0).max(100).default(90),
  /** Log errors over 24 h above which `log_errors` fires. */
  logErrors24h: z.number().int().min(0).default(50),
  /** Newest backup older than this many hours is `backup_stale`. */
  backupMaxAgeHours: z.number().min(0).default(25),
  /** Newest backup smaller than this is `backup_small`. */
  backupMinBytes: z.number().int().min(0).default(1000),
  /** An agent report collected longer ago than this means the agent is stuck (`agent_unreachable`). */
  agentReportMaxAge: duration.default(600_000),
  /** Restart count at which a recently started container counts as restart-looping. */
  restartLoopCount: z.number().int().min(1).default(5),
});
/** A service's thresholds, defaults filled in. */
export type Thresholds = z.infer<typeof thresholdsSchema>;

/** One watched service. */
export const serviceSchema = z.object({
  /** Stable id: names the Durable Object and appears in URLs. */
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "lowercase letters, digits and dashes, up to 63"),
  /** Display name used in messages. */
  name: z.string().min(1).max(200),
  /** Public health endpoint. */
  healthUrl: httpUrl,
  /** Authenticated agent endpoint on the server; omit when no agent runs. */
  agentUrl: httpUrl.optional(),
  /** Container that runs the app itself (its failure is P1). */
  appContainer: z.string().min(1).default("telegram-bot"),
  /** Containers of dependencies (their failure is P2). */
  dependencyContainers: z.array(z.string().min(1)).default(["calendar-redis", "radicale-calendar"]),
  /** Probing thresholds; an omitted object gets every field's default. */
  thresholds: thresholdsSchema.prefault({}),
  /** Severity overrides per finding code. */
  severities: z.partialRecord(z.enum(FINDING_CODES), z.enum(SEVERITIES)).default({}),
  /** Maintenance windows known at deploy time, each at most `maxMaintenance` long. */
  maintenance: z.array(maintenanceWindowSchema).default([]),
  /**
   * Time between regular probes, 10 s to 60 s. At 60 s the cron tick probes the service; below
   * that its Durable Object probes itself on its alarm and the tick only supervises.
   */
  probeEvery: duration
    .pipe(
      z
        .number()
        .min(10_000, "must be at least 10s")
        .max(TICK_PERIOD_MS, "must be at most 60s (the cron tick already probes every minute)"),
    )
    .default(TICK_PERIOD_MS),
  /** Second-vantage confirmation of P1 health failures; off unless set. */
  vantage: vantageSchema.optional(),
});
/** One watched service as parsed, defaults filled in. */
export type Service = z.infer<typeof serviceSchema>;
