/**
 * CPU cost of the per-service work of one tick in Node: parse the health body and the agent
 * report with the product's zod schemas, classify, decide, and render a message for every
 * action that appears. Network and HMAC signing are not included (they are I/O).
 */
import { type AgentReport, type AgentReportInput, agentReport } from "../src/checks/agent-report";
import { classify } from "../src/checks/findings";
import { healthBody } from "../src/checks/health";
import type { AgentOutcome, HealthOutcome, ProbeResult } from "../src/checks/types";
import { type Config, configSchema } from "../src/config/schema";
import { decide, initialState, type ServiceState, viewOf } from "../src/escalation/core";
import { renderMessage } from "../src/escalation/message";
import { T0, TICK_MS } from "./sim";
import { percentile } from "./stats";

function report(down: boolean, now: number): AgentReportInput {
  return {
    schema: 1,
    collectedAt: new Date(now).toISOString(),
    host: "calendar-prod-1",
    containers: [
      down
        ? {
            name: "telegram-bot",
            state: "exited",
            status: "Exited (137) 1 minute ago",
            restartCount: 3,
            exitCode: 137,
            oomKilled: true,
          }
        : {
            name: "telegram-bot",
            state: "running",
            status: "Up 3 hours",
            restartCount: 0,
            exitCode: 0,
            startedAt: "2026-11-27T09:00:00Z",
          },
      { name: "calendar-redis", state: "running", status: "Up 3 days", restartCount: 0, exitCode: 0 },
      { name: "radicale-calendar", state: "running", status: "Up 3 days", restartCount: 1, exitCode: 0 },
    ],
    disks: [
      { mount: "/", usedPercent: 41.3 },
      { mount: "/var/lib/docker", usedPercent: 63.9 },
    ],
    memory: { usedPercent: 52.4 },
    logs: { errorCount24h: 3, databaseLocked24h: 0 },
    backup: { file: "backup_20261127_030000.tar.gz", ageHours: 9.2, sizeBytes: 482_113 },
    redis: { pong: true },
    radicale: { ok: true, status: 200 },
    monitoring: {
      prometheus: { ok: true, status: 200 },
      grafana: { ok: true, status: 200 },
      loki: { ok: true, status: 200 },
    },
  };
}

const LINKS = {
  acknowledge: `https://watchdog.example.com/a/${"x".repeat(180)}`,
  resolve: `https://watchdog.example.com/a/${"y".repeat(180)}`,
  open: "https://watchdog.example.com/incidents/calendar%3A20261127T120000Z-1",
};

function config(): Config {
  return configSchema.parse({
    publicUrl: "https://watchdog.example.com",
    services: [
      {
        id: "calendar",
        name: "AI Calendar Assistant",
        healthUrl: "https://calendar.example.com/health",
        agentUrl: "https://calendar.example.com/watchdog-agent/status",
      },
    ],
    escalation: {
      levels: { L1: [{ channel: "telegram", chatId: 1 }], L2: [{ channel: "email", to: "l2@example.com" }] },
    },
  });
}

/** Costs in microseconds per tick of one service. */
export interface DecideCost {
  iterations: number;
  p50All: number;
  p95All: number;
  p50Quiet: number;
  p50Render: number;
  p95Render: number;
  renders: number;
}

/**
 * Replays a service that is healthy for 60 ticks, then down for 8 probes (health 503, app
 * container exited: confirmation, page, recovery, resolve notice), and times each tick.
 */
export function decideCost(iterations = 30_000, warmup = 3_000): DecideCost {
  const cfg = config();
  const service = cfg.services[0];
  if (!service) throw new Error("no service");
  const ctxOf = (now: number) => ({
    now,
    serviceName: service.name,
    thresholds: service.thresholds,
    escalation: cfg.escalation,
  });
  let state: ServiceState = initialState(service.id);
  let now = T0;
  const all: number[] = [];
  const quiet: number[] = [];
  const rendered: number[] = [];
  let sink = 0;
  for (let i = 0; i < warmup + iterations; i++) {
    const down = i % 68 >= 60;
    // Bodies are serialised outside the timed part: on the wire they arrive as text.
    const healthText = down
      ? '{"status":"unhealthy","error":"telegram-bot is not running"}'
      : JSON.stringify({ status: "healthy", version: "1.4.2", timestamp: new Date(now).toISOString() });
    const agentText = JSON.stringify(report(down, now));
    const started = process.hrtime.bigint();

    let health: HealthOutcome;
    if (down)
      health = { ok: false, status: 503, latencyMs: 14, reason: `HTTP 503: ${healthText.slice(0, 200)}` };
    else {
      const parsed = healthBody.safeParse(JSON.parse(healthText));
      health = parsed.success
        ? {
            ok: parsed.data.status === "healthy",
            status: 200,
            latencyMs: 38,
            version: parsed.data.version,
            appTimestamp: parsed.data.timestamp,
          }
        : { ok: false, status: 200, latencyMs: 38, reason: "unexpected health body" };
    }
    const rep = agentReport.safeParse(JSON.parse(agentText));
    const agent: AgentOutcome<AgentReport> = rep.success
      ? { ok: true, status: 200, latencyMs: 55, report: rep.data }
      : { ok: false, status: 200, latencyMs: 55, reason: "report failed the schema" };
    const result: ProbeResult = {
      serviceId: service.id,
      at: now,
      health,
      agent,
      findings: classify(service, health, agent, now),
    };
    const out = decide(state, { type: "probe", result }, ctxOf(now));
    for (const action of out.actions) {
      const view = viewOf(out.state);
      if (!view) continue;
      const msg = renderMessage({
        kind: action.kind,
        view,
        level: action.level,
        links: LINKS,
        locale: cfg.locale,
        now,
      });
      sink += msg.telegramHtml.length + msg.html.length;
    }

    const us = Number(process.hrtime.bigint() - started) / 1000;
    state = out.state;
    if (i >= warmup) {
      all.push(us);
      (out.actions.length > 0 ? rendered : quiet).push(us);
    }
    now = state.recheckAt ?? now + TICK_MS;
  }
  if (sink === 0 || rendered.length === 0) throw new Error("the replay never rendered a message");
  return {
    iterations,
    p50All: percentile(all, 50),
    p95All: percentile(all, 95),
    p50Quiet: percentile(quiet, 50),
    p50Render: percentile(rendered, 50),
    p95Render: percentile(rendered, 95),
    renders: rendered.length,
  };
}
