import { describe, expect, it } from "vitest";
import type { AgentActionResult } from "../../src/checks/agent-action";
import type { FindingCode } from "../../src/checks/types";
import type { Config } from "../../src/config/schema";
import { type AutoLog, autoRemediationAt, utcDay } from "../../src/escalation/core";
import type { IncidentView } from "../../src/escalation/types";
import { MonitorEngine } from "../../src/monitor/engine";
import { MemoryAlarm, MemoryStore } from "../../src/monitor/memory";
import type { ActionDelivery } from "../../src/monitor/ports";
import { AUTO_ACTOR } from "../../src/monitor/remediation";
import { probe, T0 } from "../escalation/sim";
import { COUNT_RULE, testConfig } from "../support/test-config";

const delivered: ActionDelivery = { ok: true, retryable: false, events: [], refs: [], targets: new Map() };
const MINUTE = 60_000;
const POLICY = { action: "restart-app", after: 2 * MINUTE, maxPerIncident: 1, maxPerDay: 3 } as const;

function config(extra: Record<string, unknown> = {}): Config {
  return testConfig({
    services: [
      {
        id: "demo",
        name: "Demo",
        healthUrl: "https://demo.example/health",
        agentUrl: "https://demo.example/agent/status",
        thresholds: COUNT_RULE,
        probeEvery: "60s",
        autoRemediate: { action: "restart-app", after: "2m" },
        ...extra,
      },
    ],
    escalation: {
      levels: { L1: [{ channel: "telegram", chatId: 1 }], L2: [{ channel: "telegram", chatId: 2 }] },
    },
  });
}

/**
 * An engine whose service stays down (or comes back when `fixes` says the restart worked), with an
 * agent that answers each action with `agentOk`. Records the actions the agent was asked for.
 */
function rig(opts: { cfg?: Config; agentOk?: boolean; fixes?: boolean } = {}) {
  const cfg = opts.cfg ?? config();
  const store = new MemoryStore();
  store.setServiceId("demo");
  const clock = { now: T0 };
  const alarm = new MemoryAlarm();
  const asked: { at: number; action: string; by: string }[] = [];
  let healthy = false;
  const engine = new MonitorEngine({
    store,
    config: () => cfg,
    probe: async () => probe(clock.now, healthy ? [] : ["health_down"]),
    askVantage: async (_s, region) => ({ answered: false, location: region, reason: "none" }),
    send: async () => delivered,
    alarm,
    now: () => clock.now,
    count: async () => {},
    remediation: {
      run: async (_service, req): Promise<AgentActionResult> => {
        asked.push({ at: clock.now, action: req.action, by: req.by });
        if (opts.fixes) healthy = true;
        const ok = opts.agentOk ?? true;
        return {
          answered: true,
          ok,
          audit: {
            action: req.action,
            client: "203.0.113.1",
            outcome: ok ? "healthy" : "failed",
            status: ok ? 200 : 502,
            durationMs: 900,
          },
        };
      },
      notify: async () => true,
    },
  });
  /** Runs every alarm due up to `until`, then the clock stands at `until`. */
  const runUntil = async (until: number) => {
    while (alarm.at !== null && alarm.at <= until) {
      clock.now = Math.max(clock.now, alarm.at);
      alarm.at = null;
      await engine.alarm();
    }
    clock.now = until;
  };
  const open = async (at: number) => {
    clock.now = at;
    healthy = false;
    await engine.ingest(probe(at, ["health_down"]));
    await runUntil(at + 30_000);
    const view = engine.history(1)[0];
    if (!view || view.status === "resolved") throw new Error("no incident opened");
    return view;
  };
  /** The service comes back; the tick's healthy probe and the re-checks resolve the incident. */
  const heal = async () => {
    healthy = true;
    await engine.ingest(probe(clock.now, []));
    await runUntil(clock.now + 30_000);
  };
  return { store, engine, clock, alarm, asked, open, runUntil, heal };
}

function view(codes: FindingCode[] = ["health_down"], extra: Partial<IncidentView> = {}): IncidentView {
  const findings = probe(T0, codes).findings;
  return {
    id: "demo:1",
    serviceId: "demo",
    epoch: 1,
    severity: "P1",
    status: "open",
    openedAt: T0,
    findings,
    paged: ["L1"],
    timeline: [],
    ...extra,
  } as IncidentView;
}

describe("issue 14 item 4: autoRemediate, the decision", () => {
  const log = (extra: Partial<AutoLog> = {}): AutoLog => ({
    day: utcDay(T0),
    count: 0,
    failed: false,
    incidentCount: 0,
    ...extra,
  });
  it("is due `after` the opening of an open P1 health outage, and never otherwise", () => {
    expect(autoRemediationAt(POLICY, view(), T0, [], undefined)).toBe(T0 + 2 * MINUTE);
    expect(autoRemediationAt(undefined, view(), T0, [], undefined)).toBeUndefined();
    expect(
      autoRemediationAt(POLICY, view(["redis_down"], { severity: "P2" }), T0, [], undefined),
    ).toBeUndefined();
    expect(
      autoRemediationAt(POLICY, view(undefined, { status: "acknowledged" }), T0, [], undefined),
    ).toBeUndefined();
    expect(
      autoRemediationAt(POLICY, view(undefined, { status: "resolved" }), T0, [], undefined),
    ).toBeUndefined();
  });
  it("never in maintenance, never above its caps, never after a failed one that day", () => {
    const window = [{ start: T0 - MINUTE, end: T0 + 10 * MINUTE }];
    expect(autoRemediationAt(POLICY, view(), T0 + 3 * MINUTE, window, undefined)).toBeUndefined();
    expect(autoRemediationAt(POLICY, view(), T0, [], log({ count: 3 }))).toBeUndefined();
    expect(autoRemediationAt(POLICY, view(), T0, [], log({ count: 1, failed: true }))).toBeUndefined();
    expect(
      autoRemediationAt(POLICY, view(), T0, [], log({ incidentId: "demo:1", incidentCount: 1 })),
    ).toBeUndefined();
    // Yesterday's cap and failure do not count today; another incident has its own turn.
    const yesterday = log({
      day: utcDay(T0 - 86_400_000),
      count: 3,
      failed: true,
      incidentId: "demo:0",
      incidentCount: 1,
    });
    expect(autoRemediationAt(POLICY, view(), T0, [], yesterday)).toBe(T0 + 2 * MINUTE);
  });
});

describe("issue 14 item 4: autoRemediate through the engine", () => {
  it("runs once per incident, `after` the opening, as the watchdog, without acknowledging", async () => {
    const r = rig();
    const opened = await r.open(T0);
    await r.runUntil(opened.openedAt + 2 * MINUTE - 1_000);
    expect(r.asked).toHaveLength(0);
    await r.runUntil(opened.openedAt + 20 * MINUTE);
    expect(r.asked).toHaveLength(1);
    expect(r.asked[0]?.at).toBe(opened.openedAt + 2 * MINUTE);
    expect(r.asked[0]?.action).toBe("restart-app");
    const now = r.engine.incident(opened.id);
    expect(now?.status).toBe("open");
    expect(now?.acknowledgedAt).toBeUndefined();
    expect(
      now?.timeline.some((e) => e.by === AUTO_ACTOR && e.text.includes("restart-app by the watchdog")),
    ).toBe(true);
    // Escalation goes on on its normal clock: L2 was paged.
    expect(now?.paged).toContain("L2");
  });

  it("a restart that fixes it resolves the incident by the normal recovery rule", async () => {
    const r = rig({ fixes: true });
    const opened = await r.open(T0);
    await r.runUntil(opened.openedAt + 5 * MINUTE);
    expect(r.asked).toHaveLength(1);
    expect(r.engine.incident(opened.id)?.status).toBe("resolved");
  });

  it("never during a maintenance window", async () => {
    const r = rig({
      cfg: config({
        maintenance: [
          {
            start: new Date(T0 + MINUTE).toISOString(),
            end: new Date(T0 + 30 * MINUTE).toISOString(),
            reason: "planned",
          },
        ],
      }),
    });
    await r.open(T0);
    await r.runUntil(T0 + 20 * MINUTE);
    expect(r.asked).toHaveLength(0);
  });

  it("never above its daily cap, and never again on a day whose automatic action failed", async () => {
    const capped = rig({
      fixes: true,
      cfg: config({ autoRemediate: { action: "restart-app", after: "1m", maxPerDay: 2 } }),
    });
    for (let i = 0; i < 3; i++) {
      // Beyond the 10-minute reopen window: each outage is a new incident.
      const opened = await capped.open(capped.clock.now + 15 * MINUTE);
      await capped.runUntil(opened.openedAt + 4 * MINUTE);
      expect(capped.engine.incident(opened.id)?.status).toBe(i < 2 ? "resolved" : "open");
      if (i === 2) await capped.heal();
    }
    expect(capped.asked).toHaveLength(2);

    const failing = rig({ agentOk: false });
    const first = await failing.open(T0);
    await failing.runUntil(first.openedAt + 5 * MINUTE);
    expect(failing.asked).toHaveLength(1);
    await failing.heal();
    expect(failing.engine.incident(first.id)?.status).toBe("resolved");
    const second = await failing.open(failing.clock.now + 15 * MINUTE);
    await failing.runUntil(second.openedAt + 10 * MINUTE);
    expect(second.id).not.toBe(first.id);
    expect(failing.asked).toHaveLength(1);
  });

  it("a service without an agent cannot have autoRemediate: the config says why", () => {
    expect(() =>
      testConfig({
        services: [
          {
            id: "demo",
            name: "Demo",
            healthUrl: "https://demo.example/health",
            autoRemediate: { after: "2m" },
          },
        ],
      }),
    ).toThrow(/autoRemediate.*needs the service's agentUrl/s);
  });
});
