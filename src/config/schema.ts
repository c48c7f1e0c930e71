import { z } from "zod";
import { FINDING_CODES, SEVERITIES } from "../checks/types";
import { freePlanExcess } from "./budget";
import { duration } from "./duration";

const severity = z.enum(SEVERITIES);
/** Escalation levels of the runbook's matrix. */
export const LEVELS = ["L1", "L2", "L3", "L4"] as const;
export type Level = (typeof LEVELS)[number];
const level = z.enum(LEVELS);

const httpUrl = z.url({ protocol: /^https?$/, error: "must be an http(s) URL" });

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

/** A planned window during which paging for a service is silenced. */
export const maintenanceWindowSchema = z
  .object({
    /** Start, ISO 8601 UTC. */
    start: z.iso.datetime({ offset: true }),
    /** End, ISO 8601 UTC. */
    end: z.iso.datetime({ offset: true }),
    /** Why: shown on the timeline and status page. */
    reason: z.string().min(1).max(500),
  })
  .refine((w) => Date.parse(w.end) > Date.parse(w.start), {
    message: "end must be after start",
    path: ["end"],
  });

/** Cloudflare's `locationHint` regions; a Durable Object is created near the one it is given. */
export const LOCATION_HINTS = ["wnam", "enam", "sam", "weur", "eeur", "apac", "oc", "afr", "me"] as const;
export type LocationHint = (typeof LOCATION_HINTS)[number];
const locationHint = z.enum(LOCATION_HINTS);

/** The cron period: a service probed this often or less is probed by the tick itself. */
export const TICK_PERIOD_MS = 60_000;

/** Opt-in second opinion: where the home probe runs, and where a failure is re-checked from. */
export const vantageSchema = z
  .object({
    /** Region of the service's own Durable Object, which runs the regular probes. */
    home: locationHint,
    /** Region of the second Durable Object that repeats the health check before a P1 opens. */
    second: locationHint,
  })
  .refine((v) => v.home !== v.second, { message: "second must differ from home", path: ["second"] });
export type Vantage = z.infer<typeof vantageSchema>;

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
  /** Probing thresholds. */
  thresholds: thresholdsSchema.default(thresholdsSchema.parse({})),
  /** Severity overrides per finding code. */
  severities: z.partialRecord(z.enum(FINDING_CODES), severity).default({}),
  /** Maintenance windows known at deploy time. */
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

/** Where one level is reached; a level may have both channels (the other is the fallback). */
export const contactSchema = z.discriminatedUnion("channel", [
  z.object({
    channel: z.literal("telegram"),
    /** Chat id (number) or @channel username. */
    chatId: z.union([z.number().int(), z.string().regex(/^-?\d+$|^@\w{4,}$/)]),
  }),
  z.object({
    channel: z.literal("email"),
    /** Recipient address. */
    to: z.email(),
  }),
]);
export type Contact = z.infer<typeof contactSchema>;

/** One step of an escalation policy. */
export const stepSchema = z.object({
  /** Delay from the time the incident reached its current severity. */
  after: duration,
  /** Level to page. */
  level,
  /** Condition for the step to fire when it comes due. */
  when: z.enum(["always", "unacknowledged", "unresolved"]),
});
export type Step = z.infer<typeof stepSchema>;

/** Escalation policy for one severity. */
export const policySchema = z.object({
  /** Timed steps. */
  steps: z.array(stepSchema).max(20),
  /** Remind L1 this often until acknowledged; omit for no reminders. */
  reminderEvery: duration.optional(),
  /** Flag a postmortem once the incident is open this long. */
  postmortemAfter: duration.optional(),
  /** Whether that postmortem is required or recommended. */
  postmortem: z.enum(["required", "recommended"]).optional(),
  /** SLA: time to acknowledge. */
  respondWithin: duration,
  /** SLA: time to resolve; omit for backlog. */
  resolveWithin: duration.optional(),
});
export type PolicyInput = z.input<typeof policySchema>;

/** The runbook's matrix (section 5) as data. */
export const DEFAULT_POLICIES: Record<"P1" | "P2" | "P3" | "P4", PolicyInput> = {
  P1: {
    steps: [
      { after: "0s", level: "L1", when: "always" },
      { after: "15m", level: "L2", when: "unacknowledged" },
      { after: "30m", level: "L3", when: "unresolved" },
      { after: "60m", level: "L4", when: "unresolved" },
    ],
    reminderEvery: "5m",
    postmortemAfter: "60m",
    postmortem: "required",
    respondWithin: "5m",
    resolveWithin: "1h",
  },
  P2: {
    steps: [
      { after: "0s", level: "L1", when: "always" },
      { after: "15m", level: "L2", when: "unacknowledged" },
      { after: "60m", level: "L2", when: "unresolved" },
    ],
    reminderEvery: "15m",
    postmortemAfter: "4h",
    postmortem: "recommended",
    respondWithin: "15m",
    resolveWithin: "4h",
  },
  P3: { steps: [{ after: "0s", level: "L1", when: "always" }], respondWithin: "1h", resolveWithin: "24h" },
  P4: { steps: [], respondWithin: "24h" },
};

/** The escalation matrix: who each level is and what each severity does. */
export const escalationSchema = z.object({
  /** Contacts per level; L1 is required. */
  levels: z
    .object({
      L1: z.array(contactSchema).min(1),
      L2: z.array(contactSchema).default([]),
      L3: z.array(contactSchema).default([]),
      L4: z.array(contactSchema).default([]),
    })
    .refine((levels) => Object.values(levels).every((c) => c.length <= 5), {
      message: "at most 5 contacts a level",
    }),
  /** Policy per severity; defaults are the runbook's matrix. */
  policies: z
    .object({
      P1: policySchema.default(policySchema.parse(DEFAULT_POLICIES.P1)),
      P2: policySchema.default(policySchema.parse(DEFAULT_POLICIES.P2)),
      P3: policySchema.default(policySchema.parse(DEFAULT_POLICIES.P3)),
      P4: policySchema.default(policySchema.parse(DEFAULT_POLICIES.P4)),
    })
    .default({
      P1: policySchema.parse(DEFAULT_POLICIES.P1),
      P2: policySchema.parse(DEFAULT_POLICIES.P2),
      P3: policySchema.parse(DEFAULT_POLICIES.P3),
      P4: policySchema.parse(DEFAULT_POLICIES.P4),
    }),
  /** A failure this soon after resolution reopens the same incident. */
  reopenWindow: duration.default(600_000),
});
export type Escalation = z.infer<typeof escalationSchema>;
export type Policy = z.infer<typeof policySchema>;

/** How notifications leave the Worker. */
export const notifySchema = z.object({
  /** Telegram Bot API base URL (tests point it at a loopback fake). */
  telegramApiBase: httpUrl.default("https://api.telegram.org"),
  /** Email provider: Cloudflare's send_email binding, or an HTTP API in the Resend style. */
  email: z
    .discriminatedUnion("provider", [
      z.object({ provider: z.literal("cloudflare"), from: z.email() }),
      z.object({
        provider: z.literal("http"),
        from: z.email(),
        /** API base URL; POST {apiBase}/emails. */
        apiBase: httpUrl,
      }),
      z.object({ provider: z.literal("none") }),
    ])
    .default({ provider: "none" }),
  /** Deliver to the local outbox instead of the real providers (demo and local runs). */
  outbox: z.boolean().default(false),
  /** Accept Telegram callback buttons through POST /telegram/webhook. */
  telegramWebhook: z
    .object({
      /** Telegram user ids allowed to press the buttons. */
      allowedUserIds: z.array(z.number().int()).min(1),
    })
    .optional(),
});

/** The configuration's fields, before the checks that span several of them. */
const configFields = z.object({
  /** Cloudflare Workers plan the watchdog runs on; on "free" a config beyond the Free limits is refused. */
  plan: z.enum(["free", "paid"]).default("free"),
  /** Language of messages and pages. */
  locale: z.enum(["ru", "en"]).default("ru"),
  /** Public base URL of this Worker, used in action links. */
  publicUrl: httpUrl,
  /** Watched services. */
  services: z
    .array(serviceSchema)
    .min(1)
    .max(200)
    // `when` runs the check even while other fields have errors, so every mistake is reported at once.
    .refine((s) => new Set(s.map((x) => x?.id)).size === s.length, {
      message: "service ids must be unique",
      when: (payload) => Array.isArray(payload.value),
    }),
  /** The escalation matrix. */
  escalation: escalationSchema,
  /** Notification channels. */
  notify: notifySchema.default(notifySchema.parse({})),
  /** Hour (UTC) of the daily report; 6 is 09:00 Moscow time. */
  dailyReportHourUtc: z.number().int().min(0).max(23).default(6),
  /** How many services one tick probes at once. */
  tickConcurrency: z.number().int().min(1).max(50).default(6),
  /** A gap longer than this between ticks is reported as the watchdog's own failure. */
  tickGapAlert: duration.default(180_000),
  /** Lifetime of signed action links. */
  linkTtl: duration.default(7 * 86_400_000),
  /** Optional outbound dead man's switch, pinged every tick. */
  heartbeatUrl: httpUrl.optional(),
});

/** Top-level fields the cost estimate reads; an error in any of them skips the plan check. */
const BUDGET_FIELDS = new Set<PropertyKey>(["services", "plan", "heartbeatUrl", "escalation", "notify"]);

/** The whole watchdog configuration: the single source of truth, parsed at startup. */
export const configSchema = configFields.superRefine(
  (config, ctx) => {
    if (config.plan !== "free") return;
    for (const message of freePlanExcess(config))
      ctx.addIssue({ code: "custom", path: ["services"], message });
  },
  // Runs beside errors elsewhere (publicUrl, say), but only on valid inputs to the estimate.
  {
    when: (payload) =>
      !payload.issues.some(
        (i) => (i.path ?? []).length === 0 || BUDGET_FIELDS.has(i.path?.[0] as PropertyKey),
      ),
  },
);

/** The parsed configuration. */
export type Config = z.infer<typeof configSchema>;
/** The configuration as written in wrangler.toml. */
export type ConfigInput = z.input<typeof configSchema>;
export type Service = z.infer<typeof serviceSchema>;
export type Thresholds = z.infer<typeof thresholdsSchema>;
