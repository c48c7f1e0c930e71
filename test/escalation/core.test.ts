import { describe, expect, it } from "vitest";
import {
  currentIncident,
  decide,
  nextWakeAt,
  recheckDue,
  recordDeliveries,
  refusalOf,
  TIMELINE_LIMIT,
  viewOf,
} from "../../src/escalation/core";
import { serviceIdOfIncident } from "../../src/monitor/api";
import { alice, defaultConfig, MIN, outage, probe, Sim, T0 } from "./sim";

describe("confirmation", () => {
  it("asks for a quick re-check after a first failure; a timer alone is not a probe", async () => {
    const sim = new Sim();
    await sim.apply({ type: "probe", result: probe(T0, ["redis_down"]) }, T0);
    expect(nextWakeAt(sim.state)).toBe(T0 + 5_000);
    for (let i = 1; i <= 10; i++) await sim.apply({ type: "timer" }, T0 + i * 5_000);
    expect(viewOf(sim.state)).toBeUndefined();
    expect(recheckDue(sim.state, T0 + 50_000)).toBe(false);
    expect(nextWakeAt(sim.state)).toBe(T0 + 55_000);
  });

  it("stops re-checking once the failure is confirmed and steady", async () => {
    const sim = await outage(["redis_down"]);
    expect(sim.state.recheckAt).toBeUndefined();
    // Only SLA and policy times remain: the reminder at 15 min and the response SLA at 15 min.
    expect(nextWakeAt(sim.state)).toBe(T0 + 20_000 + 15 * MIN);
  });

  it("P4 findings are never counted towards an incident", async () => {
    const sim = new Sim();
    sim.world = ["clock_skew"];
    await sim.runUntil(T0 + 30 * MIN);
    expect(sim.state.tracks).toEqual({});
    expect(nextWakeAt(sim.state)).toBeUndefined();
  });

  it("incident severity is the highest confirmed finding and its findings are listed", async () => {
    const sim = await outage(["disk_high", "redis_down"]);
    const view = currentIncident(sim.state);
    expect(view?.severity).toBe("P2");
    expect(view?.findings.map((f) => f.code)).toEqual(["redis_down", "disk_high"]);
    expect(view?.timeline.map((e) => e.kind)).toEqual(["opened", "finding", "finding"]);
  });

  it("a version change during an incident is an informational timeline entry", async () => {
    const sim = await outage(["disk_high"]);
    await sim.apply({ type: "probe", result: probe(T0 + MIN, ["disk_high"], "1.1.0") }, T0 + MIN);
    const entry = viewOf(sim.state)?.timeline.find((e) => e.kind === "version_changed");
    expect(entry?.text).toBe("App version 1.0.0 → 1.1.0");
    expect(sim.sent.map((a) => a.kind)).toEqual(["page"]);
  });
});

describe("incident identity and purity", () => {
  it("ids carry the service id before ':' and are deterministic", async () => {
    const a = await outage(["health_down"]);
    const b = await outage(["health_down"]);
    const id = viewOf(a.state)?.id ?? "";
    expect(id).toBe("demo:20260105T120020Z-1");
    expect(serviceIdOfIncident(id)).toBe("demo");
    expect(viewOf(b.state)?.id).toBe(id);
    expect(a.sent).toEqual(b.sent);
  });

  it("decide never mutates its input and its state survives a JSON round trip", async () => {
    const sim = await outage(["health_down"]);
    const before = JSON.stringify(sim.state);
    const ctx = sim.ctx(T0 + 16 * MIN);
    const direct = decide(sim.state, { type: "timer" }, ctx);
    expect(JSON.stringify(sim.state)).toBe(before);
    const viaJson = decide(JSON.parse(before), { type: "timer" }, ctx);
    expect(viaJson.actions).toEqual(direct.actions);
    expect(JSON.parse(JSON.stringify(viaJson.state))).toEqual(JSON.parse(JSON.stringify(direct.state)));
    expect(direct.actions.map((a) => `${a.kind} ${a.level}`)).toEqual([
      "escalation L2",
      "reminder L1",
      "sla_breach L1",
    ]);
  });

  it("the policy is frozen at open: editing config later does not change a running incident", async () => {
    const sim = await outage(["health_down"]);
    const opened = viewOf(sim.state)?.openedAt ?? T0;
    const edited = defaultConfig({
      policies: {
        P1: { steps: [{ after: "1m", level: "L4", when: "always" }], respondWithin: "1h" },
      },
    });
    const later = new Sim(edited);
    Object.assign(later, { state: sim.state, now: sim.now, nextCron: sim.nextCron, world: sim.world });
    await later.runUntil(opened + 16 * MIN);
    expect(later.sent.map((a) => `${Math.round((a.at - opened) / MIN)} ${a.kind} ${a.level}`)).toContain(
      "15 escalation L2",
    );
    expect(later.sent.some((a) => a.level === "L4")).toBe(false);
  });

  it("every notify key is unique and names incident, epoch, kind, level and index", async () => {
    const sim = await outage(["health_down"]);
    await sim.runUntil(T0 + 90 * MIN);
    const keys = sim.sent.map((a) => a.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys[0]).toBe("demo:20260105T120020Z-1/1/page/L1/P1.0");
    expect(keys).toContain("demo:20260105T120020Z-1/1/reminder/L1/3");
  });
});

describe("operator actions", () => {
  it("acknowledge records who, from where, and a second acknowledge changes nothing", async () => {
    const sim = await outage(["health_down"]);
    await sim.act(T0 + 2 * MIN, { type: "acknowledge", actor: alice, note: "looking" });
    const view = currentIncident(sim.state);
    expect(view).toMatchObject({
      status: "acknowledged",
      acknowledgedBy: "alice (L1)",
      acknowledgedAt: T0 + 2 * MIN,
    });
    expect(view?.timeline.at(-2)).toEqual({
      at: T0 + 2 * MIN,
      kind: "acknowledged",
      by: "alice (L1)",
      text: "Acknowledged",
      meta: { ip: "203.0.113.7", userAgent: "Mozilla/5.0", level: "L1" },
    });
    expect(view?.timeline.at(-1)).toMatchObject({ kind: "note", text: "looking" });
    const target = { incidentId: view?.id ?? "", epoch: 1 };
    expect(refusalOf(sim.state, target, "acknowledge")).toBe("already_acknowledged");

    const again = await sim.apply({ type: "acknowledge", actor: { by: "bob" } }, T0 + 3 * MIN);
    expect(again).toEqual([]);
    expect(currentIncident(sim.state)?.acknowledgedBy).toBe("alice (L1)");
    expect(currentIncident(sim.state)?.timeline.filter((e) => e.kind === "acknowledged")).toHaveLength(1);
  });

  it("refuses actions for unknown incidents and older epochs; notes are fine after resolve", async () => {
    const sim = await outage(["health_down"]);
    const id = viewOf(sim.state)?.id ?? "";
    expect(refusalOf(sim.state, { incidentId: "demo:nope-1", epoch: 1 }, "resolve")).toBe("no_such_incident");
    expect(refusalOf(sim.state, { incidentId: id, epoch: 1 }, "acknowledge")).toBeUndefined();
    await sim.act(T0 + MIN, { type: "resolve", actor: alice });
    expect(refusalOf(sim.state, { incidentId: id, epoch: 1 }, "resolve")).toBe("already_resolved");
    expect(refusalOf(sim.state, { incidentId: id, epoch: 1 }, "note")).toBeUndefined();
    expect(refusalOf(sim.state, { incidentId: id, epoch: 0 }, "note")).toBe("stale_epoch");
    await sim.apply({ type: "note", actor: alice, text: "  root cause: full disk  " }, T0 + 2 * MIN);
    expect(viewOf(sim.state)?.timeline.at(-1)).toMatchObject({ kind: "note", text: "root cause: full disk" });
  });

  it("delivery reports land on the timeline with channel and level, and trigger nothing", async () => {
    const sim = await outage(["health_down"]);
    const key = sim.sent[0]?.key ?? "";
    const out = await sim.apply(
      { type: "delivery", key, level: "L1", channel: "telegram", ok: false, detail: "429 rate limited" },
      T0 + 30_000,
    );
    expect(out).toEqual([]);
    expect(viewOf(sim.state)?.timeline.at(-1)).toMatchObject({
      kind: "notify_failed",
      text: "L1 via telegram: 429 rate limited",
      meta: { channel: "telegram", level: "L1" },
    });
    await sim.apply({
      type: "delivery",
      key: "other:1/1/page/L1/P1.0",
      level: "L1",
      channel: "email",
      ok: true,
      detail: "",
    });
    expect(viewOf(sim.state)?.timeline.at(-1)?.kind).toBe("notify_failed");
  });
});

describe("timeline and archiving", () => {
  it("is bounded and keeps the opened entry", async () => {
    const sim = await outage(["health_down"]);
    for (let i = 0; i < TIMELINE_LIMIT + 50; i++) {
      await sim.apply({ type: "note", actor: alice, text: `note ${i}` }, T0 + MIN);
    }
    const timeline = viewOf(sim.state)?.timeline ?? [];
    expect(timeline).toHaveLength(TIMELINE_LIMIT);
    expect(timeline[0]?.kind).toBe("opened");
    expect(timeline.at(-1)?.text).toBe(`note ${TIMELINE_LIMIT + 49}`);
  });
});

describe("the timeline", () => {
  it("a notifier's report that lands after a later operator action goes where its time puts it", async () => {
    const sim = await outage(["health_down"]);
    const opened = viewOf(sim.state)?.openedAt ?? T0;
    await sim.act(opened + 30_000, { type: "acknowledge", actor: alice });
    // The page's delivery report, decided at `opened`, arrives only now.
    const late = recordDeliveries(
      sim.state,
      [
        {
          type: "delivery",
          key: `${viewOf(sim.state)?.id}/1/page/L1/P1.0`,
          level: "L1",
          channel: "telegram",
          ok: true,
          detail: "delivered to 1",
        },
      ],
      opened,
    );
    const kinds = (viewOf(late)?.timeline ?? []).map((e) => e.kind);
    expect(kinds.indexOf("notified")).toBeGreaterThanOrEqual(0);
    expect(kinds.indexOf("notified")).toBeLessThan(kinds.indexOf("acknowledged"));
    const times = (viewOf(late)?.timeline ?? []).map((e) => e.at);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });
});
