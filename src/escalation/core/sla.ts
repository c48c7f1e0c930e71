import { formatUtcSeconds } from "../../time-format";
import type { SlaBreach } from "../types";
import { notify, type Run } from "./emit";
import { currentPolicy } from "./policy";
import type { IncidentState } from "./state";
import { record, span } from "./timeline";

const STRENGTH = { recommended: 1, required: 2 } as const;

function earlier(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.min(a, b);
}

/** Sets this epoch's deadlines from the current severity's policy, counted from `base`. */
export function startDeadlines(incident: IncidentState, base: number): void {
  const policy = currentPolicy(incident);
  incident.sla = {
    respondBy: base + policy.respondWithin,
    resolveBy: policy.resolveWithin !== undefined ? base + policy.resolveWithin : undefined,
  };
  incident.slaDone = { respond: false, resolve: false };
}

/** A rise in severity can only bring deadlines closer; a fall never relaxes them. */
export function tightenDeadlines(incident: IncidentState, now: number): void {
  const policy = currentPolicy(incident);
  if (!incident.slaDone.respond) {
    incident.sla.respondBy = earlier(incident.sla.respondBy, now + policy.respondWithin);
  }
  if (!incident.slaDone.resolve && policy.resolveWithin !== undefined) {
    incident.sla.resolveBy = earlier(incident.sla.resolveBy, now + policy.resolveWithin);
  }
}

function breach(run: Run, incident: IncidentState, kind: SlaBreach["kind"], deadline: number): void {
  incident.slaDone[kind] = true;
  incident.slaBreaches.push({ kind, at: deadline });
  const what = kind === "respond" ? "Response" : "Resolution";
  record(incident, run.now, "sla_breach", `${what} SLA breached: deadline was ${formatUtcSeconds(deadline)}`);
  // P3 breaches only show in the daily report; P1/P2 tell L1 at once.
  if (incident.severity === "P1" || incident.severity === "P2")
    notify(run, incident, "sla_breach", "L1", kind);
}

/** Records each passed, unmet deadline once. */
export function runSla(run: Run, incident: IncidentState): void {
  if (incident.status === "resolved") return;
  const { respondBy, resolveBy } = incident.sla;
  if (
    incident.status === "open" &&
    !incident.slaDone.respond &&
    respondBy !== undefined &&
    respondBy <= run.now
  ) {
    breach(run, incident, "respond", respondBy);
  }
  if (!incident.slaDone.resolve && resolveBy !== undefined && resolveBy <= run.now) {
    breach(run, incident, "resolve", resolveBy);
  }
}

/** Postmortem candidates: for every severity reached, when its rule applies and what it asks. */
function postmortemRules(incident: IncidentState): { at: number; flag: "required" | "recommended" }[] {
  const rules: { at: number; flag: "required" | "recommended" }[] = [];
  for (const severity of incident.reached) {
    const p = incident.policies[severity];
    if (p.postmortemAfter !== undefined && p.postmortem !== undefined) {
      rules.push({ at: incident.openedAt + p.postmortemAfter, flag: p.postmortem });
    }
  }
  // Strongest first, so a due "required" is not preceded by a redundant "recommended" entry.
  return rules.sort((a, b) => STRENGTH[b.flag] - STRENGTH[a.flag]);
}

function stronger(incident: IncidentState, flag: "required" | "recommended"): boolean {
  return incident.postmortem === undefined || STRENGTH[flag] > STRENGTH[incident.postmortem];
}

/** Flags a postmortem once the incident has been open longer than a reached severity's threshold. */
export function runPostmortem(run: Run, incident: IncidentState): void {
  if (incident.status === "resolved") return;
  for (const rule of postmortemRules(incident)) {
    if (rule.at <= run.now && stronger(incident, rule.flag)) {
      incident.postmortem = rule.flag;
      const open = span(rule.at - incident.openedAt);
      record(incident, run.now, "postmortem", `Postmortem ${rule.flag}: open longer than ${open}`);
    }
  }
}

/** Pending SLA deadlines and postmortem thresholds (empty once resolved). */
export function pendingSlaTimes(incident: IncidentState): number[] {
  if (incident.status === "resolved") return [];
  const times: number[] = [];
  const { respondBy, resolveBy } = incident.sla;
  if (incident.status === "open" && !incident.slaDone.respond && respondBy !== undefined)
    times.push(respondBy);
  if (!incident.slaDone.resolve && resolveBy !== undefined) times.push(resolveBy);
  for (const rule of postmortemRules(incident)) if (stronger(incident, rule.flag)) times.push(rule.at);
  return times;
}
