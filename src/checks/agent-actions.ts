import * as z from "zod";
import { incidentRef } from "./diagnostics.ts";

/** The remediation actions an agent can run: the runbook's P1 step 2 and step 3. */
export const agentActionName = z.enum(["restart-app", "restart-stack"]);
/** A remediation action's name. */
export type AgentActionName = z.infer<typeof agentActionName>;

/** Body of `POST <actions>/<name>`; its SHA-256 is part of the signature. */
export const agentActionRequest = z.strictObject({
  /** Incident the action is for; logged, never passed to a command. */
  incident: incidentRef,
  /** Who asked: the operator's name, or "auto"; logged only. */
  by: z
    .string()
    .regex(/^[\p{L}\p{N} ._@-]{1,64}$/u, "must be a short name")
    .default("watchdog"),
});
/** Body of an action request. */
export type AgentActionRequest = z.input<typeof agentActionRequest>;

/** How an action request ended. */
export const actionOutcome = z.enum([
  "healthy",
  "failed",
  "unauthorized",
  "bad_request",
  "unknown_action",
  "disabled",
  "busy",
  "rate_limited",
]);
/** How an action request ended. */
export type ActionOutcome = z.infer<typeof actionOutcome>;

/** The audit line an action request leaves in the agent's log and in its answer. */
export const actionAudit = z.object({
  /** Action named in the path (only a known name or "unknown"). */
  action: z.string().max(40),
  /** Incident named in the body, once the signature was verified. */
  incident: z.string().max(120).optional(),
  /** Who asked, once the signature was verified. */
  by: z.string().max(64).optional(),
  /** Client address the request came from. */
  client: z.string().max(100),
  /** How it ended. */
  outcome: actionOutcome,
  /** HTTP status of the answer. */
  status: z.number().int(),
  /** Time from request to answer, in milliseconds. */
  durationMs: z.number().int().nonnegative(),
  /** What happened, for the timeline (e.g. "healthy after 12 s"). */
  detail: z.string().max(500).optional(),
});
/** One audit line. */
export type ActionAudit = z.infer<typeof actionAudit>;

/** The agent's answer to an action request, whatever its status. */
export const agentActionAnswer = z.object({ audit: actionAudit });
