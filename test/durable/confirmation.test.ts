import { describe, expect, it } from "vitest";
import { alarmAt, armedAt, healedAfterEach, setClock, tick, Watched } from "../support/runtime";

/** The cron tick feeds real probe results from the loopback service into the Durable Object. */
describe("ServiceMonitor: confirmation before paging", () => {
  const watch = healedAfterEach();

  it("opens an incident on the 5th consecutive failing probe (tick + 4 re-checks), never before", async () => {
    const w = watch(new Watched("dur-tick"));
    await w.fail();
    const start = Date.now();
    await setClock(w.stub, start);
    await tick();

    const first = await w.api.snapshot();
    expect(first.lastProbe?.health?.ok).toBe(false);
    expect(first.incident).toBeUndefined();
    // The failure is confirmed by quick re-checks, not by waiting for the next cron minute.
    const recheck = first.nextWakeAt ?? 0;
    expect(recheck - (first.lastProbe?.at ?? 0)).toBe(5_000);
    expect(await armedAt(w.stub)).toBe(recheck);

    let at = start;
    for (let probe = 2; probe <= 4; probe++) {
      at += 6_000;
      expect(await alarmAt(w.stub, at)).toBe(true);
      expect((await w.api.snapshot()).incident, `after probe ${probe}`).toBeUndefined();
    }
    expect(await w.telegram("sendMessage")).toEqual([]);

    at += 6_000;
    await alarmAt(w.stub, at);
    const incident = await w.incident();
    expect(incident).toMatchObject({ status: "open", severity: "P1", openedAt: at, paged: ["L1"] });
    expect(incident.id.startsWith("dur-tick:")).toBe(true);
    expect(incident.findings.map((f) => f.code)).toEqual(["health_down"]);
    const pages = await w.telegram("sendMessage");
    expect(pages).toHaveLength(1);
    expect(pages[0]?.chat_id).toBe("100001");
    expect(pages[0]?.text).toContain(incident.id);
  });

  it("a blip never pages: four failures then a pass start the count over", async () => {
    const w = watch(new Watched("dur-blip"));
    let at = await w.failUntilThreshold();
    await w.heal();
    at += 6_000;
    await alarmAt(w.stub, at);
    const calm = await w.api.snapshot();
    expect(calm.incident).toBeUndefined();
    expect(calm.nextWakeAt).toBeUndefined();
    expect(await armedAt(w.stub)).toBeNull();

    // Four more failures are not five in a row.
    await w.fail();
    await tick();
    for (let i = 0; i < 3; i++) {
      at += 6_000;
      await alarmAt(w.stub, at);
    }
    expect((await w.api.snapshot()).incident).toBeUndefined();
    expect(await w.telegram("sendMessage")).toEqual([]);

    at += 6_000;
    await alarmAt(w.stub, at);
    const incident = await w.incident();
    expect(incident.id).toMatch(/^dur-blip:\d{8}T\d{6}Z-1$/);
    expect(await w.telegram("sendMessage")).toHaveLength(1);
  });
});
