import { describe, expect, it } from "vitest";
import type { DiagnosticsSnapshot } from "../../src/checks/diagnostics";
import type { DiagnosticsRequest, DiagnosticsResult } from "../../src/checks/diagnostics-fetch";
import { SUMMARY_LINES, summariseSnapshot } from "../../src/checks/diagnostics-summary";
import type { Config } from "../../src/config/schema";
import { MonitorEngine } from "../../src/monitor/engine";
import { MemoryAlarm, MemoryStore } from "../../src/monitor/memory";
import type { ActionDelivery, DiagnosticsNotice } from "../../src/monitor/ports";
import { probe, T0 } from "../escalation/sim";
import { COUNT_RULE, testConfig } from "../support/test-config";

const delivered: ActionDelivery = { ok: true, retryable: false, events: [], refs: [], targets: new Map() };

function config(agentUrl = "https://demo.example/agent/status"): Config {
  return testConfig({
    services: [
      {
        id: "demo",
        name: "Demo",
        healthUrl: "https://demo.example/health",
        ...(agentUrl ? { agentUrl } : {}),
        thresholds: COUNT_RULE,
        probeEvery: "60s",
      },
    ],
    escalation: { levels: { L1: [{ channel: "telegram", chatId: 1 }] } },
  });
}

/** A snapshot as the agent sends it when the bot crashed on an exception. */
function crashedSnapshot(incident: string): DiagnosticsSnapshot {
  return {
    schema: 1,
    incident,
    level: "P1",
    collectedAt: new Date(T0).toISOString(),
    containers: [
      {
        name: "telegram-bot",
        state: "exited",
        status: "Exited (1) 2 minutes ago",
        restartCount: 4,
        exitCode: 1,
      },
      { name: "calendar-redis", state: "running", status: "Up 3 days", restartCount: 0 },
    ],
    logs: {
      container: "telegram-bot",
      lines: [
        "INFO: Bot started",
        "Traceback (most recent call last):",
        '  File "/app/main.py", line 12, in <module>',
        "sqlite3.OperationalError: database is locked",
      ],
      truncated: false,
    },
    memory: { usedPercent: 41 },
    disks: [{ mount: "/", usedPercent: 96 }],
  };
}

/** An engine whose agent answers with `answer`, recording the order of pages, asks and follow-ups. */
function rig(answer: (req: DiagnosticsRequest) => Promise<DiagnosticsResult>, cfg = config()) {
  const store = new MemoryStore();
  store.setServiceId("demo");
  const clock = { now: T0 };
  const order: string[] = [];
  const notices: DiagnosticsNotice[] = [];
  const alarm = new MemoryAlarm();
  const engine = new MonitorEngine({
    store,
    config: () => cfg,
    probe: async () => probe(clock.now, ["health_down"]),
    askVantage: async (_s, region) => ({ answered: false, location: region, reason: "none" }),
    send: async (_c, action) => {
      order.push(`send ${action.kind} ${action.level}`);
      return delivered;
    },
    alarm,
    now: () => clock.now,
    count: async () => {},
    diagnostics: {
      ask: async (_service, req) => {
        order.push(`ask ${req.level}`);
        return answer(req);
      },
      notify: async (_c, _key, notice) => {
        order.push("follow-up");
        notices.push(notice);
        return true;
      },
    },
  });
  const open = async () => {
    await engine.ingest(probe(T0, ["health_down"]));
    while (engine.history(1).length === 0 && alarm.at !== null && alarm.at <= T0 + 60_000) {
      clock.now = alarm.at;
      alarm.at = null;
      await engine.alarm();
    }
    const view = engine.history(1)[0];
    if (!view) throw new Error("no incident opened");
    return view;
  };
  return { store, engine, order, notices, open, clock };
}

describe("issue 14 item 2: diagnostics after the page", () => {
  it("issue 14 item 2: a P1 opens → the page goes out first, then the snapshot is stored, on the timeline and summarised to L1", async () => {
    const r = rig(async (req) => ({ ok: true, snapshot: crashedSnapshot(req.incident), latencyMs: 120 }));
    const opened = await r.open();
    expect(opened.severity).toBe("P1");
    expect(r.order.slice(0, 3)).toEqual(["send page L1", "ask P1", "follow-up"]);
    const stored = r.store.diagnostics(opened.id);
    expect(stored).toMatchObject({ ok: true, trigger: "opened", incidentId: opened.id });
    expect(stored?.summary).toEqual([
      "telegram-bot: Exited (1) 2 minutes ago, 4 restarts",
      "disk / 96 % used",
      "Traceback (most recent call last):",
      "sqlite3.OperationalError: database is locked",
    ]);
    const note = r.engine.incident(opened.id)?.timeline.find((e) => e.by === "watchdog agent");
    expect(note?.text).toBe(`diagnostics: ${stored?.summary.join(" | ")}`);
    expect(r.notices).toEqual([{ serviceName: "Demo", incidentId: opened.id, lines: stored?.summary }]);
    // Asked once per incident: later events do not ask again.
    r.clock.now += 60_000;
    await r.engine.ingest(probe(r.clock.now, ["health_down"]));
    expect(r.order.filter((o) => o.startsWith("ask"))).toHaveLength(1);
  });

  it("issue 14 item 2: agent down → the page is not held back, and the snapshot is marked unavailable once", async () => {
    const r = rig(async () => ({ ok: false, reason: "timed out after 5000 ms", latencyMs: 5000 }));
    const opened = await r.open();
    expect(r.order[0]).toBe("send page L1");
    expect(r.store.diagnostics(opened.id)).toMatchObject({
      ok: false,
      reason: "timed out after 5000 ms",
      summary: [],
    });
    const note = r.engine.incident(opened.id)?.timeline.find((e) => e.by === "watchdog agent");
    expect(note?.text).toBe("diagnostics unavailable: timed out after 5000 ms");
    expect(r.notices).toEqual([
      { serviceName: "Demo", incidentId: opened.id, unavailable: "timed out after 5000 ms" },
    ]);
    r.clock.now += 60_000;
    await r.engine.ingest(probe(r.clock.now, ["health_down"]));
    expect(r.order.filter((o) => o.startsWith("ask"))).toHaveLength(1);
  });

  it("issue 14 item 2: on demand, a fresh snapshot replaces the kept one; a service without agentUrl is never asked", async () => {
    let n = 0;
    const r = rig(async (req) => {
      n++;
      const snap = crashedSnapshot(req.incident);
      return { ok: true, snapshot: { ...snap, memory: { usedPercent: n === 1 ? 41 : 97 } }, latencyMs: 1 };
    });
    const opened = await r.open();
    const fresh = await r.engine.refreshDiagnostics(opened.id);
    expect(fresh).toMatchObject({ ok: true, trigger: "on_demand" });
    expect(r.store.diagnostics(opened.id)?.summary).toContain("memory 97 % used");
    const none = rig(async () => {
      throw new Error("must not be asked");
    }, config(""));
    await none.open();
    expect(none.order.filter((o) => o.startsWith("ask"))).toEqual([]);
  });
});

describe("issue 14 item 2: a slow agent never holds the probing", () => {
  it("issue 14 item 2: while the agent has not answered, the next supervising tick still probes", async () => {
    const r = rig(() => new Promise<DiagnosticsResult>(() => {}));
    await r.open();
    expect(r.order).toContain("ask P1");
    r.clock.now += 60_000;
    expect(await r.engine.supervise("demo")).toBe("probed");
  });
});

describe("issue 14 item 2: the summary", () => {
  it("issue 14 item 2: at most five lines, the last error always among them, a quiet snapshot says so", () => {
    const snap = crashedSnapshot("demo:1");
    const many = {
      ...snap,
      containers: Array.from({ length: 8 }, (_, i) => ({
        name: `c${i}`,
        state: "exited" as const,
        restartCount: i,
      })),
    };
    const lines = summariseSnapshot(many);
    expect(lines).toHaveLength(SUMMARY_LINES);
    expect(lines.at(-1)).toBe("sqlite3.OperationalError: database is locked");
    const quiet: DiagnosticsSnapshot = {
      ...snap,
      containers: [
        { name: "telegram-bot", state: "running", status: "Up 1 hour (healthy)", restartCount: 0 },
      ],
      logs: { container: "telegram-bot", lines: ["INFO ok"], truncated: false },
      disks: [{ mount: "/", usedPercent: 40 }],
    };
    expect(summariseSnapshot(quiet)).toEqual([
      "all containers running, no errors in the last 1 log lines; memory 41 %",
    ]);
  });
});
