import { Hono } from "hono";
import { SEVERITIES } from "../checks/types";
import type { Config } from "../config/schema";
import { adminAuth } from "./auth";
import type { ConfiguredEnv, HttpDeps } from "./deps";
import { summaryRows } from "./summary-rows";

type Labels = Record<string, string>;
type Sample = { labels: Labels; value: number };

/** Escapes a label value per the Prometheus text exposition format. */
export function escapeLabel(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

function labelName(name: string): string {
  const valid = name.replace(/[^a-zA-Z0-9_]/g, "_");
  return /^[a-zA-Z_]/.test(valid) ? valid : `_${valid}`;
}

function formatLabels(labels: Labels): string {
  const parts = Object.entries(labels).map(([k, v]) => `${labelName(k)}="${escapeLabel(v)}"`);
  return parts.length ? `{${parts.join(",")}}` : "";
}

/** One metric family: HELP, TYPE and its samples. */
export function family(name: string, type: "gauge" | "counter", help: string, samples: Sample[]): string {
  const lines = [
    `# HELP ${name} ${help.replace(/\\/g, "\\\\").replace(/\n/g, "\\n")}`,
    `# TYPE ${name} ${type}`,
  ];
  for (const s of samples)
    lines.push(`${name}${formatLabels(s.labels)} ${Number.isFinite(s.value) ? s.value : "NaN"}`);
  return lines.join("\n");
}

/**
 * Renders every metric of the watchdog as Prometheus text. The services' figures come from the
 * aggregate the ticks keep in WatchdogState, never from each service's object: a scrape is one
 * call to that one object whatever the number of services (issue 17 item 5).
 */
export async function renderMetrics(deps: HttpDeps, config: Config): Promise<string> {
  const reading = await deps.state.metricsReading();
  const { counters, lastTick: tick } = reading;
  const { rows, at } = summaryRows(config, reading.summaries);
  const up: Sample[] = [];
  const latency: Sample[] = [];
  const open = new Map<string, number>(SEVERITIES.map((s) => [s, 0]));
  for (const { service, summary } of rows) {
    const probe = summary?.lastProbe;
    if (probe) {
      // One sample per check that ran: `/health` and the agent when configured, each general check.
      const checks: [string, { ok: boolean; latencyMs: number }][] = [];
      if (probe.health) checks.push(["health", probe.health]);
      if (probe.agent) checks.push(["agent", probe.agent]);
      for (const c of probe.checks ?? []) checks.push([`${c.kind}:${c.label}`, c]);
      for (const [check, outcome] of checks) {
        up.push({ labels: { service: service.id, check }, value: outcome.ok ? 1 : 0 });
        // Prometheus wants base units: seconds, never milliseconds.
        latency.push({ labels: { service: service.id, check }, value: outcome.latencyMs / 1000 });
      }
    }
    const incident = summary?.incident;
    if (incident && incident.status !== "resolved")
      open.set(incident.severity, (open.get(incident.severity) ?? 0) + 1);
  }
  const notifications: Sample[] = [];
  let breaches = 0;
  let gaps = 0;
  for (const c of counters) {
    if (c.name === "notifications_sent" || c.name === "notifications_failed") {
      const { channel = "", reason = "", ...rest } = c.labels;
      const result = c.name === "notifications_sent" ? "sent" : "failed";
      notifications.push({ labels: { ...rest, channel, result, reason }, value: c.value });
    } else if (c.name === "sla_breaches") breaches += c.value;
    else if (c.name === "tick_gaps") gaps += c.value;
  }
  const tickAge: Sample[] = tick ? [{ labels: {}, value: Math.max(0, deps.now() - tick.at) / 1000 }] : [];
  const summaryAge: Sample[] =
    at === undefined ? [] : [{ labels: {}, value: Math.max(0, deps.now() - at) / 1000 }];
  const unknown = rows.filter((r) => !r.summary?.lastProbe).length;
  return `${[
    family("watchdog_probe_up", "gauge", "1 when the latest probe of the check passed, else 0.", up),
    family(
      "watchdog_probe_latency_seconds",
      "gauge",
      "Latency of the latest probe of the check, in seconds.",
      latency,
    ),
    family(
      "watchdog_open_incidents",
      "gauge",
      "Open or acknowledged incidents by severity.",
      [...open].map(([severity, value]) => ({ labels: { severity }, value })),
    ),
    family(
      "watchdog_notifications_total",
      "counter",
      "Notifications by channel, result and reason.",
      notifications,
    ),
    family("watchdog_sla_breaches_total", "counter", "SLA deadlines breached.", [
      { labels: {}, value: breaches },
    ]),
    family("watchdog_tick_gaps_total", "counter", "Gaps between cron ticks over the alert limit.", [
      { labels: {}, value: gaps },
    ]),
    family("watchdog_last_tick_age_seconds", "gauge", "Seconds since the last cron tick.", tickAge),
    family(
      "watchdog_aggregate_age_seconds",
      "gauge",
      "Seconds since a tick last brought the services' summaries these figures come from.",
      summaryAge,
    ),
    family(
      "watchdog_services_unknown",
      "gauge",
      "Configured services with no probe in the summaries yet: unknown, neither up nor down.",
      [{ labels: {}, value: unknown }],
    ),
  ].join("\n")}\n`;
}

/** `GET /metrics` (bearer token): Prometheus text format 0.0.4. */
export function metricsRoutes(): Hono<ConfiguredEnv> {
  const app = new Hono<ConfiguredEnv>();
  app.use("/metrics", adminAuth());
  app.get("/metrics", async (c) => {
    return c.body(await renderMetrics(c.var.deps, c.var.config), 200, {
      "Content-Type": "text/plain; version=0.0.4; charset=utf-8",
    });
  });
  return app;
}
