import * as z from "zod";
import { SEVERITIES } from "../checks/types";
import type { Config, Service } from "../config/schema";
import type { IncidentView } from "../escalation/types";
import { type ServiceSnapshot, serviceIdOfIncident } from "../monitor/api";
import type { HttpDeps } from "./deps";
import { HttpError } from "./errors";

/** One configured service with what its Durable Object reports (or why it could not). */
export interface ServiceRow {
  service: Service;
  snapshot?: ServiceSnapshot;
  /** Set when the Durable Object did not answer; the rest of the page still renders. */
  error?: string;
}

/** Snapshots of every configured service, in config order; one failing object spoils nothing else. */
export async function serviceRows(deps: HttpDeps, config: Config): Promise<ServiceRow[]> {
  const settled = await Promise.allSettled(config.services.map((s) => deps.monitor(s.id).snapshot()));
  return config.services.map((service, i) => {
    const r = settled[i];
    if (r?.status === "fulfilled") return { service, snapshot: r.value };
    return { service, error: r?.reason instanceof Error ? r.reason.message : "unavailable" };
  });
}

/** Filters of the incident list; `active` means open or acknowledged. */
export const incidentQuerySchema = z.object({
  /** Only this service. */
  service: z.string().min(1).optional(),
  /** Only this status. */
  status: z.enum(["open", "acknowledged", "resolved", "active"]).optional(),
  /** Only this severity. */
  severity: z.enum(SEVERITIES).optional(),
  /** At most this many, newest first. */
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
export type IncidentQuery = z.infer<typeof incidentQuerySchema>;

/** An incident without its timeline, for lists. */
export type IncidentSummary = Omit<IncidentView, "timeline">;

/** Drops the timeline (lists stay small; one incident's page has it). */
export function summarize(incident: IncidentView): IncidentSummary {
  const { timeline: _timeline, ...rest } = incident;
  return rest;
}

function matches(incident: IncidentView, q: IncidentQuery): boolean {
  if (q.severity && incident.severity !== q.severity) return false;
  if (q.status === "active") return incident.status !== "resolved";
  return !q.status || incident.status === q.status;
}

/**
 * The most service objects one HTTP request asks: an invocation may make 1,000 subrequests to
 * Durable Objects (developers.cloudflare.com/workers/platform/limits/), and a request also talks
 * to WatchdogState. Larger estates page through `/api/services` and filter `/api/incidents`.
 */
export const OBJECT_READS_PER_REQUEST = 500;

/** Which page of the configured services one `/api/services` request reads. */
export const servicePageSchema = z.object({
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(OBJECT_READS_PER_REQUEST).default(OBJECT_READS_PER_REQUEST),
});

/** Incidents across services, newest first, filtered. Unknown `service` is a 404. */
export async function listIncidents(
  deps: HttpDeps,
  config: Config,
  q: IncidentQuery,
): Promise<IncidentView[]> {
  const services = q.service ? config.services.filter((s) => s.id === q.service) : config.services;
  if (q.service && services.length === 0) throw new HttpError("not_found", `unknown service ${q.service}`);
  if (services.length > OBJECT_READS_PER_REQUEST)
    throw new HttpError(
      "bad_request",
      `${services.length} services are more than one request may ask (${OBJECT_READS_PER_REQUEST}): add ?service=<id>`,
    );
  // Filters apply after fetching, so fetch deeper than `limit` when filtering.
  const depth = q.status || q.severity ? 500 : q.limit;
  const lists = await Promise.all(services.map((s) => deps.monitor(s.id).history(depth)));
  return lists
    .flat()
    .filter((i) => matches(i, q))
    .sort((a, b) => b.openedAt - a.openedAt)
    .slice(0, q.limit);
}

/** The configured service id an incident id belongs to, if any. */
export function serviceIdOfIncidentIn(config: Config, incidentId: string): string | undefined {
  const id = serviceIdOfIncident(incidentId);
  return config.services.some((s) => s.id === id) ? id : undefined;
}

/** The configured service an incident id belongs to, or a 404. */
export function serviceOf(config: Config, incidentId: string): Service {
  const id = serviceIdOfIncident(incidentId);
  const service = config.services.find((s) => s.id === id);
  if (!service) throw new HttpError("no_such_incident");
  return service;
}

/** One incident with its timeline, or a 404. */
export async function findIncident(
  deps: HttpDeps,
  config: Config,
  incidentId: string,
): Promise<IncidentView> {
  const service = serviceOf(config, incidentId);
  const incident = await deps.monitor(service.id).incident(incidentId);
  if (!incident) throw new HttpError("no_such_incident");
  return incident;
}
