import * as z from "zod";
import { duration } from "./duration";

/** Escalation levels of the runbook's matrix. */
export const LEVELS = ["L1", "L2", "L3", "L4"] as const;
/** An escalation level, L1 (first responder) to L4. */
export type Level = (typeof LEVELS)[number];

/** One step of an escalation policy. */
export const stepSchema = z.object({
  /** Delay from the time the incident reached its current severity. */
  after: duration,
  /** Level to page. */
  level: z.enum(LEVELS),
  /** Condition for the step to fire when it comes due. */
  when: z.enum(["always", "unacknowledged", "unresolved"]),
});
/** A parsed escalation step, its delay in milliseconds. */
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
/** A parsed policy, its durations in milliseconds. */
export type Policy = z.infer<typeof policySchema>;
/** A policy as written in the config, durations as "15m" or seconds. */
export type PolicyInput = z.input<typeof policySchema>;
