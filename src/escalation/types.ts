import type { Finding, ProbeResult, Severity } from "../checks/types";
import type { Level } from "../config/schema";

/** Lifecycle of an incident. */
export type IncidentStatus = "open" | "acknowledged" | "resolved";

/** Kinds of timeline entries; every event the SPEC lists. */
export type TimelineKind =
  | "opened"
  | "reopened"
  | "finding"
  | "finding_cleared"
  | "notified"
  | "notify_failed"
  | "acknowledged"
  | "note"
  | "escalated"
  | "reminder"
  | "severity_raised"
  | "severity_lowered"
  | "sla_breach"
  | "postmortem"
  | "maintenance"
  | "version_changed"
  | "resolved";

/** One line of an incident's timeline. */
export interface TimelineEntry {
  /** Epoch milliseconds (rendered as UTC). */
  at: number;
  kind: TimelineKind;
  /** Who or what caused it: "watchdog", "alice (L1)", "telegram:12345". */
  by: string;
  /** Human-readable detail, never a secret. */
  text: string;
  /** Extra facts for actions taken through the HTTP door. */
  meta?: { ip?: string; userAgent?: string; level?: string; channel?: string };
}

/** A breached SLA deadline. */
export interface SlaBreach {
  kind: "respond" | "resolve";
  /** When the deadline passed. */
  at: number;
}

/** A read-only snapshot of one incident: what messages, pages and the API show. */
export interface IncidentView {
  id: string;
  /** Increments when a resolved incident reopens; links of older epochs are refused. */
  epoch: number;
  serviceId: string;
  serviceName: string;
  status: IncidentStatus;
  severity: Severity;
  openedAt: number;
  acknowledgedAt?: number;
  acknowledgedBy?: string;
  resolvedAt?: number;
  /** "auto" for automatic recovery. */
  resolvedBy?: string;
  /** Findings currently confirmed. */
  findings: Finding[];
  /** Levels paged so far (everyone here gets recovery, acknowledge and resolve notices). */
  paged: Level[];
  slaBreaches: SlaBreach[];
  /** Deadlines from the frozen policy of the current severity. */
  sla: { respondBy?: number; resolveBy?: number };
  postmortem?: "required" | "recommended";
  /** Most recent last; bounded. */
  timeline: TimelineEntry[];
}

/** What a notification is about. */
export type NotifyKind =
  | "page"
  | "escalation"
  | "reminder"
  | "severity_raised"
  | "reopened"
  | "acknowledged"
  | "resolved"
  | "sla_breach"
  | "delivery_failed"
  | "watchdog_gap"
  | "daily_report"
  | "weekly_report"
  /** The agent's diagnostics snapshot, following the page (issue 14). */
  | "diagnostics"
  /** What an operator-confirmed restart did, to everyone already paged (issue 14 item 3). */
  | "remediation";

/** An action the decision core asks the edge to carry out. */
export type Action = {
  type: "notify";
  /** Idempotency key: the same key is never delivered twice. */
  key: string;
  kind: NotifyKind;
  level: Level;
  incidentId: string;
  epoch: number;
  /** The step's condition, for a step: a retry after the condition stopped holding is dropped. */
  when?: "always" | "unacknowledged" | "unresolved";
};

/** Which incident and epoch an operator action targets (from a signed link or a button). */
export interface ActionTarget {
  incidentId: string;
  epoch: number;
}

/** Why an operator action changed nothing. */
export type ActionRefusal =
  | "no_such_incident"
  | "stale_epoch"
  | "already_acknowledged"
  | "already_resolved"
  /** The watchdog cannot act right now (no valid config for the service). */
  | "unavailable";

/** Who performed an operator action and from where. */
export interface Actor {
  /** Display name, e.g. "alice" or "telegram:12345". */
  by: string;
  /** Level of the link's recipient, when acting through a link. */
  level?: Level;
  ip?: string;
  userAgent?: string;
}

/** A planned window during which paging for one service is silenced. */
export interface MaintenanceWindow {
  id: string;
  serviceId: string;
  /** Epoch milliseconds. */
  start: number;
  end: number;
  reason: string;
  /** "config" for windows from wrangler.toml, else who created it through the API. */
  createdBy: string;
}

/** Events the decision core consumes. */
export type Event =
  | { type: "probe"; result: ProbeResult }
  | { type: "timer" }
  | { type: "acknowledge"; actor: Actor; note?: string }
  | { type: "note"; actor: Actor; text: string }
  | { type: "resolve"; actor: Actor; note?: string }
  | DeliveryEvent;

/** What a notifier reported for one step, for the incident's timeline. */
export interface DeliveryEvent {
  type: "delivery";
  key: string;
  level: Level;
  channel: string;
  ok: boolean;
  detail: string;
}
