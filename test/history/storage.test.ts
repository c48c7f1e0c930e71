import { env, evictDurableObject, runInDurableObject } from "cloudflare:test";
import { expect, it } from "vitest";
import { estimateUsage, serviceDaily } from "../../src/config/budget";
import { HISTORY_ROWS_PER_DAY } from "../../src/config/history-budget";
import { SqlHistoryRows } from "../../src/durable/history-rows";
import type { MonitorStore } from "../../src/durable/monitor-store";
import type { ServiceMonitor } from "../../src/durable/service-monitor";
import { BLOCK_MS, BLOCK_SLOTS, DAY_MS, emptyBucket, HistoryBook, KEEP, slotOf } from "../../src/history";
import type { MonitorEngine } from "../../src/monitor/engine";
import { alarmsUntil, freshStart, healedAfterEach, setClock, tick, Watched } from "../support/runtime";

const MIN = 60_000;
const watch = healedAfterEach();
// Eviction waits for the object's pending request timers to drain (test/durable/eviction.test.ts).
const EVICTION_TIMEOUT = 30_000;

const historyTable = (instance: ServiceMonitor) =>
  (Reflect.get(instance, "store") as MonitorStore).historyTable;

it(
  "issue 17 item 7: history minutes are written a block at a time; reads include the open block, an eviction loses at most it",
  async () => {
    const w = watch(new Watched("hist-rows"));
    await w.heal();
    // On a block boundary, so the blocks closed below are exact.
    const start = Math.ceil(freshStart() / BLOCK_MS) * BLOCK_MS;
    await setClock(w.stub, start);
    await tick(); // never probed: the supervisor probes once and arms the 10 s alarm
    const before = await runInDurableObject(w.stub, (i: ServiceMonitor) => historyTable(i).rowsWritten);
    const ran = await alarmsUntil(w.stub, start + 25 * MIN);
    await runInDurableObject(w.stub, (instance: ServiceMonitor) => {
      const table = historyTable(instance);
      const engine = Reflect.get(instance, "engine") as MonitorEngine;
      // 25 minutes closed, 150 probes: two blocks written, plus an hour's roll-up if they crossed one.
      const written = table.rowsWritten - before;
      expect(written).toBeGreaterThanOrEqual(2);
      expect(written).toBeLessThanOrEqual(2 + 1);
      const points = engine.uptime.points(start, start + 26 * MIN, "1m");
      expect(points).toHaveLength(26);
      expect(points.reduce((n, p) => n + p.probes, 0)).toBe(ran.length + 1);
      expect(points.every((p) => p.failures === 0 && p.uptime.byProbes === 100)).toBe(true);
      // The table's reads hold the closed minutes: 20 stored in blocks, 5 in the open block.
      expect(table.range("minute", start, start + 26 * MIN)).toHaveLength(25);
    });

    await evictDurableObject(w.stub);
    // Lost: the open block's five minutes and the minute in progress; the two blocks remain.
    const kept = await runInDurableObject(w.stub, (instance: ServiceMonitor) => {
      const engine = Reflect.get(instance, "engine") as MonitorEngine;
      return engine.uptime.points(start, start + 26 * MIN, "1m");
    });
    expect(kept.map((p) => p.start)).toEqual(Array.from({ length: 20 }, (_, i) => start + i * MIN));
  },
  EVICTION_TIMEOUT,
);

it("issue 17 item 7: three days of minutes write HISTORY_ROWS_PER_DAY rows a day and stay within the ring", async () => {
  // An object no test service uses: its table is this test's alone.
  const stub = env.SERVICE_MONITOR.getByName("hist-blocks");
  await runInDurableObject(stub, (_instance: ServiceMonitor, state) => {
    const rows = new SqlHistoryRows(state.storage.sql);
    const book = new HistoryBook(rows);
    const t0 = Date.UTC(2026, 2, 1);
    const days = 3;
    for (let t = t0; t < t0 + days * DAY_MS; t += MIN)
      book.observe({ at: t, probe: { failed: false, latencyMs: 40 } });
    expect(rows.rowsWritten).toBeLessThanOrEqual(days * HISTORY_ROWS_PER_DAY);
    // The last block, hour and day are still open: one row each short of the full days.
    expect(rows.rowsWritten).toBe(days * HISTORY_ROWS_PER_DAY - 3);
    // 48 h of blocks, 71 closed hours and 2 closed days: a block ring of 288 rows, not 2,880 minute rows.
    expect(rows.count()).toBe(BLOCK_SLOTS + 71 + 2);
    expect(rows.count()).toBeLessThanOrEqual(BLOCK_SLOTS + KEEP.hour.slots + KEEP.day.slots);

    // A failed probe's minute is written with its block when it closes, not when the block does.
    const fail = t0 + days * DAY_MS + 3 * MIN;
    book.observe({ at: fail - MIN, probe: { failed: false, latencyMs: 40 } });
    book.observe({ at: fail, probe: { failed: true, latencyMs: 40 } });
    const written = rows.rowsWritten;
    book.observe({ at: fail + MIN, probe: { failed: false, latencyMs: 40 } });
    expect(rows.rowsWritten).toBe(written + 1);
    // A new instance on the same storage (an eviction) still has it, and minutes an earlier
    // version stored one per row.
    const legacy = { ...emptyBucket(fail - 10 * DAY_MS), probes: 7 };
    state.storage.sql.exec(
      "INSERT INTO hist (res, slot, start, data) VALUES ('minute', ?, ?, ?)",
      slotOf("minute", legacy.start),
      legacy.start,
      JSON.stringify(legacy),
    );
    const after = new SqlHistoryRows(state.storage.sql);
    expect(after.range("minute", fail, fail + MIN)[0]?.failures).toBe(1);
    expect(after.range("minute", legacy.start, legacy.start + MIN)).toEqual([legacy]);
  });
});

it("issue 15 item 2: the plan estimate counts the history's rows", () => {
  const base = { escalation: { levels: { L1: [] } }, notify: { outbox: false } };
  const one = estimateUsage({ ...base, services: [{ probeEvery: 10_000 }] }).rowsWritten;
  const two = estimateUsage({
    ...base,
    services: [{ probeEvery: 10_000 }, { probeEvery: 10_000 }],
  }).rowsWritten;
  // A second service adds its probes' rows and its history's 144 blocks and 25 roll-ups.
  const probeRows = serviceDaily({ probeEvery: 10_000 }).rowsWritten;
  expect(HISTORY_ROWS_PER_DAY).toBe(169);
  expect(two - one).toBe(probeRows + HISTORY_ROWS_PER_DAY);
});
