import * as z from "zod";
import { SEVERITIES } from "../checks/types";
import { duration } from "./duration";

/** One push heartbeat (dead man's switch): a job pings `/ping/<token>` at least every `period`. */
export const heartbeatSchema = z.object({
  /** Stable id within the service (its token is derived from it), e.g. "nightly-backup". */
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "lowercase letters, digits and dashes, up to 63"),
  /** How often the job runs: a ping is due this long after the last one. */
  period: duration.pipe(
    z
      .number()
      .min(60_000, "must be at least 1m")
      .max(31 * 86_400_000, "must be at most 31d"),
  ),
  /** How late a ping may be before it counts as missed. */
  grace: duration
    .pipe(
      z
        .number()
        .min(0)
        .max(7 * 86_400_000, "must be at most 7d"),
    )
    .default(3_600_000),
  /** Severity of `heartbeat_missed` and `heartbeat_failed` for this heartbeat. */
  severity: z.enum(SEVERITIES).default("P2"),
});
/** A parsed heartbeat. */
export type Heartbeat = z.infer<typeof heartbeatSchema>;

/** A service's heartbeats, ids unique. */
export const heartbeatsSchema = z
  .array(heartbeatSchema)
  .max(20)
  .refine((list) => new Set(list.map((h) => h?.id)).size === list.length, {
    message: "heartbeat ids must be unique",
    when: (payload) => Array.isArray(payload.value),
  })
  .default([]);
