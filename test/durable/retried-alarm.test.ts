import { evictDurableObject, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { ServiceMonitor } from "../../src/durable/service-monitor";
import { healedAfterEach, setClock, Watched } from "../support/runtime";

const MIN = 60_000;
/** Eviction waits for pending request timers (up to 10 s) to drain. */
const EVICTION_TIMEOUT = 30_000;

describe("ServiceMonitor: retried alarms", () => {
  const watch = healedAfterEach();

  it(
    "an alarm run twice, or again after eviction, sends nothing twice",
    async () => {
      const w = watch(new Watched("dur-twice"));
      const { openedAt } = await w.openIncident();
      const due = openedAt + 15 * MIN;
      const counts = async () => ({
        telegram: (await w.telegram("sendMessage")).length,
        email: (await w.emails()).length,
        timeline: (await w.incident()).timeline.length,
      });

      await runInDurableObject(w.stub, async (i: ServiceMonitor) => {
        i.clock = () => due;
        await i.alarm();
      });
      const once = await counts();
      // L2 escalation by email; L1 got its page, one reminder and the SLA breach notice.
      expect(once).toMatchObject({ telegram: 3, email: 1 });

      await runInDurableObject(w.stub, async (i: ServiceMonitor) => {
        await i.alarm();
      });
      expect(await counts()).toEqual(once);

      await evictDurableObject(w.stub);
      await runInDurableObject(w.stub, async (i: ServiceMonitor) => {
        i.clock = () => due;
        await i.alarm();
      });
      expect(await counts()).toEqual(once);
      // And the armed alarm, run by the runtime at the same time, adds nothing either.
      await setClock(w.stub, due);
      await runDurableObjectAlarm(w.stub);
      expect(await counts()).toEqual(once);
    },
    EVICTION_TIMEOUT,
  );
});
