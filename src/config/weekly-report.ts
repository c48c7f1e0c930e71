import * as z from "zod";

/** `weeklyReport`: the week's uptime, incidents and SLA by email to L2 (issue 15). */
export const weeklyReportSchema = z.object({
  /** Send it at all. */
  enabled: z.boolean().default(true),
  /** UTC day of the week it is sent on: 0 Sunday … 6 Saturday; 1 (Monday) by default. */
  dayUtc: z.number().int().min(0).max(6).default(1),
  /** UTC hour it is sent in. */
  hourUtc: z.number().int().min(0).max(23).default(6),
});
/** The parsed `weeklyReport`. */
export type WeeklyReport = z.infer<typeof weeklyReportSchema>;
