/** The operator-confirmed remediation actions a link can ask the agent for (issue 14 item 3). */
export const REMEDIATION_ACTIONS = ["restart-app", "restart-stack"] as const;
/** "Restart bot" (the runbook's P1 step 2) or "Full restart" (step 3). */
export type RemediationAction = (typeof REMEDIATION_ACTIONS)[number];
