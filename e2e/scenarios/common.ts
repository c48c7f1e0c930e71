/** What every scenario gets, and the steps several of them share. */
import assert from "node:assert/strict";
import type { IncidentView } from "../../src/escalation/types.ts";
import { type ServiceSpec, type Stack, serviceName, waitFor } from "../harness.ts";

/** One e2e scenario: its own services (so all share one Worker) and what it proves. */
export interface Scenario {
  name: string;
  /** What a user would notice, one line. */
  proves: string;
  services: ServiceSpec[];
  /** Hard limit for this scenario. */
  timeoutMs: number;
  run(ctx: ScenarioContext): Promise<void>;
}

/** Handed to a scenario's `run`. */
export interface ScenarioContext {
  stack: Stack;
  /** A temp dir for artifacts (screenshots); removed after the run. */
  artifacts: string;
  log(line: string): void;
  /** Cron ticks the run's ticker has fired so far. */
  ticks(): number;
}

/** Display name of a scenario's service. */
export const nameOf = (spec: ServiceSpec): string => serviceName(spec);

/** Waits for the service's active incident and returns it with its timeline. */
export async function waitForIncident(
  stack: Stack,
  serviceId: string,
  timeoutMs = 20_000,
): Promise<IncidentView> {
  const summary = await waitFor(
    `an active incident for ${serviceId}`,
    async () => (await stack.worker.incidents(serviceId, "active"))[0],
    { timeoutMs, intervalMs: 200 },
  );
  return stack.worker.incident(summary.id);
}

/** Repairs the service and waits until the incident resolves by itself. */
export async function recover(
  stack: Stack,
  serviceId: string,
  incidentId: string,
  timeoutMs = 20_000,
): Promise<IncidentView> {
  stack.fakes.watched.setMode(serviceId, "up");
  return waitFor(
    `incident ${incidentId} to resolve after ${serviceId} recovered`,
    async () => {
      const incident = await stack.worker.incident(incidentId);
      return incident.status === "resolved" ? incident : undefined;
    },
    { timeoutMs, intervalMs: 200 },
  );
}

/** Timeline kinds in order. */
export const kindsOf = (incident: IncidentView): string[] => incident.timeline.map((e) => e.kind);

/** Asserts `kinds` appear in the timeline in this relative order. */
export function assertTimelineOrder(incident: IncidentView, kinds: string[]): void {
  const all = kindsOf(incident);
  let from = 0;
  for (const kind of kinds) {
    const i = all.indexOf(kind, from);
    assert.ok(i >= 0, `timeline of ${incident.id} lacks "${kind}" after position ${from}: ${all.join(", ")}`);
    from = i + 1;
  }
}

/** Emails whose subject names the service ("[P1] Name: …"). */
export function mailFor(stack: Stack, name: string) {
  return stack.fakes.mail.sent().filter((m) => m.subject.includes(`${name}:`));
}
