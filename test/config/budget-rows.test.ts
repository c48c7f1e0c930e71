import {
  createExecutionContext,
  createScheduledController,
  env,
  runInDurableObject,
  waitOnExecutionContext,
} from "cloudflare:test";
import { expect, it } from "vitest";
import {
  estimateUsage,
  MONITOR_ROWS_PER_PROBE,
  MONITOR_ROWS_PER_SUPERVISE,
  REPORT_ROWS,
  ROWS_PER_SET_ALARM,
  STATE_CALLS_PER_TICK,
  STATE_ROWS_PER_TICK,
  SUMMARY_ROWS_PER_TICK,
} from "../../src/config/budget";
import { configFromEnv } from "../../src/config/load";
import type { Config } from "../../src/config/schema";
import { ROWS_PER_STATE_FLUSH, stateRowsPerDay } from "../../src/config/write-budget";
import type { MonitorStore } from "../../src/durable/monitor-store";
import type { ServiceMonitor } from "../../src/durable/service-monitor";
import { stateStub } from "../../src/durable/stubs";
import type { WatchdogState } from "../../src/durable/watchdog-state";
import type { OutboxEntry } from "../../src/escalation/notify/outbox";
import worker from "../../src/index";
import { alarmAt, armedAt, setClock, tick, Watched } from "../support/runtime";

/**
 * Holds the cost estimate (src/config/budget.ts) to what the real Durable Objects do: the rows
 * a healthy probe and a tick write, measured through the stores' counters, and the calls a tick
 * makes. Each measure must stay within its constant, or the estimate has become an underestimate.
 */

/** `bud-self` probes itself this often (test-config.ts). */
const EVERY = 10_000;
const DAY_MS = 86_400_000;
/** A cron time at the daily report's hour (06 UTC by default). */
const REPORT_HOUR = Date.UTC(2026, 0, 1, 6, 0, 0);

function config(): Config {
  const parsed = configFromEnv(env);
  if (!parsed.ok) throw new Error("the test config does not parse");
  return parsed.config;
}

const stateObject = () => env.WATCHDOG_STATE.getByName("global");

async function monitorRows(w: Watched): Promise<number> {
  return runInDurableObject(w.stub, (instance: ServiceMonitor) => {
    const store = Reflect.get(instance, "store") as MonitorStore;
    return store.rowsWritten;
  });
}

async function stateRows(): Promise<number> {
  return runInDurableObject(stateObject(), (instance: WatchdogState) => instance.rowsWritten);
}

/** Counts an object's `setAlarm` calls from now on (each is billed as one row written). */
async function countSetAlarms(stub: DurableObjectStub<ServiceMonitor> | DurableObjectStub<WatchdogState>) {
  const counter = { calls: 0 };
  await runInDurableObject(stub, (_instance: unknown, state) => {
    const setAlarm = state.storage.setAlarm.bind(state.storage);
    Reflect.set(state.storage, "setAlarm", (...args: Parameters<typeof setAlarm>) => {
      counter.calls++;
      return setAlarm(...args);
    });
  });
  return counter;
}

async function lastProbeAt(w: Watched): Promise<number | undefined> {
  return (await w.api.snapshot()).lastProbe?.at;
}

/** The last probe's time as SQLite holds it, which an eviction would leave. */
async function storedProbeAt(w: Watched): Promise<number | undefined> {
  return runInDurableObject(w.stub, (instance: ServiceMonitor) => {
    const store = Reflect.get(instance, "store") as MonitorStore;
    return store.lastProbe()?.at;
  });
}

/** The rows `probes` healthy probes every `every` ms may write by the estimate: their share of a day. */
const allowedRows = (every: number, probes: number) => (stateRowsPerDay(every) * probes * every) / DAY_MS;

it("issue 17 item 7: 15 healthy probes by the tick write at most the flush's rows, and the snapshot shows each one", async () => {
  const w = new Watched("bud-rows");
  await w.heal();
  const start = Date.now();
  await setClock(w.stub, start);
  // The first tick also records the service id; the steady state starts after it.
  await tick();
  const alarms = await countSetAlarms(w.stub);
  const before = await monitorRows(w);
  const probes = 15;
  const every = 60_000;
  for (let i = 0; i < probes; i++) {
    const was = await lastProbeAt(w);
    // The object makes the probe on its own clock: a minute later at each tick.
    await setClock(w.stub, start + (i + 1) * every);
    await tick();
    // The status API shows each probe from memory, whether or not it is written yet.
    expect(await lastProbeAt(w)).toBe(start + (i + 1) * every);
    expect(await lastProbeAt(w)).not.toBe(was);
  }
  // 15 minutes, three flushes: the state and last probe at minutes 5, 10 and 15.
  const rows = (await monitorRows(w)) - before;
  expect(rows).toBeLessThanOrEqual(allowedRows(every, probes));
  expect(rows).toBe(3 * ROWS_PER_STATE_FLUSH);
  expect(await storedProbeAt(w)).toBe(start + probes * every);
  // The next quiet probe stays in memory: SQLite still has the flushed one.
  await setClock(w.stub, start + (probes + 1) * every);
  await tick();
  expect(await lastProbeAt(w)).toBe(start + (probes + 1) * every);
  expect(await storedProbeAt(w)).toBe(start + probes * every);
  expect(alarms.calls).toBe(0);
  expect(await armedAt(w.stub)).toBeNull();
}, 30_000);

it("issue 17 item 7: 30 healthy self-probes write at most the flush's rows and one setAlarm each; a supervising tick writes none", async () => {
  const w = new Watched("bud-self");
  await w.heal();
  const t0 = Date.now();
  await setClock(w.stub, t0);
  await tick(); // never probed: the supervisor probes once and arms the alarm
  const alarms = await countSetAlarms(w.stub);
  const before = await monitorRows(w);
  // Five minutes of probes every 10 s: one flush, the 30th.
  const probes = 30;
  for (let i = 0; i < probes; i++) {
    const at = await armedAt(w.stub);
    if (at === null) throw new Error("bud-self has no alarm armed");
    await alarmAt(w.stub, at);
    expect(await lastProbeAt(w)).toBe(at);
  }
  const rows = (await monitorRows(w)) - before;
  expect(rows).toBeLessThanOrEqual(allowedRows(EVERY, probes));
  expect(rows).toBe(ROWS_PER_STATE_FLUSH);
  expect(rows / probes).toBeLessThan(MONITOR_ROWS_PER_PROBE);
  expect(alarms.calls / probes).toBeLessThanOrEqual(ROWS_PER_SET_ALARM);
  expect(alarms.calls).toBeGreaterThan(0);

  // Between two alarms the tick only supervises: no probe, no row, the alarm left as it is.
  const armed = await armedAt(w.stub);
  const probedAt = await lastProbeAt(w);
  const [rowsNow, sets] = [await monitorRows(w), alarms.calls];
  await setClock(w.stub, (probedAt ?? t0) + EVERY / 2);
  await tick();
  expect(await lastProbeAt(w)).toBe(probedAt);
  expect(await armedAt(w.stub)).toBe(armed);
  expect((await monitorRows(w)) - rowsNow + (alarms.calls - sets)).toBeLessThanOrEqual(
    MONITOR_ROWS_PER_SUPERVISE,
  );
}, 30_000);

it("a tick writes at most STATE_ROWS_PER_TICK rows in WatchdogState (and SUMMARY_ROWS_PER_TICK for the summaries), the report's tick REPORT_ROWS more", async () => {
  // A full tick history, as in production after 100 minutes: each tick now also trims one.
  const now = Date.now();
  for (let i = 100; i > 0; i--) {
    await stateStub(env).recordTick(
      { at: now - i * 60_000, durationMs: 10, services: 1, failures: 0 },
      180_000,
    );
  }
  const alarms = await countSetAlarms(stateObject());
  let before = await stateRows();
  await tick();
  const perTick = (await stateRows()) - before + alarms.calls;
  expect(alarms.calls).toBe(1);
  // Issue 17 item 5: the services' summaries are one row, whatever the number of services.
  expect(perTick).toBeLessThanOrEqual(STATE_ROWS_PER_TICK + SUMMARY_ROWS_PER_TICK);
  // Measured alone: the same record with and without the summaries the tick carries.
  const record = (at: number, summaries?: { serviceId: string }[]) =>
    stateStub(env).recordTick({ at, durationMs: 10, services: 1, failures: 0 }, 180_000, summaries);
  let mark = await stateRows();
  await record(now + 60_000);
  const bare = (await stateRows()) - mark;
  mark = await stateRows();
  await record(now + 120_000, [{ serviceId: "bud-a" }, { serviceId: "bud-b" }]);
  expect((await stateRows()) - mark - bare).toBe(SUMMARY_ROWS_PER_TICK);

  before = (await stateRows()) + alarms.calls;
  await tick(REPORT_HOUR);
  const contacts = config().escalation.levels.L1.length;
  const reportTick = (await stateRows()) + alarms.calls - before;
  expect(reportTick).toBeGreaterThan(perTick);
  expect(reportTick).toBeLessThanOrEqual(
    STATE_ROWS_PER_TICK + SUMMARY_ROWS_PER_TICK + REPORT_ROWS.claim + contacts * REPORT_ROWS.perContact,
  );
});

it("an outbox entry (the demo's channel) writes at most REPORT_ROWS.perOutboxEntry rows, a full outbox trimmed", async () => {
  const entry = (i: number): OutboxEntry => ({
    id: `bud-${i}`,
    at: Date.now(),
    channel: "telegram",
    recipient: "100001",
    level: "L1",
    kind: "daily_report",
    key: `bud:${i}`,
    subject: "Daily check",
    telegramHtml: "",
    text: "",
    html: "",
    links: [],
  });
  for (let i = 0; i < 300; i++) await stateStub(env).addOutbox(entry(i));
  const before = await stateRows();
  await stateStub(env).addOutbox(entry(300));
  const rows = (await stateRows()) - before;
  expect(rows).toBeGreaterThan(0);
  expect(rows).toBeLessThanOrEqual(REPORT_ROWS.perOutboxEntry);
});

/** The Worker's bindings with every Durable Object call counted, per class. */
function countingEnv(calls: Record<"monitor" | "state", number>): Env {
  const counted = <T extends object>(namespace: T, key: keyof typeof calls): T =>
    new Proxy(namespace, {
      get(target, prop) {
        if (prop !== "getByName") return Reflect.get(target, prop);
        return (...args: unknown[]) => {
          const getByName = Reflect.get(target, prop) as (...a: unknown[]) => object;
          const stub = Reflect.apply(getByName, target, args);
          return new Proxy(stub, {
            get(s, method) {
              return (...params: unknown[]) => {
                calls[key]++;
                return Reflect.apply(Reflect.get(s, method) as (...p: unknown[]) => unknown, s, params);
              };
            },
          });
        };
      },
    });
  return {
    ...env,
    SERVICE_MONITOR: counted(env.SERVICE_MONITOR, "monitor"),
    WATCHDOG_STATE: counted(env.WATCHDOG_STATE, "state"),
  };
}

async function countedTick(scheduledTime: number): Promise<Record<"monitor" | "state", number>> {
  const calls = { monitor: 0, state: 0 };
  const ctx = createExecutionContext();
  await worker.scheduled(
    createScheduledController({ scheduledTime, cron: "* * * * *" }),
    countingEnv(calls),
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return calls;
}

it("a tick calls each service's object once and WatchdogState STATE_CALLS_PER_TICK times", async () => {
  const { services } = config();
  const quiet = await countedTick(Date.UTC(2026, 0, 1, 12, 0, 0));
  expect(quiet).toEqual({ monitor: services.length, state: STATE_CALLS_PER_TICK });
  // The report's tick (a new day, so it is sent) is the busiest one the estimate allows for.
  const report = await countedTick(REPORT_HOUR + 86_400_000);
  expect(report.monitor).toBeGreaterThan(quiet.monitor);
  expect(report.monitor + report.state).toBeLessThanOrEqual(estimateUsage(config()).internalSubrequests);
});
