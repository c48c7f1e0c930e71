import * as z from "zod";
import { duration } from "./duration";

/** The agent's remediation actions: "Restart bot" (the runbook's P1 step 2) and "Full restart" (step 3). */
export const REMEDIATION_ACTIONS = ["restart-app", "restart-stack"] as const;

/**
 * `autoRemediate`: the watchdog runs the runbook's first step itself when a P1 health outage is
 * still unacknowledged `after` its opening (issue 14 item 4). Off unless set; never acknowledges.
 */
export const autoRemediateSchema = z.strictObject({
  /** The agent action to run; the agent must allow it in `AGENT_ACTIONS`. */
  action: z.enum(REMEDIATION_ACTIONS).default("restart-app"),
  /** How long an unacknowledged P1 waits for a human first; at least 30 s, at most 1 h. */
  after: duration.pipe(z.number().min(30_000, "must be at least 30s").max(3_600_000, "must be at most 1h")),
  /** Automatic actions per incident. */
  maxPerIncident: z.number().int().min(1).max(3).default(1),
  /** Automatic actions per UTC day on this service. */
  maxPerDay: z.number().int().min(1).max(24).default(3),
});
/** A service's parsed `autoRemediate`. */
export type AutoRemediate = z.infer<typeof autoRemediateSchema>;

/** Refuses `autoRemediate` on a service without an agent: there would be nobody to ask. */
export const autoRemediateCheck = z.superRefine<{
  services: readonly { agentUrl?: string | undefined; autoRemediate?: AutoRemediate | undefined }[];
}>(
  (config, ctx) => {
    config.services.forEach((s, i) => {
      if (s.autoRemediate && !s.agentUrl)
        ctx.addIssue({
          code: "custom",
          path: ["services", i, "autoRemediate"],
          message: "needs the service's agentUrl: the restart is the agent's",
        });
    });
  },
  { when: (payload) => Array.isArray((payload.value as { services?: unknown } | undefined)?.services) },
);
