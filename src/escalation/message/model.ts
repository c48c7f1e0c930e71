import { type Finding, type Severity, severityRank } from "../../checks/types";
import { formatUtc, formatUtcShort } from "../../time-format";
import type { IncidentView, TimelineEntry, TimelineKind } from "../types";
import { strings } from "./locales";
import { runbookExcerpts } from "./runbook";
import type { Strings } from "./strings";
import { oneLineTruncated } from "./text";
import {
  type Fact,
  isIncident,
  type LinkItem,
  type MessageInput,
  type MessageModel,
  type PlainNotice,
} from "./types";

/** Longest any single dynamic field may be in the model; Telegram shortens further. */
export const FIELD_CAP = 500;
/** Longest a finding's raw reason or a note may be before it is cut with "…". */
export const REASON_CAP = 300;

const ICON: Record<Severity, string> = { P1: "🔴", P2: "🟠", P3: "🟡", P4: "🔵" };

/** Timeline kinds that count as "actions taken"; the rest is noise for a person acting on the page. */
const ACTION_KINDS: ReadonlySet<TimelineKind> = new Set<TimelineKind>([
  "reopened",
  "finding_cleared",
  "notify_failed",
  "acknowledged",
  "note",
  "escalated",
  "severity_raised",
  "severity_lowered",
  "sla_breach",
  "postmortem",
  "maintenance",
  "resolved",
]);

const field = (s: string, cap = FIELD_CAP) => oneLineTruncated(s, cap);

/** One finding as a person reads it: severity, what, and the raw technical cause. */
export function describeFinding(f: Finding, t: Strings): string {
  const what = t.finding[f.code]({ ...f, ...(f.subject ? { subject: field(f.subject, 100) } : {}) });
  const reason = f.reason ? `: ${field(f.reason, REASON_CAP)}` : "";
  return field(`[${f.severity}] ${what}${reason}`);
}

function sortedFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) => severityRank(a.severity) - severityRank(b.severity));
}

/** True when `text` opens with `word` as a whole word, ignoring case ("Escalated to L2" and "Escalated"). */
function opensWith(text: string, word: string): boolean {
  const head = text.slice(0, word.length);
  return head.toLowerCase() === word.toLowerCase() && !/^[\p{L}\p{N}]/u.test(text.slice(word.length));
}

function actionLine(e: TimelineEntry, t: Strings, now: number): string {
  const by = e.by && e.by !== "watchdog" ? ` (${field(e.by, 80)})` : "";
  const label = t.timeline[e.kind];
  const text = field(e.text, REASON_CAP);
  // The timeline's own text often opens with the label ("Escalated to L2"): say it once.
  const what = opensWith(text, label) ? `${text}${by}` : `${label}${by}: ${text}`;
  return field(`${formatUtcShort(e.at, now)} ${what}`);
}

function slaLines(view: IncidentView, t: Strings, now: number): string[] {
  const at = (ms: number) => formatUtcShort(ms, now);
  const lines: string[] = [];
  const clockLine = (label: string, deadline: number | undefined, doneAt: number | undefined) => {
    if (doneAt !== undefined) {
      if (deadline !== undefined && doneAt > deadline)
        lines.push(t.sla.missed(label, at(deadline), t.duration(doneAt - deadline)));
      else lines.push(t.sla.met(label, at(doneAt), t.duration(doneAt - view.openedAt)));
    } else if (deadline === undefined) lines.push(t.sla.backlog(label));
    else if (now > deadline) lines.push(t.sla.missed(label, at(deadline), t.duration(now - deadline)));
    else lines.push(t.sla.due(label, at(deadline), t.duration(deadline - now)));
  };
  clockLine(t.clock.respond, view.sla.respondBy, view.acknowledgedAt ?? view.resolvedAt);
  clockLine(t.clock.resolve, view.sla.resolveBy, view.resolvedAt);
  if (view.slaBreaches.length > 0) {
    lines.push(t.sla.breaches(view.slaBreaches.map((b) => `${t.clock[b.kind]} ${at(b.at)}`).join(", ")));
  }
  return lines;
}

function neededLines(input: MessageInput, view: IncidentView, t: Strings): string[] {
  const at = (ms: number | undefined) => (ms === undefined ? undefined : formatUtcShort(ms, input.now));
  const lines: string[] = [];
  if (input.kind === "delivery_failed" && input.failure) lines.push(t.need.checkChannel(input.failure));
  if (view.status === "resolved") {
    lines.push(view.postmortem ? t.need.postmortem[view.postmortem] : t.need.nothing);
    return lines;
  }
  if (view.status === "open") {
    if (input.kind === "escalation" && input.level && input.level !== "L1") lines.push(t.need.takeOver);
    lines.push(t.need.acknowledge(at(view.sla.respondBy)), t.need.diagnose);
  } else lines.push(t.need.resolve(at(view.sla.resolveBy)));
  if (view.slaBreaches.length > 0) lines.push(t.need.slaBreached);
  if (view.postmortem) lines.push(t.need.postmortem[view.postmortem]);
  return lines;
}

function linkItems(input: MessageInput, t: Strings, status?: IncidentView["status"]): LinkItem[] {
  const links = input.links ?? {};
  const items: LinkItem[] = [];
  if (links.acknowledge && status === "open")
    items.push({ action: "acknowledge", label: t.button.acknowledge, url: links.acknowledge });
  if (links.resolve && status !== undefined && status !== "resolved")
    items.push({ action: "resolve", label: t.button.resolve, url: links.resolve });
  if (links.restart && status !== undefined && status !== "resolved")
    items.push({ action: "restart", label: t.button.restart, url: links.restart });
  if (links.open) items.push({ action: "open", label: t.button.open, url: links.open });
  return items;
}

function fromNotice(input: MessageInput, notice: PlainNotice, t: Strings): MessageModel {
  const title = field(notice.title, 200);
  return {
    locale: input.locale ?? "ru",
    kind: input.kind,
    ...(input.level ? { level: input.level } : {}),
    headline: `⏱ ${t.kind[input.kind]}: ${title}`,
    subject: `[watchdog] ${t.kind[input.kind]}: ${title}`,
    facts: [{ label: t.label.time, value: formatUtc(input.now) }],
    text: field(notice.text, 2000),
    symptoms: [],
    symptomsOmitted: 0,
    actions: [],
    actionsOmitted: 0,
    needed: input.kind === "watchdog_gap" ? [t.need.watchdogGap] : [],
    sla: [],
    runbook: [],
    links: linkItems(input, t),
  };
}

/** Builds the localised, unescaped message model for one notification. */
export function buildMessage(input: MessageInput): MessageModel {
  const locale = input.locale ?? "ru";
  const t = strings(locale);
  if (!isIncident(input.view)) return fromNotice({ ...input, locale }, input.view, t);
  const view = input.view;
  const service = field(view.serviceName, 200);
  const findings = sortedFindings(input.findings ?? view.findings);
  const end = view.resolvedAt ?? input.now;
  const icon = input.kind === "resolved" ? "✅" : input.kind === "acknowledged" ? "✋" : ICON[view.severity];
  const kindText = t.kind[input.kind];

  let status = t.status[view.status];
  if (view.status === "acknowledged" && view.acknowledgedBy) {
    status += ` (${field(view.acknowledgedBy, 80)}${view.acknowledgedAt ? `, ${formatUtcShort(view.acknowledgedAt, input.now)}` : ""})`;
  }
  if (view.status === "resolved" && view.resolvedBy) status += ` (${field(view.resolvedBy, 80)})`;

  const facts: Fact[] = [
    { label: t.label.severity, value: `${view.severity} ${t.severityName[view.severity]}` },
    { label: t.label.service, value: service },
    { label: t.label.time, value: formatUtc(view.openedAt) },
    { label: t.label.status, value: status },
    { label: t.label.duration, value: t.duration(end - view.openedAt) },
    { label: t.label.incident, value: field(view.epoch > 1 ? `${view.id} (#${view.epoch})` : view.id, 200) },
  ];
  if (input.level) facts.push({ label: t.label.level, value: input.level });

  const timeline = view.timeline.filter((e) => ACTION_KINDS.has(e.kind));
  return {
    locale,
    kind: input.kind,
    ...(input.level ? { level: input.level } : {}),
    incidentId: view.id,
    epoch: view.epoch,
    severity: view.severity,
    headline: `${icon} [${view.severity}] ${service}: ${kindText}`,
    subject: `[${view.severity}] ${service}: ${kindText}`,
    facts,
    ...(input.kind === "delivery_failed" && input.failure
      ? { text: field(t.failure(input.failure), 1000) }
      : {}),
    symptoms: findings.map((f) => describeFinding(f, t)),
    symptomsOmitted: 0,
    actions: [t.autoChecks, ...timeline.map((e) => actionLine(e, t, input.now))],
    actionsOmitted: 0,
    needed: neededLines(input, view, t),
    sla: slaLines(view, t, input.now),
    runbook: input.kind === "resolved" ? [] : runbookExcerpts(findings, locale),
    links: linkItems(input, t, view.status),
  };
}
