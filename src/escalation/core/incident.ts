import { type Finding, type Severity, severityRank } from "../../checks/types";
import type { Actor } from "../types";
import { notify, notifyPaged, type Run } from "./emit";
import { enterSeverity, skipImmediateSteps, startSeverity } from "./policy";
import { startDeadlines, tightenDeadlines } from "./sla";
import type { IncidentState, ServiceState } from "./state";
import { actorName, clip, record, recordByActor } from "./timeline";

/** Deterministic id: service id, ":", compact UTC open time and the service's incident counter. */
export function incidentId(serviceId: string, openedAt: number, n: number): string {
  const compact = new Date(openedAt).toISOString().replace(/[-:]|\.\d+/g, "");
  return `${serviceId}:${compact}-${n}`;
}

/** One line per finding for the timeline. */
export function describe(f: Finding): string {
  const subject = f.subject ? ` ${f.subject}` : "";
  const reason = f.reason ? `: ${f.reason}` : "";
  return `${f.severity} ${f.code}${subject}${reason}`;
}

function remember(incident: IncidentState, severity: Severity): void {
  if (!incident.reached.includes(severity)) incident.reached.push(severity);
}

/** Opens a new incident with the given confirmed findings; the policies are frozen here. */
export function openIncident(run: Run, state: ServiceState, severity: Severity, findings: Finding[]): void {
  state.incidentCount += 1;
  const now = run.now;
  const incident: IncidentState = {
    id: incidentId(state.serviceId, now, state.incidentCount),
    epoch: 1,
    serviceId: state.serviceId,
    serviceName: run.ctx.serviceName,
    status: "open",
    severity,
    openedAt: now,
    epochStartedAt: now,
    severitySince: now,
    findings,
    paged: [],
    slaBreaches: [],
    sla: {},
    slaDone: { respond: false, resolve: false },
    timeline: [],
    policies: structuredClone(run.ctx.escalation.policies),
    reopenWindow: run.ctx.escalation.reopenWindow,
    reached: [severity],
    announced: false,
    silenced: false,
    sent: [],
    done: [],
    reminders: 0,
    raises: 0,
    emitted: [],
  };
  startSeverity(incident, now);
  startDeadlines(incident, now);
  record(incident, now, "opened", `Incident opened: ${severity}, ${findings.length} confirmed finding(s)`);
  for (const f of findings) record(incident, now, "finding", describe(f));
  state.incident = incident;
}

/** Reopens a recently resolved incident as a new epoch: steps, SLA and paging start over. */
export function reopenIncident(
  run: Run,
  incident: IncidentState,
  severity: Severity,
  findings: Finding[],
): void {
  const now = run.now;
  Object.assign(incident, {
    epoch: incident.epoch + 1,
    status: "open",
    severity,
    epochStartedAt: now,
    findings,
    paged: [],
    announced: false,
    silenced: false,
    sent: [],
    reminders: 0,
    raises: 0,
    emitted: [],
  } satisfies Partial<IncidentState>);
  for (const key of ["acknowledgedAt", "acknowledgedBy", "resolvedAt", "resolvedBy"] as const)
    delete incident[key];
  remember(incident, severity);
  startSeverity(incident, now);
  startDeadlines(incident, now);
  record(incident, now, "reopened", `Reopened as epoch ${incident.epoch}: ${severity}`);
  for (const f of findings) record(incident, now, "finding", describe(f));
}

/**
 * Sends the epoch's first notice once paging is allowed: the initial page through the policy's
 * immediate steps, or a `reopened` notice to L1 that stands in for L1's immediate page.
 */
export function announce(run: Run, incident: IncidentState): void {
  if (incident.announced || run.silenced || incident.status === "resolved") return;
  incident.announced = true;
  incident.heard = incident.severity;
  // Delayed by maintenance: escalation counts from the moment paging became possible.
  if (incident.severitySince < run.now) startSeverity(incident, run.now);
  // Acknowledged during the window: someone is on it, so no initial page; timed steps still apply.
  if (incident.status === "acknowledged") {
    skipImmediateSteps(incident);
    return;
  }
  if (incident.epoch > 1) {
    notify(run, incident, "reopened", "L1", "0");
    incident.sent.push({ level: "L1", after: 0 });
  }
}

/** Moves the incident to a new severity: a rise re-notifies everyone paged, a fall is timeline only. */
export function changeSeverity(run: Run, incident: IncidentState, severity: Severity): void {
  const from = incident.severity;
  if (severity === from) return;
  // States stored before `heard` existed: an announced incident was last heard at its severity.
  if (incident.announced) incident.heard ??= from;
  incident.severity = severity;
  remember(incident, severity);
  enterSeverity(incident, run.now);
  if (severityRank(severity) < severityRank(from)) {
    tightenDeadlines(incident, run.now);
    record(incident, run.now, "severity_raised", `Severity raised ${from} → ${severity}`);
  } else {
    // Not paged, but a later rise back is news again.
    if (incident.heard !== undefined && severityRank(severity) > severityRank(incident.heard))
      incident.heard = severity;
    skipImmediateSteps(incident);
    record(incident, run.now, "severity_lowered", `Severity lowered ${from} → ${severity}`);
  }
}

/** True when the severity rose past what the people paged last heard of. */
export function raisePending(incident: IncidentState): boolean {
  const heard = incident.heard;
  return incident.announced && heard !== undefined && severityRank(incident.severity) < severityRank(heard);
}

/** Tells everyone paged of a rise; one held by maintenance goes out when the window ends. */
export function announceRaise(run: Run, incident: IncidentState): void {
  if (run.silenced || incident.status === "resolved" || !raisePending(incident)) return;
  incident.heard = incident.severity;
  incident.raises += 1;
  notifyPaged(run, incident, "severity_raised", String(incident.raises));
}

/** Acknowledges an open incident; returns false (changing nothing) when it is not open. */
export function acknowledge(run: Run, incident: IncidentState, actor: Actor, note?: string): boolean {
  if (incident.status !== "open") return false;
  incident.status = "acknowledged";
  incident.acknowledgedAt = run.now;
  incident.acknowledgedBy = actorName(actor);
  incident.slaDone.respond = true;
  recordByActor(incident, run.now, "acknowledged", "Acknowledged", actor);
  if (note?.trim()) recordByActor(incident, run.now, "note", clip(note), actor);
  notifyPaged(run, incident, "acknowledged", "0");
  return true;
}

/** Resolves an open or acknowledged incident, by an operator or automatically ("auto"). */
export function resolve(run: Run, incident: IncidentState, by: Actor | "auto", note?: string): boolean {
  if (incident.status === "resolved") return false;
  incident.status = "resolved";
  incident.resolvedAt = run.now;
  incident.slaDone = { respond: true, resolve: true };
  if (by === "auto") {
    incident.resolvedBy = "auto";
    record(incident, run.now, "resolved", "Recovered: resolved automatically");
  } else {
    incident.resolvedBy = actorName(by);
    recordByActor(incident, run.now, "resolved", "Resolved", by);
    if (note?.trim()) recordByActor(incident, run.now, "note", clip(note), by);
  }
  notifyPaged(run, incident, "resolved", "0");
  return true;
}
