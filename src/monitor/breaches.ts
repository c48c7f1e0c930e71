import { breachesAdded, type ServiceState } from "../escalation/core";
import type { Count } from "./ports";

/** Counts the SLA breaches a decision added, for /metrics; best effort, never throws. */
export async function countBreaches(count: Count, before: ServiceState, after: ServiceState): Promise<void> {
  const breaches = breachesAdded(before, after);
  if (!breaches) return;
  try {
    await count("sla_breaches", { severity: breaches.severity }, breaches.added);
  } catch (error) {
    // Metrics only: the state is committed and its actions must still be delivered.
    console.error(
      `metrics: counting SLA breaches failed: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
