import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { ServiceMonitor } from "../../src/durable/service-monitor";
import {
  alarmsUntil,
  armedAt,
  freshStart,
  healedAfterEach,
  setClock,
  tick,
  Watched,
} from "../support/runtime";

const EVERY = 15_000;

/** One cron tick with the object's clock at `at` (the tick itself supervises, it does not probe). */
async function tickAt(w: Watched, at: number): Promise<void> {
  await setClock(w.stub, at);
  await tick();
}

async function lastProbeAt(w: Watched): Promise<number | undefined> {
  return (await w.api.snapshot()).lastProbe?.at;
}

/**
 * Counts the probes the object itself runs from now on (other test files share the loopback
 * service and their objects probe it too, so its request log cannot tell).
 */
async function countProbes(w: Watched): Promise<() => Promise<number>> {
  await runInDurableObject(w.stub, (instance: ServiceMonitor) => {
    // Probing lives in the engine's prober (src/monitor/probing.ts) since issue 18 item 4.
    const engine = Reflect.get(instance, "engine") as object;
    const prober = Reflect.get(engine, "prober") as object;
    const probeOnce = Reflect.get(prober, "probeOnce") as (...args: unknown[]) => Promise<void>;
    let count = 0;
    Reflect.set(instance, "probeCount", () => count);
    Reflect.set(prober, "probeOnce", (...args: unknown[]) => {
      count += 1;
      return probeOnce.apply(prober, args);
    });
  });
  return () =>
    runInDurableObject(w.stub, (instance: ServiceMonitor) =>
      (Reflect.get(instance, "probeCount") as () => number)(),
    );
}

/** Loses the object's alarm, as a platform fault would. */
async function loseAlarm(w: Watched): Promise<void> {
  await runInDurableObject(w.stub, (_instance: ServiceMonitor, state) => state.storage.deleteAlarm());
}

/**
 * `probeEvery: 15s`: the object probes itself on its alarm between cron ticks, and the tick
 * only supervises. Times are the object's injected clock; the service is the loopback fake.
 */
describe("ServiceMonitor: sub-minute probing", () => {
  const watch = healedAfterEach();

  it("pages 20–40 s after an outage that starts at a random offset between probes", async () => {
    const w = watch(new Watched("cad-page"));
    await w.heal();
    const t0 = freshStart();
    await tickAt(w, t0);
    expect(await lastProbeAt(w)).toBe(t0);
    expect(await armedAt(w.stub)).toBe(t0 + EVERY);

    const offset = Math.floor(Math.random() * 4 * EVERY);
    const onset = t0 + EVERY + offset;
    // Healthy until the onset: the alarm alone probes, every 15 s, and nothing pages.
    const healthy = await alarmsUntil(w.stub, onset);
    expect(healthy.length).toBe(Math.floor((onset - t0) / EVERY));
    await w.fail();
    // A minute later at most, with no tick at all: the alarm confirms and pages on its own.
    await alarmsUntil(w.stub, onset + 60_000);
    const incident = await w.incident();
    const delay = incident.openedAt - onset;
    expect(delay, `offset ${offset} ms`).toBeGreaterThanOrEqual(20_000);
    expect(delay, `offset ${offset} ms`).toBeLessThanOrEqual(40_000);
    expect(incident.severity).toBe("P1");
    expect(await w.telegram("sendMessage")).toHaveLength(1);
  });

  it("late, overlapping and missing ticks: one probe per interval, nothing sent twice", async () => {
    const w = watch(new Watched("cad-ticks"));
    await w.heal();
    const t0 = freshStart();
    await tickAt(w, t0);
    const probes = [t0];
    const record = async () => {
      const at = await lastProbeAt(w);
      if (at !== undefined && at !== probes.at(-1)) probes.push(at);
    };
    const probed = await countProbes(w);
    // Minute 1: the tick arrives 20 s late; minute 2: two ticks at once, just after the alarm
    // was lost (both would probe); then no tick for 3 minutes.
    for (const at of await alarmsUntil(w.stub, t0 + 80_000)) probes.push(at);
    await tickAt(w, t0 + 80_000);
    await record();
    for (const at of await alarmsUntil(w.stub, t0 + 120_000)) probes.push(at);
    await loseAlarm(w);
    await setClock(w.stub, t0 + 135_000 + 5_000);
    await Promise.all([tick(), tick()]);
    await record();
    for (const at of await alarmsUntil(w.stub, t0 + 320_000)) probes.push(at);

    const gaps = probes.slice(1).map((at, i) => at - (probes[i] ?? at));
    // Every gap is one interval, except the lost alarm's: probed by the tick 5 s late.
    expect(gaps).toEqual(gaps.map((_g, i) => (i === 8 ? 20_000 : EVERY)));
    expect(await probed()).toBe(probes.length - 1);

    // Now an outage under the same irregular ticks: one page, one L2 step, each key once.
    await w.fail();
    let at = t0 + 320_000;
    for (let minute = 0; minute < 18; minute++) {
      await alarmsUntil(w.stub, at + 60_000);
      at += 60_000;
      if (minute % 4 === 1) continue; // a missing tick
      await setClock(w.stub, at + 1_000);
      await Promise.all(minute % 3 === 0 ? [tick(), tick()] : [tick()]);
    }
    const incident = await w.incident();
    expect(incident.paged).toEqual(["L1", "L2"]);
    const titles = (await w.telegram("sendMessage")).map(
      (m) =>
        m.text
          .split("\n")[0]
          ?.replace(/<[^>]+>/g, "")
          .split(`${w.name}: `)[1],
    );
    // 18 minutes unacknowledged: the page, the respond-SLA breach at 5 min, reminders at 5, 10, 15.
    expect(titles.sort()).toEqual([
      "New incident",
      "Reminder: incident not acknowledged",
      "Reminder: incident not acknowledged",
      "Reminder: incident not acknowledged",
      "SLA breached",
    ]);
    const emails = await w.emails();
    expect(new Set(emails.map((e) => e.key)).size).toBe(emails.length);
  });

  it("a lost alarm costs at most one minute: the next tick probes and re-arms", async () => {
    const w = watch(new Watched("cad-lost"));
    await w.heal();
    const t0 = freshStart();
    await tickAt(w, t0);
    const probed = await countProbes(w);
    // A tick while the alarm is merely due, or just late, leaves the probe to the alarm.
    await tickAt(w, t0 + EVERY + 1_000);
    expect(await lastProbeAt(w)).toBe(t0);
    expect(await armedAt(w.stub)).toBe(t0 + EVERY);

    await loseAlarm(w);
    await tickAt(w, t0 + 60_000);
    expect(await lastProbeAt(w)).toBe(t0 + 60_000);
    expect(await armedAt(w.stub)).toBe(t0 + 60_000 + EVERY);
    expect(await probed()).toBe(1);
  });
});
