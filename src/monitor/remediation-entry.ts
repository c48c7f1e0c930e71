import type { Level } from "../config/schema";
import type { AutoLog } from "../escalation/core";
import type { RemediationAction } from "../escalation/remediation-actions";

/** The object's latest remediation: asked for, then watched by re-probes until it settles. */
export interface RemediationRecord {
  incidentId: string;
  epoch: number;
  action: RemediationAction;
  /** Who asked, and when the POST came. */
  by: string;
  at: number;
  /** Running: the agent is at it; watching: re-probing; done: settled. */
  phase: "running" | "watching" | "done";
  /** What the agent said. */
  detail?: string;
  /** The next re-probe, and when the re-probes end. */
  nextProbeAt?: number;
  until?: number;
  /** Started by the watchdog itself (`autoRemediate`), not by an operator. */
  auto?: boolean;
  /** The automatic actions so far, carried from record to record (issue 14 item 4). */
  autoLog?: AutoLog;
}

/** What the notice to everyone already paged says (rendered by the durable adapter). */
export interface RemediationNotice {
  serviceName: string;
  incidentId: string;
  epoch: number;
  action: RemediationAction;
  by: string;
  at: number;
  outcome: "healthy" | "still_failing";
  seconds: number;
  /** The service has no `/health` (watched by its general checks). */
  checksOnly?: boolean;
  detail: string;
  /** Everyone already paged gets it. */
  levels: Level[];
  /** A failed "Restart bot" offers "Full restart". */
  offerFullRestart: boolean;
}

/** The timeline note a watch that ran out leaves; the incident page offers "Full restart" after it. */
export function stillFailingNote(action: RemediationAction): string {
  return `${action}: still failing`;
}
