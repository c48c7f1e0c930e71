/**
 * The watchdog's configuration: the top-level fields here, each topic in its own module, all
 * of them re-exported so this stays the one place the rest of the code imports config from.
 */
import * as z from "zod";
import { resolveAuto } from "./auto-cadence";
import { autoRemediateCheck } from "./auto-remediate";
import { PLANS } from "./budget";
import { duration } from "./duration";
import { escalationSchema } from "./escalation";
import { httpUrl } from "./http-url";
import { DEFAULT_MAX_MAINTENANCE, maintenanceLengthCheck } from "./maintenance";
import { notifySchema } from "./notify";
import { freePlanCheck } from "./plan-check";
import { publicChatCheck } from "./public-chat";
import { publicStatusCheck, publicStatusSchema } from "./public-status";
import { serviceSchema } from "./service";
import { trafficSchema } from "./traffic";
import { weeklyReportSchema } from "./weekly-report";

export { TICK_PERIOD_MS } from "./cadence";
export { DEFAULT_POLICIES } from "./default-policies";
export { type Escalation, escalationSchema } from "./escalation";
export { maintenanceInstantMs, maintenanceTooLong, maintenanceWindowSchema } from "./maintenance";
export { type Contact, contactSchema, notifySchema } from "./notify";
export {
  LEVELS,
  type Level,
  type Policy,
  type PolicyInput,
  policySchema,
  type Step,
  stepSchema,
} from "./policy";
export { isPublicChat } from "./public-chat";
export type { PublicStatus } from "./public-status";
export {
  type Service,
  serviceSchema,
  type Thresholds,
  thresholdsSchema,
} from "./service";
export { LOCATION_HINTS, type LocationHint, type VantageSetting, vantageSchema } from "./vantage";

/** The configuration's fields, before the checks that span several of them. */
const configFields = z.object({
  /** Cloudflare Workers plan the watchdog runs on; on "free" a config beyond the Free limits is refused. */
  plan: z.enum(PLANS).default("free"),
  /** Language of messages and pages. */
  locale: z.enum(["ru", "en"]).default("ru"),
  /** Public base URL of this Worker, used in action links. */
  publicUrl: httpUrl,
  /** Watched services. */
  services: z
    .array(serviceSchema)
    .min(1)
    .max(1000)
    // `when` runs the check even while other fields have errors, so every mistake is reported at once.
    .refine((s) => new Set(s.map((x) => x?.id)).size === s.length, {
      message: "service ids must be unique",
      when: (payload) => Array.isArray(payload.value),
    }),
  /** The escalation matrix. */
  escalation: escalationSchema,
  /** Notification channels; an omitted object gets every field's default. */
  notify: notifySchema.prefault({}),
  /** Hour (UTC) of the daily report; 6 is 09:00 Moscow time. */
  dailyReportHourUtc: z.number().int().min(0).max(23).default(6),
  /** The weekly SLA report by email to L2 (issue 15): Monday 06:00 UTC unless set. */
  weeklyReport: weeklyReportSchema.prefault({}),
  /** Ignored since every object probes its own service (issue 17 item 2); kept so older configs load. */
  tickConcurrency: z.number().int().min(1).max(50).default(6),
  /** A gap longer than this between ticks is reported as the watchdog's own failure. */
  tickGapAlert: duration.default(180_000),
  /** Longest maintenance window, in config and through the API (paging is silenced meanwhile). */
  maxMaintenance: duration
    .pipe(
      z
        .number()
        .min(60_000, "must be at least 1m")
        .max(90 * 86_400_000, "must be at most 90d"),
    )
    .default(DEFAULT_MAX_MAINTENANCE),
  /** Lifetime of signed action links. */
  linkTtl: duration.default(7 * 86_400_000),
  /** Optional outbound dead man's switch, pinged every tick. */
  heartbeatUrl: httpUrl.optional(),
  /** A demo config for this machine only: the Worker answers 503 `demo_config` off loopback, and deploy refuses it. */
  localOnly: z.boolean().default(false),
  /** The public status page, off by default (issue 15). */
  publicStatus: publicStatusSchema.prefault({}),
  /** HTTP traffic the cost estimate counts: `/metrics` scrapes and status views (issue 17 item 5). */
  traffic: trafficSchema.prefault({}),
});

/** The whole watchdog configuration: the single source of truth, parsed at startup. */
export const configSchema = configFields
  .check(freePlanCheck, publicChatCheck, maintenanceLengthCheck, publicStatusCheck, autoRemediateCheck)
  .transform(resolveAuto);

/** The parsed configuration. */
export type Config = z.infer<typeof configSchema>;
/** The configuration as written in wrangler.toml. */
export type ConfigInput = z.input<typeof configSchema>;
