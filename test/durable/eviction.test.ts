import { evictDurableObject, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { ServiceMonitor } from "../../src/durable/service-monitor";
import { armedAt, healedAfterEach, setClock, Watched } from "../support/runtime";
import { TEST_CONTACTS } from "../support/test-config";

const MIN = 60_000;

// Eviction waits for the object's pending request timers (AbortSignal.timeout of probes and
// notifiers, up to 10 s) to drain, hence the longer timeouts.
const EVICTION_TIMEOUT = 30_000;

describe("ServiceMonitor: eviction", () => {
  const watch = healedAfterEach();

  it(
    "keeps the incident and its pending timer across eviction; the L2 step still fires on time",
    async () => {
      const w = watch(new Watched("dur-evict"));
      const { incident, openedAt } = await w.openIncident();
      const armed = await armedAt(w.stub);
      // The earliest pending time: L1 reminder and the 5-minute response SLA of P1.
      expect(armed).toBe(openedAt + 5 * MIN);

      await evictDurableObject(w.stub);
      // A fresh instance: memory (and the test clock) is gone, storage is not.
      const clockNow = await runInDurableObject(w.stub, (i: ServiceMonitor) => i.clock());
      expect(Math.abs(clockNow - Date.now())).toBeLessThan(60_000);
      expect(await armedAt(w.stub)).toBe(armed);
      expect(await w.incident()).toEqual(incident);
      expect(await w.emailsTo(TEST_CONTACTS.l2)).toEqual([]);

      await setClock(w.stub, openedAt + 15 * MIN);
      expect(await runDurableObjectAlarm(w.stub)).toBe(true);
      const mails = await w.emailsTo(TEST_CONTACTS.l2);
      expect(mails).toHaveLength(1);
      expect(mails[0]?.key).toBe(`${incident.id}/1/escalation/L2/P1.1`);
      expect((await w.incident()).paged).toEqual(["L1", "L2"]);
    },
    EVICTION_TIMEOUT,
  );
});
