import { describe, expect, it } from "vitest";
import type { AgentActionResult } from "../../src/checks/agent-action";
import { probeService } from "../../src/checks/probe";
import { renderRemediationNotice } from "../../src/escalation/message/remediation";
import type { Action } from "../../src/escalation/types";
import { MonitorEngine } from "../../src/monitor/engine";
import { MemoryAlarm, MemoryStore } from "../../src/monitor/memory";
import type { RemediationNotice } from "../../src/monitor/remediation";
import { Fake } from "../support/fake-client";
import { COUNT_RULE, testConfig } from "../support/test-config";
import { T0 } from "../support/time";

/**
 * An engine watching `api` through one http check on the loopback fake (no /health), probed by
 * the real `probeService`; with `agent`, it has an agent whose restart the test answers.
 */
async function rig(opts: { agent?: boolean } = {}) {
  const fake = new Fake();
  const url = await fake.script("/api", { status: 503, body: "db down" });
  // An agent that answers 503 (its finding made P4 below, so it holds no incident open); the
  // restart port below answers for it.
  const agentUrl = await fake.script("/agent/status", { status: 503, body: "agent down" });
  const config = testConfig({
    services: [
      {
        id: "api",
        name: "API",
        checks: [{ kind: "http", url }],
        thresholds: COUNT_RULE,
        probeEvery: "60s",
        ...(opts.agent ? { agentUrl, severities: { agent_unreachable: "P4" } } : {}),
      },
    ],
  });
  const store = new MemoryStore();
  store.setServiceId("api");
  const alarm = new MemoryAlarm();
  const clock = { now: T0 };
  const sends: Action[] = [];
  const notices: RemediationNotice[] = [];
  const engine = new MonitorEngine({
    store,
    config: () => config,
    probe: (service) => probeService(service, { fetch, now: () => clock.now, agentSecret: "unused" }),
    askVantage: async (_s, region) => ({ answered: false, location: region, reason: "none" }),
    send: async (_config, action) => {
      sends.push(action);
      return { ok: true, retryable: false, events: [], refs: [], targets: new Map() };
    },
    alarm,
    now: () => clock.now,
    count: async () => {},
    remediation: {
      run: async (_service, req): Promise<AgentActionResult> => {
        // The restart fixes the service: its check answers 200 from now on.
        await fake.script("/api", { body: "ok" });
        return {
          answered: true,
          ok: true,
          audit: {
            action: req.action,
            client: "203.0.113.1",
            outcome: "healthy",
            status: 200,
            durationMs: 900,
          },
        };
      },
      notify: async (_config, _key, notice) => {
        notices.push(notice);
        return true;
      },
    },
  });
  /** Runs every alarm due before `until`, each at its time. */
  const alarmsUntil = async (until: number) => {
    while (alarm.at !== null && alarm.at < until) {
      clock.now = Math.max(clock.now, alarm.at);
      alarm.at = null;
      await engine.alarm();
    }
  };
  /** The tick's supervise call at `at`, then the alarms of the minute. */
  const minute = async (at: number) => {
    clock.now = at;
    await engine.supervise("api");
    await alarmsUntil(at + 60_000);
  };
  return { fake, store, clock, sends, notices, engine, minute, alarmsUntil };
}

describe("issue 16 item 3: a checks-only service on the engine", () => {
  it("issue 16 item 3: a checks-only service whose http check fails opens an incident and pages, and recovers", async () => {
    const r = await rig();
    await r.minute(T0);
    const [incident] = r.engine.history(1);
    expect(incident?.status).toBe("open");
    expect(incident?.severity).toBe("P2");
    expect(incident?.findings).toEqual([
      expect.objectContaining({
        code: "http_check_failed",
        check: "check",
        reason: "HTTP 503, expected 200: db down",
      }),
    ]);
    expect(r.sends.filter((a) => a.kind === "page")).toHaveLength(1);
    const probe = r.store.lastProbe();
    expect(probe?.health).toBeUndefined();
    expect(probe?.checks).toEqual([expect.objectContaining({ kind: "http", ok: false })]);
    // No /health was asked for: the check is the only thing probed.
    const calls = await r.fake.calls();
    expect(calls.length).toBeGreaterThanOrEqual(COUNT_RULE.failureThreshold);
    expect(calls.every((c) => c.path.endsWith("/api"))).toBe(true);

    await r.fake.script("/api", { body: "ok" });
    await r.minute(T0 + 60_000);
    expect(r.engine.history(1)[0]?.status).toBe("resolved");
    expect(r.store.lastProbe()?.checks).toEqual([expect.objectContaining({ ok: true })]);
  });

  it("issue 16 item 3: a restart that fixes a checks-only service re-probes its checks and says they pass, not /health", async () => {
    const r = await rig({ agent: true });
    await r.minute(T0);
    const incident = r.engine.history(1)[0];
    if (incident?.status !== "open") throw new Error("no incident opened");
    r.clock.now = T0 + 90_000;
    const outcome = await r.engine.remediate(
      { incidentId: incident.id, epoch: incident.epoch },
      { by: "anna" },
      "restart-app",
    );
    expect(outcome.ok).toBe(true);
    await r.alarmsUntil(T0 + 90_000 + 120_000);
    const after = r.engine.incident(incident.id);
    expect(after?.status).toBe("resolved");
    expect(after?.timeline.map((e) => e.text)).toContainEqual(
      expect.stringMatching(/^restart-app: checks passing again after \d+ s$/),
    );
    expect(r.notices).toEqual([expect.objectContaining({ outcome: "healthy", checksOnly: true })]);
    const [notice] = r.notices;
    if (!notice) throw new Error("no notice");
    const rendered = renderRemediationNotice({ locale: "en", ...notice, incidentUrl: "https://w.example/i" });
    expect(rendered.text).toMatch(/checks passing again after \d+ s/);
    expect(rendered.text).not.toContain("/health");
  });
});
