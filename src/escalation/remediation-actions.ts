import { REMEDIATION_ACTIONS } from "../config/auto-remediate";

/** The operator-confirmed remediation actions a link can ask the agent for (issue 14 item 3). */
export { REMEDIATION_ACTIONS };
/** "Restart bot" (the runbook's P1 step 2) or "Full restart" (step 3). */
export type RemediationAction = (typeof REMEDIATION_ACTIONS)[number];
