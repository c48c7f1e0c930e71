import { evictDurableObject, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { ProbeResult } from "../../src/checks/types";
import type { MonitorStore } from "../../src/durable/monitor-store";
import type { ServiceMonitor } from "../../src/durable/service-monitor";
import type { ServiceState } from "../../src/escalation/core";
import {
  alarmAt,
  alarmsUntil,
  armedAt,
  freshStart,
  healedAfterEach,
  setClock,
  tick,
  Watched,
} from "../support/runtime";

const MIN = 60_000;
// Eviction waits for the object's pending request timers to drain (test/durable/eviction.test.ts).
const EVICTION_TIMEOUT = 30_000;

/** What SQLite holds, which is all a new instance of the object starts from. */
async function stored(w: Watched): Promise<{ state?: ServiceState; probe?: ProbeResult }> {
  return runInDurableObject(w.stub, (instance: ServiceMonitor) => {
    const store = Reflect.get(instance, "store") as MonitorStore;
    const [state, probe] = [store.state(), store.lastProbe()];
    return { ...(state ? { state } : {}), ...(probe ? { probe } : {}) };
  });
}

async function shownProbeAt(w: Watched): Promise<number | undefined> {
  return (await w.api.snapshot()).lastProbe?.at;
}

describe("ServiceMonitor: write on change (issue 17 item 7)", () => {
  const watch = healedAfterEach();

  it(
    "issue 17 item 7: a failure after deferred healthy probes is written at once; after an eviction its outage is confirmed on time",
    async () => {
      const w = watch(new Watched("wb-fail"));
      await w.heal();
      const start = Date.now();
      await setClock(w.stub, start);
      await tick();
      for (let i = 1; i <= 3; i++) {
        await setClock(w.stub, start + i * MIN);
        await tick();
      }
      // Three quiet probes: shown from memory, not written.
      expect(await shownProbeAt(w)).toBe(start + 3 * MIN);
      expect((await stored(w)).probe?.at).toBe(start);
      expect((await stored(w)).state?.lastProbeAt).toBe(start);

      await w.fail();
      await setClock(w.stub, start + 4 * MIN);
      await tick();
      const written = await stored(w);
      expect(written.probe?.at).toBe(start + 4 * MIN);
      expect(written.probe?.health?.ok).toBe(false);
      expect(written.state?.lastProbeAt).toBe(start + 4 * MIN);
      expect(written.state?.recheckAt).toBeDefined();

      await evictDurableObject(w.stub);
      // The fresh instance counts the failure before the eviction: four re-checks after it make
      // the five failing probes of the count rule, and the incident opens.
      let at = start + 4 * MIN;
      for (let i = 0; i < 4; i++) {
        at += 6_000;
        await alarmAt(w.stub, at);
      }
      const incident = await w.incident();
      expect(incident.openedAt).toBe(at);
      expect(await w.telegram("sendMessage")).toHaveLength(1);
    },
    EVICTION_TIMEOUT,
  );

  it(
    "issue 17 item 7: an eviction loses only the deferred healthy probes; the object keeps its cadence after it",
    async () => {
      const w = watch(new Watched("wb-self"));
      await w.heal();
      const t0 = freshStart();
      await setClock(w.stub, t0);
      await tick(); // never probed: the supervisor probes once (written) and arms the 15 s alarm
      const ran = await alarmsUntil(w.stub, t0 + 2 * MIN);
      expect(ran).toHaveLength(8);
      const last = ran.at(-1);
      expect(await shownProbeAt(w)).toBe(last);
      const armed = await armedAt(w.stub);
      expect(armed).toBe((last ?? 0) + 15_000);

      await evictDurableObject(w.stub);
      // What was lost: the eight quiet probes. The snapshot shows the last one written, no incident.
      const snapshot = await w.api.snapshot();
      expect(snapshot.lastProbe?.at).toBe(t0);
      expect(snapshot.incident).toBeUndefined();
      // The alarm survived: the object probes at the next due time, once per alarm, 15 s apart.
      expect(await armedAt(w.stub)).toBe(armed);
      const after = await alarmsUntil(w.stub, (armed ?? 0) + MIN);
      expect(after).toEqual([0, 1, 2, 3, 4].map((i) => (armed ?? 0) + i * 15_000));
      expect(await shownProbeAt(w)).toBe(after.at(-1));
      // The first probe after the eviction is written (nothing is known to be stored), the rest wait.
      expect((await stored(w)).probe?.at).toBe(armed);
    },
    EVICTION_TIMEOUT,
  );
});
