import * as z from "zod";
import { parseDuration } from "./duration";

/** What the estimate assumes when `traffic` (or one of its fields) is left out. */
export const TRAFFIC_DEFAULTS = { scrapeEvery: 15_000, statusViewsPerDay: 20 } as const;

/** A scrape interval: a duration of at least 1 s, or "off" when nothing scrapes /metrics. */
const scrapeEvery = z.union([z.string(), z.number()]).transform((value, ctx): number | "off" => {
  if (value === "off") return "off";
  const ms = parseDuration(value);
  if (ms === undefined || ms < 1_000) {
    ctx.addIssue({
      code: "custom",
      message: `not a scrape interval: ${JSON.stringify(value)} (use e.g. "15s", or "off" when nothing scrapes /metrics)`,
    });
    return z.NEVER;
  }
  return ms;
});

/**
 * HTTP traffic to the Worker that the cost estimate counts beside the cron (issue 17 item 5).
 * It changes nothing the watchdog does; `config:check` and the Free plan check read it.
 */
export const trafficSchema = z.object({
  /** How often Prometheus scrapes `/metrics` ("15s"), or "off" when nothing does. */
  scrapeEvery: scrapeEvery.default(TRAFFIC_DEFAULTS.scrapeEvery),
  /** Views of the admin status page (`/status`) a day; each reads every service's history. */
  statusViewsPerDay: z
    .number()
    .int("must be a whole number")
    .min(0)
    .max(1_000_000)
    .default(TRAFFIC_DEFAULTS.statusViewsPerDay),
});

/** The parsed traffic assumptions: `scrapeEvery` in milliseconds or "off". */
export type Traffic = z.infer<typeof trafficSchema>;
