import * as z from "zod";
import { DEFAULT_POLICIES } from "./default-policies";
import { duration } from "./duration";
import { contactSchema } from "./notify";
import { policySchema } from "./policy";

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
  /**
   * Policy per severity; an omitted one is the runbook's. `prefault` parses the default like
   * written input, so the durations stay written once, in DEFAULT_POLICIES.
   */
  policies: z
    .object({
      P1: policySchema.prefault(DEFAULT_POLICIES.P1),
      P2: policySchema.prefault(DEFAULT_POLICIES.P2),
      P3: policySchema.prefault(DEFAULT_POLICIES.P3),
      P4: policySchema.prefault(DEFAULT_POLICIES.P4),
    })
    .prefault({}),
  /** A failure this soon after resolution reopens the same incident. */
  reopenWindow: duration.default(600_000),
});
/** The parsed escalation matrix, the runbook's policies filled in. */
export type Escalation = z.infer<typeof escalationSchema>;
