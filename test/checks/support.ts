import type { AgentReport, AgentReportInput } from "../../src/checks/agent-report";
import { agentReport } from "../../src/checks/agent-report";
import { type Service, serviceSchema } from "../../src/config/schema";

type ServiceInput = Partial<Parameters<typeof serviceSchema.parse>[0] & object>;

/** A parsed service with the SPEC's defaults, pointed wherever the test says. */
export function makeService(overrides: ServiceInput = {}): Service {
  const service = serviceSchema.parse({
    id: "svc",
    name: "Service",
    healthUrl: "http://127.0.0.1:9/health",
    ...overrides,
  });
  // "auto" needs the whole config to resolve; the checks never read the cadence.
  return { ...service, probeEvery: service.probeEvery === "auto" ? 60_000 : service.probeEvery };
}

/** A report in which every runbook check passes. */
export function healthyReportInput(now = Date.now()): AgentReportInput {
  return {
    schema: 1,
    collectedAt: new Date(now).toISOString(),
    host: "calendar-prod",
    containers: [
      {
        name: "telegram-bot",
        state: "running",
        restartCount: 0,
        exitCode: 0,
        startedAt: "2026-01-01T00:00:00Z",
      },
      { name: "calendar-redis", state: "running", restartCount: 0 },
      { name: "radicale-calendar", state: "running", restartCount: 0 },
    ],
    disks: [{ mount: "/", usedPercent: 40 }],
    memory: { usedPercent: 50 },
    logs: { errorCount24h: 3, databaseLocked24h: 0 },
    backup: { file: "backup-2026-01-01.tar.gz", ageHours: 6, sizeBytes: 250_000 },
    redis: { pong: true },
    radicale: { ok: true, status: 200 },
    monitoring: { prometheus: { ok: true }, grafana: { ok: true }, loki: { ok: true } },
  };
}

/** The same, validated, with a change applied. */
export function healthyReport(change: Partial<AgentReportInput> = {}, now = Date.now()): AgentReport {
  return agentReport.parse({ ...healthyReportInput(now), ...change });
}
