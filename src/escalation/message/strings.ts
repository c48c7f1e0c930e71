import type { Finding, FindingCode, Severity } from "../../checks/types";
import type { IncidentStatus, NotifyKind, SlaBreach, TimelineKind } from "../types";
import type { DeliveryFailureInfo } from "./types";

/** Which SLA clock a line is about. */
export type SlaClock = SlaBreach["kind"];

/** Every user-visible string of incident messages in one language; both languages implement all of it. */
export interface Strings {
  severityName: Record<Severity, string>;
  kind: Record<NotifyKind, string>;
  status: Record<IncidentStatus, string>;
  timeline: Record<TimelineKind, string>;
  /** Describes a finding from its code and measured fields (the raw `reason` is appended by the caller). */
  finding: Record<FindingCode, (f: Finding) => string>;
  label: {
    severity: string;
    service: string;
    time: string;
    incident: string;
    level: string;
    status: string;
    duration: string;
    symptoms: string;
    actions: string;
    needed: string;
    sla: string;
    runbook: string;
    noSymptoms: string;
    details: string;
  };
  button: { acknowledge: string; resolve: string; open: string; restart: string };
  omittedActions: (n: number) => string;
  omittedSymptoms: (n: number) => string;
  duration: (ms: number) => string;
  /** First "actions taken" line: what the watchdog itself did. */
  autoChecks: string;
  need: {
    acknowledge: (by?: string) => string;
    diagnose: string;
    takeOver: string;
    resolve: (by?: string) => string;
    postmortem: Record<"required" | "recommended", string>;
    nothing: string;
    checkChannel: (f: DeliveryFailureInfo) => string;
    watchdogGap: string;
    slaBreached: string;
  };
  clock: Record<SlaClock, string>;
  sla: {
    due: (clock: string, at: string, left: string) => string;
    met: (clock: string, at: string, took: string) => string;
    missed: (clock: string, deadline: string, late: string) => string;
    backlog: (clock: string) => string;
    breaches: (list: string) => string;
  };
  failure: (f: DeliveryFailureInfo) => string;
  /** The watchdog's own gap: no cron checks for `minutes` minutes since `since` (ISO UTC). */
  gap: { title: string; text: (minutes: number, since: string) => string };
  /** The agent's diagnostics follow-up (issue 14 item 1). */
  diagnostics: { title: string; unavailable: string; more: string };
  /** What an operator-confirmed action did (issue 14 item 3); `at` is HH:MM UTC. */
  remediation: {
    action: Record<"restart-app" | "restart-stack", string>;
    healthy: (action: string, by: string, at: string, seconds: number) => string;
    /** `healthy` for a service without `/health`, watched by its general checks (issue 16 item 3). */
    checksPassing: (action: string, by: string, at: string, seconds: number) => string;
    stillFailing: (action: string, by: string, at: string, detail: string) => string;
    fullRestart: string;
    open: string;
  };
}
