import { describe, expect, it } from "vitest";
import { probeService } from "../../src/checks/probe";
import type { Action } from "../../src/escalation/types";
import { MonitorEngine } from "../../src/monitor/engine";
import { MemoryAlarm, MemoryStore } from "../../src/monitor/memory";
import { Fake } from "../support/fake-client";
import { COUNT_RULE, testConfig } from "../support/test-config";
import { T0 } from "../support/time";

describe("issue 16 item 3: a checks-only service on the engine", () => {
  it("issue 16 item 3: a checks-only service whose http check fails opens an incident and pages, and recovers", async () => {
    const fake = new Fake();
    const url = await fake.script("/api", { status: 503, body: "db down" });
    const config = testConfig({
      services: [
        {
          id: "api",
          name: "API",
          checks: [{ kind: "http", url }],
          thresholds: COUNT_RULE,
          probeEvery: "60s",
        },
      ],
    });
    const store = new MemoryStore();
    store.setServiceId("api");
    const alarm = new MemoryAlarm();
    const clock = { now: T0 };
    const sends: Action[] = [];
    const engine = new MonitorEngine({
      store,
      config: () => config,
      // The real probe against the loopback fake: only the general check is requested.
      probe: (service) => probeService(service, { fetch, now: () => clock.now, agentSecret: "unused" }),
      askVantage: async (_s, region) => ({ answered: false, location: region, reason: "none" }),
      send: async (_config, action) => {
        sends.push(action);
        return { ok: true, retryable: false, events: [], refs: [], targets: new Map() };
      },
      alarm,
      now: () => clock.now,
      count: async () => {},
    });
    /** Supervises at `at`, then runs every alarm due before `until`. */
    const minute = async (at: number, until: number) => {
      clock.now = at;
      await engine.supervise("api");
      while (alarm.at !== null && alarm.at < until) {
        clock.now = alarm.at;
        alarm.at = null;
        await engine.alarm();
      }
    };

    await minute(T0, T0 + 60_000);
    const [incident] = engine.history(1);
    expect(incident?.status).toBe("open");
    expect(incident?.severity).toBe("P2");
    expect(incident?.findings).toEqual([
      expect.objectContaining({
        code: "http_check_failed",
        check: "check",
        reason: "HTTP 503, expected 200: db down",
      }),
    ]);
    expect(sends.filter((a) => a.kind === "page")).toHaveLength(1);
    const probe = store.lastProbe();
    expect(probe?.health).toBeUndefined();
    expect(probe?.checks).toEqual([expect.objectContaining({ kind: "http", ok: false })]);
    // No /health was asked for: the check is the only thing probed.
    const calls = await fake.calls();
    expect(calls.length).toBeGreaterThanOrEqual(COUNT_RULE.failureThreshold);
    expect(calls.every((c) => c.path.endsWith("/api"))).toBe(true);

    await fake.script("/api", { body: "ok" });
    await minute(T0 + 60_000, T0 + 120_000);
    expect(engine.history(1)[0]?.status).toBe("resolved");
    expect(store.lastProbe()?.checks).toEqual([expect.objectContaining({ ok: true })]);
  });
});
