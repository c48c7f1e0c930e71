import * as z from "zod";
import { resolveAuto } from "./auto-cadence";
import type { Plan } from "./budget";
import { freePlanExcess } from "./budget-cost";
import type { TrafficInput } from "./budget-traffic";
import type { Service } from "./service";

/** Top-level fields the cost estimate reads; an error in any of them skips the plan check. */
const BUDGET_FIELDS = new Set<PropertyKey>([
  "services",
  "plan",
  "heartbeatUrl",
  "escalation",
  "notify",
  "traffic",
]);

/** On the Free plan, refuses a config whose healthy estimate already exceeds a Workers Free limit. */
export const freePlanCheck = z.superRefine<
  Omit<TrafficInput, "services"> & {
    plan: Plan;
    services: (Omit<Service, "probeEvery"> & { probeEvery: number | "auto" })[];
  }
>(
  (config, ctx) => {
    if (config.plan !== "free") return;
    for (const message of freePlanExcess(resolveAuto(config)))
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
