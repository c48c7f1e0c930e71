import { runInDurableObject } from "cloudflare:test";
import { expect, it } from "vitest";
import { estimateUsage, serviceDaily } from "../../src/config/budget";
import { HISTORY_ROWS_PER_DAY } from "../../src/config/history-budget";
import type { MonitorStore } from "../../src/durable/monitor-store";
import type { ServiceMonitor } from "../../src/durable/service-monitor";
import type { MonitorEngine } from "../../src/monitor/engine";
import { alarmsUntil, freshStart, healedAfterEach, setClock, tick, Watched } from "../support/runtime";

const MIN = 60_000;
const watch = healedAfterEach();

it("issue 15 item 2: the service object keeps its history in SQLite, one row per closed minute, never one per probe", async () => {
  const w = watch(new Watched("hist-rows"));
  await w.heal();
  // On a minute boundary, so the minutes closed below are exact.
  const start = Math.ceil(freshStart() / MIN) * MIN;
  await setClock(w.stub, start);
  await tick(); // never probed: the supervisor probes once and arms the 10 s alarm
  const before = await runInDurableObject(w.stub, (instance: ServiceMonitor) => {
    const store = Reflect.get(instance, "store") as MonitorStore;
    return store.historyTable.rowsWritten;
  });
  const ran = await alarmsUntil(w.stub, start + 5 * MIN);
  await runInDurableObject(w.stub, (instance: ServiceMonitor) => {
    const store = Reflect.get(instance, "store") as MonitorStore;
    const engine = Reflect.get(instance, "engine") as MonitorEngine;
    // Five minutes closed (the sixth is still in memory), whatever the 30 probes: five upserts,
    // plus an hour's roll-up if the five minutes crossed one.
    const written = store.historyTable.rowsWritten - before;
    expect(written).toBeGreaterThanOrEqual(5);
    expect(written).toBeLessThanOrEqual(5 + 2);
    const points = engine.uptime.points(start, start + 6 * MIN, "1m");
    expect(points).toHaveLength(6);
    expect(points.reduce((n, p) => n + p.probes, 0)).toBe(ran.length + 1);
    expect(points.every((p) => p.failures === 0 && p.uptime.byProbes === 100)).toBe(true);
    // The stored minutes read back from the table, the open one from memory.
    expect(store.historyTable.range("minute", start, start + 6 * MIN)).toHaveLength(5);
  });
});

it("issue 15 item 2: the plan estimate counts the history's rows", () => {
  const base = { escalation: { levels: { L1: [] } }, notify: { outbox: false } };
  const one = estimateUsage({ ...base, services: [{ probeEvery: 10_000 }] }).rowsWritten;
  const two = estimateUsage({
    ...base,
    services: [{ probeEvery: 10_000 }, { probeEvery: 10_000 }],
  }).rowsWritten;
  // A second service adds its probes' rows and its history's 1,440 minutes and 25 roll-ups.
  const probeRows = serviceDaily({ probeEvery: 10_000 }).rowsWritten;
  expect(HISTORY_ROWS_PER_DAY).toBe(1465);
  expect(two - one).toBe(probeRows + HISTORY_ROWS_PER_DAY);
});
