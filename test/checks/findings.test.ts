import { describe, expect, it } from "vitest";
import type { AgentReport, AgentReportInput } from "../../src/checks/agent-report";
import { classify, collectorErrors } from "../../src/checks/findings";
import { type AgentOutcome, FINDING_CODES, type Finding, type HealthOutcome } from "../../src/checks/types";
import { T0 } from "../support/time";
import { healthyReport, makeService } from "./support";

const minutesAgo = (m: number) => new Date(T0 - m * 60_000).toISOString();

const okHealth: HealthOutcome = {
  ok: true,
  status: 200,
  latencyMs: 120,
  version: "1.4.2",
  appTimestamp: new Date(T0).toISOString(),
};
const downHealth: HealthOutcome = { ok: false, reason: "timeout after 5000 ms", latencyMs: 5_000 };
const downAgent: AgentOutcome<AgentReport> = {
  ok: false,
  reason: "connection to 10.0.0.1:8080 failed: Network connection lost.",
  latencyMs: 3,
};
const agentWith = (change: Partial<AgentReportInput> = {}): AgentOutcome<AgentReport> => ({
  ok: true,
  status: 200,
  latencyMs: 40,
  report: healthyReport(change, T0),
});
const containers = (app: object, deps: object[] = []) =>
  [
    { name: "telegram-bot", state: "running", restartCount: 0, ...app },
    { name: "calendar-redis", state: "running", restartCount: 0, ...deps[0] },
    { name: "radicale-calendar", state: "running", restartCount: 0, ...deps[1] },
  ] as AgentReportInput["containers"];

type Expected = Partial<Finding> & Pick<Finding, "code">;
interface Case {
  name: string;
  health?: HealthOutcome;
  agent?: AgentOutcome<AgentReport> | "none";
  service?: Parameters<typeof makeService>[0];
  expected: Expected[];
}

const cases: Case[] = [
  { name: "everything healthy", expected: [] },
  { name: "no agent configured, health fine", agent: "none", expected: [] },
  {
    name: "health down, agent fine",
    health: downHealth,
    expected: [{ code: "health_down", severity: "P1", check: "health", reason: "timeout after 5000 ms" }],
  },
  { name: "health down, no agent", health: downHealth, agent: "none", expected: [{ code: "health_down" }] },
  {
    name: "health and agent down fold into one P1",
    health: downHealth,
    agent: downAgent,
    expected: [
      {
        code: "health_and_agent_down",
        severity: "P1",
        reason: `health: timeout after 5000 ms; agent: ${downAgent.reason}`,
      },
    ],
  },
  {
    name: "health down while the agent still reports a dependency",
    health: downHealth,
    agent: agentWith({ redis: { pong: false, reason: "ECONNREFUSED 127.0.0.1:6379" } }),
    expected: [
      { code: "health_down" },
      { code: "redis_down", severity: "P2", reason: "ECONNREFUSED 127.0.0.1:6379" },
    ],
  },
  {
    name: "agent alone unreachable",
    agent: downAgent,
    expected: [{ code: "agent_unreachable", severity: "P3", check: "agent", reason: downAgent.reason }],
  },
  {
    name: "slow health",
    health: { ...okHealth, latencyMs: 2_500 },
    expected: [{ code: "health_slow", severity: "P2", value: 2_500, threshold: 2_000 }],
  },
  { name: "health exactly at the slow threshold", health: { ...okHealth, latencyMs: 2_000 }, expected: [] },
  {
    name: "stale app timestamp",
    health: { ...okHealth, appTimestamp: minutesAgo(6) },
    expected: [{ code: "clock_skew", severity: "P4", value: 360_000, threshold: 300_000 }],
  },
  {
    name: "app clock ahead",
    health: { ...okHealth, appTimestamp: minutesAgo(-10) },
    expected: [{ code: "clock_skew", reason: expect.stringMatching(/600 s ahead/) }],
  },
  { name: "timestamp within skew", health: { ...okHealth, appTimestamp: minutesAgo(4) }, expected: [] },
  {
    name: "epoch-seconds timestamp",
    health: { ...okHealth, appTimestamp: String(T0 / 1000) },
    expected: [],
  },
  {
    name: "timestamp that is not a date",
    health: { ...okHealth, appTimestamp: "yesterday" },
    expected: [{ code: "clock_skew", reason: 'timestamp "yesterday" is not a date' }],
  },
  {
    name: "app container exited",
    agent: agentWith({ containers: containers({ state: "exited", exitCode: 137, oomKilled: true }) }),
    expected: [
      {
        code: "app_container_down",
        severity: "P1",
        subject: "telegram-bot",
        reason: "state exited, exit code 137, OOM-killed, 0 restarts",
      },
    ],
  },
  {
    name: "app container missing from the list",
    agent: agentWith({ containers: containers({ name: "something-else" }) }),
    expected: [{ code: "app_container_down", subject: "telegram-bot", reason: "container not found" }],
  },
  {
    name: "app container restarting",
    agent: agentWith({ containers: containers({ state: "restarting", restartCount: 2 }) }),
    expected: [{ code: "app_restart_loop", severity: "P1", subject: "telegram-bot" }],
  },
  {
    name: "app container up 2 min after its 5th restart",
    agent: agentWith({ containers: containers({ restartCount: 5, startedAt: minutesAgo(2) }) }),
    expected: [{ code: "app_restart_loop", value: 5, threshold: 5 }],
  },
  {
    name: "many restarts long ago",
    agent: agentWith({ containers: containers({ restartCount: 9, startedAt: minutesAgo(30) }) }),
    expected: [],
  },
  {
    name: "a few recent restarts",
    agent: agentWith({ containers: containers({ restartCount: 4, startedAt: minutesAgo(1) }) }),
    expected: [],
  },
  {
    name: "dependency container exited",
    agent: agentWith({ containers: containers({}, [{ state: "exited", exitCode: 1 }]) }),
    expected: [{ code: "dependency_container_down", severity: "P2", subject: "calendar-redis" }],
  },
  {
    name: "redis without PONG",
    agent: agentWith({ redis: { pong: false } }),
    expected: [{ code: "redis_down", severity: "P2", reason: "no PONG" }],
  },
  {
    name: "radicale unreachable",
    agent: agentWith({ radicale: { ok: false, status: 503 } }),
    expected: [{ code: "radicale_down", severity: "P2", reason: "HTTP 503" }],
  },
  {
    name: "database is locked",
    agent: agentWith({ logs: { errorCount24h: 3, databaseLocked24h: 2 } }),
    expected: [{ code: "database_locked", severity: "P2", value: 2 }],
  },
  {
    name: "errors over the 24 h threshold",
    agent: agentWith({ logs: { errorCount24h: 51 } }),
    expected: [{ code: "log_errors", severity: "P3", value: 51, threshold: 50 }],
  },
  { name: "errors at the threshold", agent: agentWith({ logs: { errorCount24h: 50 } }), expected: [] },
  {
    name: "disks critical and high",
    agent: agentWith({
      disks: [
        { mount: "/", usedPercent: 96 },
        { mount: "/var/lib/docker", usedPercent: 92 },
        { mount: "/boot", usedPercent: 90 },
      ],
    }),
    expected: [
      { code: "disk_critical", severity: "P2", subject: "/", value: 96, threshold: 95 },
      { code: "disk_high", severity: "P3", subject: "/var/lib/docker", value: 92, threshold: 90 },
    ],
  },
  {
    name: "memory high",
    agent: agentWith({ memory: { usedPercent: 91 } }),
    expected: [{ code: "memory_high", severity: "P2", value: 91, threshold: 90 }],
  },
  {
    name: "no backup at all",
    agent: agentWith({ backup: null }),
    expected: [{ code: "backup_missing", severity: "P3" }],
  },
  {
    name: "backup stale and small",
    agent: agentWith({ backup: { file: "b.tar.gz", ageHours: 26, sizeBytes: 999 } }),
    expected: [
      { code: "backup_stale", severity: "P3", subject: "b.tar.gz", value: 26, threshold: 25 },
      { code: "backup_small", severity: "P3", subject: "b.tar.gz", value: 999, threshold: 1_000 },
    ],
  },
  {
    name: "grafana down, loki not deployed",
    agent: agentWith({
      monitoring: { prometheus: { ok: true }, grafana: { ok: false, reason: "connection refused" } },
    }),
    expected: [{ code: "monitoring_down", severity: "P3", subject: "grafana", reason: "connection refused" }],
  },
  {
    name: "collector errors are not findings",
    agent: agentWith({ containers: { error: "docker: not found" }, disks: { error: "df timed out" } }),
    expected: [],
  },
  {
    name: "severity override and custom thresholds",
    service: {
      severities: { disk_high: "P2", agent_unreachable: "P4" },
      thresholds: { diskHighPercent: 80, diskCriticalPercent: 99 },
    },
    agent: agentWith({ disks: [{ mount: "/", usedPercent: 97 }] }),
    expected: [{ code: "disk_high", severity: "P2", value: 97, threshold: 80 }],
  },
  {
    name: "agent_unreachable demoted by config",
    service: { severities: { agent_unreachable: "P4" } },
    agent: downAgent,
    expected: [{ code: "agent_unreachable", severity: "P4" }],
  },
  {
    name: "a report collected 30 min ago (the agent is stuck) counts as an unreachable agent",
    agent: agentWith({ collectedAt: minutesAgo(30), disks: [{ mount: "/", usedPercent: 99 }] }),
    expected: [
      {
        code: "agent_unreachable",
        severity: "P3",
        reason: expect.stringMatching(/stale: collected 30 min ago/),
      },
    ],
  },
  {
    name: "a stuck agent while /health is down folds into one P1",
    health: downHealth,
    agent: agentWith({ collectedAt: minutesAgo(30) }),
    expected: [{ code: "health_and_agent_down", severity: "P1" }],
  },
  {
    name: "a report collected 5 min ago is still trusted",
    agent: agentWith({ collectedAt: minutesAgo(5), disks: [{ mount: "/", usedPercent: 99 }] }),
    expected: [{ code: "disk_critical", subject: "/" }],
  },
  {
    name: "custom container names",
    service: { appContainer: "api", dependencyContainers: ["db"] },
    expected: [
      { code: "app_container_down", subject: "api" },
      { code: "dependency_container_down", subject: "db" },
    ],
  },
];

describe("classify", () => {
  it.each(cases)("$name", ({ health = okHealth, agent, service, expected }) => {
    const a = agent === "none" ? undefined : (agent ?? agentWith());
    const findings = classify(makeService(service), health, a, T0);
    expect(findings.map((f) => f.code)).toEqual(expected.map((e) => e.code));
    expect(findings).toMatchObject(expected);
  });

  it("the table covers every finding code classify can produce", () => {
    const seen = new Set<string>();
    for (const { health = okHealth, agent, service } of cases) {
      const a = agent === "none" ? undefined : (agent ?? agentWith());
      for (const f of classify(makeService(service), health, a, T0)) seen.add(f.code);
    }
    // version_changed needs history and network_path a second vantage: the Durable Object makes those.
    // The general checks make their own (test/checks/general.test.ts).
    const general = ["http_check_failed", "http_check_slow", "tcp_check_failed", "dns_check_failed"];
    // Heartbeats are kept by the Durable Object (test/durable/heartbeats.test.ts).
    general.push("heartbeat_missed", "heartbeat_failed");
    // Certificates come from the agent's `tls` section (test/checks/tls.test.ts).
    general.push("tls_expiring", "tls_invalid");
    const elsewhere = ["version_changed", "network_path", ...general];
    expect([...seen].sort()).toEqual(FINDING_CODES.filter((c) => !elsewhere.includes(c)).sort());
  });
});

describe("collectorErrors", () => {
  it("lists each failed collector with its section", () => {
    const report = healthyReport(
      { disks: { error: "df timed out" }, redis: { error: "redis-cli missing" } },
      T0,
    );
    expect(collectorErrors(report)).toEqual(["disks: df timed out", "redis: redis-cli missing"]);
    expect(collectorErrors(healthyReport({}, T0))).toEqual([]);
  });
});
