import type { Severity } from "../checks/types";
import type { PolicyInput } from "./policy";

/** The runbook's matrix (section 5) as data: what each severity does when the config says nothing. */
export const DEFAULT_POLICIES: Record<Severity, PolicyInput> = {
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
