import type { Finding, Severity } from "../../checks/types";
import type { Level } from "../../config/schema";
import type { IncidentView, NotifyKind } from "../types";

/** Languages of messages and pages; the runbook's language, "ru", is the default. */
export const LOCALES = ["ru", "en"] as const;
/**
 * The one locale type. The config schema's `locale` enum spells the same list, because src/config
 * may not import escalation; test/notify/render.test.ts fails to typecheck if the two drift.
 */
export type Locale = (typeof LOCALES)[number];

/** Operator links for one recipient level, signed by the caller. */
export interface Links {
  acknowledge?: string;
  resolve?: string;
  open?: string;
  /** "Restart bot": only on the L1 page of a service with an agent (issue 14 item 3). */
  restart?: string;
}

/** A notice without an incident, e.g. the watchdog's own cron stopping. */
export interface PlainNotice {
  title: string;
  text: string;
}

/** Why a delivery failed, for the `delivery_failed` notice to L1. */
export interface DeliveryFailureInfo {
  level: Level;
  channel: string;
  reason: string;
  detail: string;
}

/** Everything a message is built from. */
export interface MessageInput {
  kind: NotifyKind;
  /** The incident, or a plain notice (`watchdog_gap` may have no real incident). */
  view: IncidentView | PlainNotice;
  /** Recipient level; shown and used for the "what is needed" lines. */
  level?: Level;
  /** Defaults to `view.findings`. */
  findings?: Finding[];
  links?: Links;
  locale?: Locale;
  /** Clock for durations and SLA countdowns, epoch milliseconds. */
  now: number;
  /** Only for `delivery_failed`. */
  failure?: DeliveryFailureInfo;
}

/** One labelled value of the template's header ("SEVERITY: P1"). */
export interface Fact {
  label: string;
  value: string;
}

/** A runbook section as shown in a message: title and its diagnostic commands. */
export interface RunbookExcerpt {
  /** Section reference, e.g. "3.4". */
  ref: string;
  title: string;
  /** One-line hint in the message's language, e.g. what exit codes mean. */
  hint?: string;
  commands: string[];
}

/** An action link with its localised label. */
export interface LinkItem {
  action: "acknowledge" | "resolve" | "open" | "restart";
  label: string;
  url: string;
}

/**
 * The message every renderer draws from: all strings localised and NOT escaped.
 * Shortening works on this model, so rendered HTML is never cut.
 */
export interface MessageModel {
  locale: Locale;
  kind: NotifyKind;
  level?: Level;
  incidentId?: string;
  epoch?: number;
  severity?: Severity;
  /** One line: icon, severity, service, what happened. */
  headline: string;
  /** Email subject. */
  subject: string;
  facts: Fact[];
  /** Free text: a plain notice's body or a delivery failure. */
  text?: string;
  symptoms: string[];
  /** Actions taken, oldest first. */
  actions: string[];
  /** Older actions left out to keep the message short. */
  actionsOmitted: number;
  /** Findings left out to keep the message short. */
  symptomsOmitted: number;
  needed: string[];
  sla: string[];
  runbook: RunbookExcerpt[];
  links: LinkItem[];
}

/** True when the view is a real incident rather than a plain notice. */
export function isIncident(view: IncidentView | PlainNotice): view is IncidentView {
  return "id" in view && "timeline" in view;
}
