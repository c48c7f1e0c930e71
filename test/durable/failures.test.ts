import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { ServiceMonitor } from "../../src/durable/service-monitor";
import { alarmAt, armedAt, healedAfterEach, setClock, tick, Watched } from "../support/runtime";
import { TEST_CONTACTS } from "../support/test-config";

const MIN = 60_000;

/** Replaces the bindings the live instance sees (until it is evicted). */
async function withEnv(
  w: Watched,
  patch: Partial<Record<keyof Env | "WATCHDOG_CONFIG", unknown>>,
): Promise<void> {
  await runInDurableObject(w.stub, (instance: ServiceMonitor) => {
    Reflect.set(instance, "env", { ...env, ...patch });
  });
}

describe("ServiceMonitor: failures never lose an incident or send twice", () => {
  const watch = healedAfterEach();

  it("a malformed config pages nobody, keeps the incident, and the due step goes out once it is fixed", async () => {
    const w = watch(new Watched("dur-config"));
    const { incident, openedAt } = await w.openIncident();
    await withEnv(w, { WATCHDOG_CONFIG: { services: "not a list" } });

    await setClock(w.stub, openedAt + 15 * MIN);
    // The alarm returns normally (a throw would be retried by the runtime) and sends nothing.
    expect(await runDurableObjectAlarm(w.stub)).toBe(true);
    expect(await w.emails()).toEqual([]);
    expect(await w.incident()).toEqual(incident);

    // The consumed alarm was not re-armed; the first tick with a good config arms it again.
    expect(await armedAt(w.stub)).toBeNull();
    await withEnv(w, {});
    // The tick's probe runs in the object, on its clock: a minute after the opening, before the
    // L2 step is due (the alarm above ran at +15 min only to show a bad config sends nothing).
    await setClock(w.stub, openedAt + MIN);
    await tick();
    expect(await armedAt(w.stub)).toBe(openedAt + 5 * MIN);
    await alarmAt(w.stub, openedAt + 15 * MIN);
    expect((await w.emailsTo(TEST_CONTACTS.l2)).map((m) => m.key)).toEqual([
      `${incident.id}/1/escalation/L2/P1.1`,
    ]);
  });

  it("a delivery that fails for a passing reason is on the timeline, does not throw out of alarm(), and goes out once on retry", async () => {
    const w = watch(new Watched("dur-throw"));
    let at = await w.failUntilThreshold();
    // Telegram unreachable (a closed port): a network failure, which may pass.
    const config = structuredClone(env.WATCHDOG_CONFIG) as unknown as { notify: { telegramApiBase: string } };
    config.notify.telegramApiBase = "http://127.0.0.1:9";
    await withEnv(w, { WATCHDOG_CONFIG: config });
    at += 6_000;
    await runInDurableObject(w.stub, async (instance: ServiceMonitor) => {
      instance.clock = () => at;
      await instance.alarm();
    });

    const incident = await w.incident();
    expect(incident).toMatchObject({ status: "open", openedAt: at });
    expect(await w.telegram("sendMessage")).toEqual([]);
    const failed = incident.timeline.filter((e) => e.kind === "notify_failed");
    expect(failed).toHaveLength(1);
    const retryAt = (await armedAt(w.stub)) ?? 0;
    expect(retryAt).toBeGreaterThan(at);
    expect(retryAt).toBeLessThanOrEqual(at + MIN);

    await withEnv(w, {});
    await alarmAt(w.stub, retryAt);
    expect(await w.telegram("sendMessage")).toHaveLength(1);
    expect((await w.incident()).timeline.filter((e) => e.kind === "notified")).toHaveLength(1);
    // Running the alarm again sends nothing more.
    await alarmAt(w.stub, retryAt + 1_000);
    expect(await w.telegram("sendMessage")).toHaveLength(1);
  });

  it("counters that cannot be written (the state object is down) neither lose nor repeat a page", async () => {
    const w = watch(new Watched("dur-counters"));
    let at = await w.failUntilThreshold();
    const down = async () => {
      throw new Error("WatchdogState unavailable");
    };
    const brokenState = { getByName: () => ({ count: down, addOutbox: down, claimOnce: down }) };
    await withEnv(w, { WATCHDOG_STATE: brokenState });
    at += 6_000;
    await runInDurableObject(w.stub, async (instance: ServiceMonitor) => {
      instance.clock = () => at;
      await instance.alarm();
    });
    expect((await w.incident()).status).toBe("open");
    expect(await w.telegram("sendMessage")).toHaveLength(1);
    // The response SLA breach at 5 minutes is counted too: its reminder and notice still go out.
    await alarmAt(w.stub, at + 5 * MIN);
    expect(await w.telegram("sendMessage")).toHaveLength(3);
    expect((await w.incident()).slaBreaches).toHaveLength(1);

    // Whatever the object retries later must not page again.
    await withEnv(w, {});
    for (const later of [at + 5 * MIN + 31_000, at + 7 * MIN, at + 9 * MIN]) await alarmAt(w.stub, later);
    expect(await w.telegram("sendMessage")).toHaveLength(3);
  });
});
