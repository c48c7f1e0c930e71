import * as z from "zod";
import { FINDING_CODES, SEVERITIES } from "../checks/types";
import { autoRemediateSchema } from "./auto-remediate";
import { TICK_PERIOD_MS } from "./cadence";
import { checkSchema } from "./checks";
import { resolveConfirmation } from "./confirmation";
import { duration } from "./duration";
import { heartbeatsSchema } from "./heartbeats";
import { httpUrl } from "./http-url";
import { maintenanceWindowSchema } from "./maintenance";
import { vantageSchema } from "./vantage";

/**
 * Per-service probing thresholds; every field has the SPEC's default. The confirmation fields
 * resolve to one rule (src/config/confirmation.ts): by time by default, by count alone when a
 * config sets only the older `failureThreshold`/`recoveryThreshold`/`recheckInterval`.
 */
export const thresholdsSchema = z
  .object({
    /** Blip tolerance: failures must span this long (and number `failureThreshold`) to confirm. */
    confirmFor: duration.pipe(z.number().max(300_000, "must be at most 5m")).optional(),
    /** Passes must span this long (and number `recoveryThreshold`) to auto-resolve. */
    recoverFor: duration.pipe(z.number().max(300_000, "must be at most 5m")).optional(),
    /** Consecutive failing probes before an incident opens (7 with `confirmFor`, 5 in the older form). */
    failureThreshold: z.number().int().min(1).max(100).optional(),
    /** Consecutive passing probes before an incident auto-resolves (3 with `recoverFor`, 2 in the older form). */
    recoveryThreshold: z.number().int().min(1).max(100).optional(),
    /** Delay between quick re-checks while confirming (`confirmFor / (failureThreshold − 1)`, or 5 s in the older form). */
    recheckInterval: duration.pipe(z.number().min(100, "must be at least 100ms")).optional(),
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
  })
  .transform(({ confirmFor, recoverFor, failureThreshold, recoveryThreshold, recheckInterval, ...rest }) => ({
    ...rest,
    ...resolveConfirmation({ confirmFor, recoverFor, failureThreshold, recoveryThreshold, recheckInterval }),
  }));
/** A service's thresholds, defaults filled in. */
export type Thresholds = z.infer<typeof thresholdsSchema>;

/** A fixed cadence: 10 s to 60 s. */
const cadence = duration.pipe(
  z
    .number()
    .min(10_000, "must be at least 10s")
    .max(TICK_PERIOD_MS, "must be at most 60s (the cron tick already probes every minute)"),
);

/** One watched service's fields; `serviceSchema` adds the rules across them. */
const serviceFields = z.object({
  /** Stable id: names the Durable Object and appears in URLs. */
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "lowercase letters, digits and dashes, up to 63"),
  /** Display name used in messages. */
  name: z.string().min(1).max(200),
  /** Public health endpoint; may be omitted when the service has `checks` (probed through them alone). */
  healthUrl: httpUrl.optional(),
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
   * Time between regular probes, 10 s to 60 s, or "auto": the fastest that keeps the whole
   * config within the plan's limits with headroom (src/config/auto-cadence.ts). The service's
   * Durable Object makes every probe: at 60 s when the cron tick's supervise call comes, below
   * that on its own alarm.
   */
  probeEvery: z
    .union([z.string(), z.number()])
    .transform((value, ctx): number | "auto" => {
      if (value === "auto") return "auto";
      const parsed = cadence.safeParse(value);
      if (parsed.success) return parsed.data;
      for (const issue of parsed.error.issues) {
        const hint = issue.message.startsWith("not a duration") ? ' or "auto"' : "";
        ctx.addIssue({ code: "custom", message: `${issue.message}${hint}` });
      }
      return z.NEVER;
    })
    .default("auto"),
  /** Second-vantage confirmation of P1 health failures; off unless set. */
  vantage: vantageSchema.optional(),
  /** General checks beside or instead of `/health`: `http`, `tcp` and `dns` (src/config/checks.ts). */
  checks: z.array(checkSchema).max(20).default([]),
  /** Push heartbeats of the server's jobs, pinged at `/ping/<token>` (src/config/heartbeats.ts). */
  heartbeats: heartbeatsSchema,
  /** The runbook's first step done by the watchdog itself, off unless set (src/config/auto-remediate.ts). */
  autoRemediate: autoRemediateSchema.optional(),
});

/** One watched service: something must be probed, `/health` or general checks (issue 16 item 3). */
export const serviceSchema = serviceFields.superRefine((service, ctx) => {
  if (service.healthUrl !== undefined) return;
  if (service.checks.length === 0)
    ctx.addIssue({ code: "custom", path: ["healthUrl"], message: "required unless the service has checks" });
  // The second vantage repeats the `/health` request; without one it would silently do nothing.
  if (service.vantage !== undefined)
    ctx.addIssue({
      code: "custom",
      path: ["vantage"],
      message: "needs healthUrl (the second vantage re-checks /health)",
    });
});

/**
 * One watched service as parsed, defaults filled in, `probeEvery` resolved to milliseconds
 * (`probeAuto` when the config said "auto"; see `resolveAuto`).
 */
export type Service = Omit<z.infer<typeof serviceSchema>, "probeEvery"> & {
  probeEvery: number;
  probeAuto?: true;
};
