import type { Finding, FindingCode, Severity } from "../../checks/types";
import type { Escalation, Level, Policy, Thresholds } from "../../config/schema";
import type { IncidentView } from "../types";

/** Consecutive-probe counters of one finding code (P1–P3 only). */
export interface FindingTrack {
  /** The latest findings with this code (one per subject). */
  findings: Finding[];
  /** Consecutive probes that showed the code. */
  seen: number;
  /** When the first of those probes ran: failures must span `confirmFor` (absent in older states). */
  since?: number;
  /** Consecutive probes without the code since it was confirmed. */
  missed: number;
  /** When the first of those probes ran: passes must span `recoverFor`. */
  missedSince?: number;
  /** True once `seen` reached the failure threshold. */
  confirmed: boolean;
}

/** A step already sent in the current epoch: later steps to the same level at the same or lower `after` are skipped. */
export interface SentStep {
  level: Level;
  after: number;
}

/** Everything the core keeps about one incident: its public face (`IncidentView`) and the bookkeeping. */
export interface IncidentState extends IncidentView {
  /** When the current epoch began (open or reopen); SLA deadlines count from here. */
  epochStartedAt: number;
  /** When the incident reached its current severity (or paging resumed); steps count from here. */
  severitySince: number;
  /**
   * When each severity was first reached since paging (re)started: a return to a severity keeps
   * its clock, so a flapping severity never postpones a step (absent in older states).
   */
  since?: Partial<Record<Severity, number>>;
  /** Deadlines of this epoch already met or breached. */
  slaDone: { respond: boolean; resolve: boolean };
  /** The policies frozen at open; config edits never reach a running incident. */
  policies: Record<Severity, Policy>;
  /** Reopen window frozen at open. */
  reopenWindow: number;
  /** Every severity this incident has had (postmortem rules of each apply). */
  reached: Severity[];
  /** False until the epoch's first page (or reopen notice) has gone out; maintenance delays it. */
  announced: boolean;
  /** True while a maintenance window silences paging for this incident. */
  silenced: boolean;
  sent: SentStep[];
  /** Steps already handled since paging (re)started (`P1.2`), sent or skipped. */
  done: string[];
  nextReminderAt?: number;
  /** Reminders sent this epoch (the reminder key index). */
  reminders: number;
  /** Severity rises announced this epoch (the severity_raised key index). */
  raises: number;
  /** The severity the people paged last heard of; a rise past it is announced once paging is allowed. */
  heard?: Severity;
  /** Non-reminder notify keys emitted this epoch; reminders are guarded by their counter. */
  emitted: string[];
}

/** The whole per-service state; JSON-serialisable, stored by the Durable Object as one value. */
export interface ServiceState {
  version: 1;
  serviceId: string;
  /** Counters per finding code. */
  tracks: Partial<Record<FindingCode, FindingTrack>>;
  /**
   * Consecutive probes with a finding at this severity or a more severe one, whatever its code:
   * a service failing by turns with different codes is still failing (absent in older states).
   */
  streaks?: Partial<Record<Severity, number>>;
  /** When each of those streaks began. */
  streakSince?: Partial<Record<Severity, number>>;
  /** The open or acknowledged incident, or the last resolved one. */
  incident?: IncidentState;
  /** When the next quick re-check probe is due. */
  recheckAt?: number;
  /** When the last probe started (any probe: tick, cadence or re-check). */
  lastProbeAt?: number;
  /** When the object's next regular probe is due; only while it probes itself (`ctx.cadence`). */
  nextProbeAt?: number;
  /** App version from the last healthy `/health` body. */
  lastVersion?: string;
  /** Incidents opened so far (the id counter). */
  incidentCount: number;
  /** The maintenance window active at the last decide. */
  silence?: { reason: string; until: number };
  /** `ctx.now` of the last decide. */
  now?: number;
}

/** What `decide` needs besides state and event; time comes only from `now`. */
export interface DecideContext {
  now: number;
  serviceName: string;
  /** The confirmation rule; absent spans mean the count-only rule. */
  thresholds: Pick<Thresholds, "failureThreshold" | "recoveryThreshold" | "recheckInterval"> &
    Partial<Pick<Thresholds, "confirmFor" | "recoverFor">>;
  /**
   * Set when the object probes the service itself this often (sub-minute `probeEvery`, or a
   * second vantage); absent when the cron tick brings the probes.
   */
  cadence?: number;
  escalation: Pick<Escalation, "policies" | "reopenWindow">;
  /** Active maintenance window: incidents still open and the timeline records, but nothing is sent. */
  silenced?: { reason: string; until: number };
}

/** A fresh state for a service that has never been probed. */
export function initialState(serviceId: string): ServiceState {
  return { version: 1, serviceId, tracks: {}, incidentCount: 0 };
}
