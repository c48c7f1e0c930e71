import { describe, expect, it } from "vitest";
import { currentIncident, nextWakeAt, viewOf } from "../../src/escalation/core";
import { alice, MIN, outage, Sim, T0 } from "./sim";

const openedAt = (sim: Sim) => viewOf(sim.state)?.openedAt ?? Number.NaN;
const kinds = (sim: Sim) => viewOf(sim.state)?.timeline.map((e) => e.kind) ?? [];

describe("resolution", () => {
  it("a manual resolve mid-escalation tells everyone paged and stops all later steps", async () => {
    const sim = await outage(["health_down"]);
    const opened = openedAt(sim);
    await sim.runUntil(opened + 20 * MIN - 1);
    sim.world = [];
    await sim.apply(
      { type: "resolve", actor: { by: "bob", level: "L2" }, note: "restarted the bot" },
      opened + 20 * MIN,
    );
    await sim.runUntil(opened + 3 * 60 * MIN);

    expect(sim.log(["page", "escalation", "resolved"])).toEqual([
      "0 page L1",
      "15 escalation L2",
      "20 resolved L1",
      "20 resolved L2",
    ]);
    expect(sim.sent.filter((a) => a.at > opened + 20 * MIN)).toEqual([]);
    const view = viewOf(sim.state);
    expect(view?.status).toBe("resolved");
    expect(view?.resolvedBy).toBe("bob (L2)");
    expect(view?.timeline.at(-1)).toMatchObject({ kind: "note", text: "restarted the bot", by: "bob (L2)" });
    expect(nextWakeAt(sim.state)).toBeUndefined();
  });

  it("recovery auto-resolves after two passing probes and notifies everyone paged", async () => {
    const sim = await outage(["health_down"]);
    const opened = openedAt(sim);
    await sim.runUntil(opened + 17 * MIN);
    sim.world = [];
    await sim.runUntil(opened + 40 * MIN);
    const view = viewOf(sim.state);
    expect(view?.status).toBe("resolved");
    expect(view?.resolvedBy).toBe("auto");
    // Cron at 17:40 passes, the quick re-check 5 s later passes: resolved.
    expect(view?.resolvedAt).toBe(T0 + 18 * MIN + 5_000);
    expect(sim.log(["resolved"])).toEqual(["18 resolved L1", "18 resolved L2"]);
    expect(sim.log(["escalation"])).toEqual(["15 escalation L2"]);
    expect(kinds(sim)).toContain("finding_cleared");
  });

  it("a manual resolve while the check still fails reopens only after fresh confirmation", async () => {
    const sim = await outage(["health_down"]);
    const opened = openedAt(sim);
    await sim.act(opened + 2 * MIN, { type: "resolve", actor: alice });
    // The cron probe at 3:00 and three re-checks: four failures, not yet confirmed again.
    await sim.runUntil(T0 + 3 * MIN + 15_000);
    expect(viewOf(sim.state)?.status).toBe("resolved");
    await sim.runUntil(T0 + 3 * MIN + 20_000);
    expect(viewOf(sim.state)).toMatchObject({ status: "open", epoch: 2 });
    expect(sim.log(["reopened", "page"])).toEqual(["0 page L1", "3 reopened L1"]);
  });
});

describe("severity changes", () => {
  it("rising from P3 to P1 re-notifies, continues on the P1 policy; falling back pages nobody", async () => {
    const sim = await outage(["disk_high"]);
    const opened = openedAt(sim);
    expect(currentIncident(sim.state)?.severity).toBe("P3");
    await sim.runUntil(T0 + 10 * MIN - 1);
    sim.world = ["disk_high", "health_down"];
    await sim.runUntil(T0 + 11 * MIN);
    expect(currentIncident(sim.state)?.severity).toBe("P1");
    const raisedAt = sim.sent.find((a) => a.kind === "severity_raised")?.at ?? Number.NaN;
    expect(raisedAt).toBe(opened + 10 * MIN);

    await sim.runUntil(raisedAt + 31 * MIN);
    sim.world = ["disk_high"];
    await sim.runUntil(raisedAt + 3 * 60 * MIN);

    const since = (ms: number) => `${(ms - raisedAt) / MIN}`;
    expect(sim.sent.filter((a) => a.at < raisedAt).map((a) => `${a.kind} ${a.level}`)).toEqual(["page L1"]);
    expect(
      sim.sent
        .filter((a) => a.at >= raisedAt && a.kind !== "reminder")
        .map((a) => `${since(a.at)} ${a.kind} ${a.level}`),
    ).toEqual([
      "0 severity_raised L1",
      // The P1 response deadline is 5 min from the rise.
      "5 sla_breach L1",
      // L1 was paged already, so P1's L1-at-0 is not sent again; steps count from the rise.
      "15 escalation L2",
      "30 escalation L3",
    ]);
    // Reminders every 5 min from the rise until it fell back to P3 (which has none).
    expect(sim.sent.filter((a) => a.kind === "reminder").map((a) => since(a.at))).toEqual([
      "5",
      "10",
      "15",
      "20",
      "25",
      "30",
    ]);
    const view = currentIncident(sim.state);
    expect(view?.severity).toBe("P3");
    expect(view?.status).toBe("open");
    expect(kinds(sim).filter((k) => k.startsWith("severity"))).toEqual([
      "severity_raised",
      "severity_lowered",
    ]);
    // The P1 response deadline (5 min after the rise) was missed and stays on record.
    expect(view?.slaBreaches.map((b) => b.kind)).toContain("respond");
  });

  it("a rise on an acknowledged incident tells L1 but sends no reminders or unacknowledged steps", async () => {
    const sim = await outage(["redis_down"]);
    const opened = openedAt(sim);
    await sim.act(opened + MIN, { type: "acknowledge", actor: alice });
    await sim.runUntil(opened + 2 * MIN);
    sim.world = ["redis_down", "health_down"];
    await sim.runUntil(opened + 40 * MIN);
    expect(sim.log(["page", "escalation", "reminder", "severity_raised", "acknowledged"])).toEqual([
      "0 page L1",
      "1 acknowledged L1",
      "3 severity_raised L1",
      "33 escalation L3",
    ]);
  });
});

describe("flapping", () => {
  it("alternating fail/pass never confirms: no incident, no page", async () => {
    const sim = new Sim();
    for (let i = 0; i < 30; i++) {
      sim.world = i % 2 === 0 ? ["health_down"] : [];
      await sim.runUntil(T0 + i * MIN);
    }
    expect(viewOf(sim.state)).toBeUndefined();
    expect(sim.sent).toEqual([]);
  });

  it("four failures, a pass, four failures: still not confirmed", async () => {
    const sim = new Sim();
    const fail = ["health_down"] as const;
    for (const round of [0, 1, 2]) {
      sim.world = [...fail];
      await sim.runUntil(T0 + round * MIN + 15_000); // cron + three re-checks = four failures
      sim.world = [];
      await sim.runUntil(T0 + round * MIN + 20_000);
    }
    expect(viewOf(sim.state)).toBeUndefined();
    expect(sim.sent).toEqual([]);
  });

  it("a confirmed incident that flaps stays one incident and pages once", async () => {
    const sim = await outage(["health_down"]);
    const id = viewOf(sim.state)?.id;
    // One passing probe, then failing again: recovery needs two consecutive passes.
    for (let i = 1; i < 4; i++) {
      sim.world = [];
      await sim.runUntil(T0 + i * MIN);
      sim.world = ["health_down"];
      await sim.runUntil(T0 + i * MIN + 30_000);
    }
    expect(viewOf(sim.state)).toMatchObject({ id, epoch: 1, status: "open" });
    expect(sim.log(["page", "reopened"])).toEqual(["0 page L1"]);
  });
});

describe("reopen window", () => {
  async function recoverThenFail(failAgainAfterMin: number): Promise<Sim> {
    const sim = await outage(["redis_down"]);
    await sim.runUntil(T0 + 3 * MIN - 1);
    sim.world = [];
    await sim.runUntil(T0 + 4 * MIN);
    expect(viewOf(sim.state)?.status).toBe("resolved");
    const resolvedAt = viewOf(sim.state)?.resolvedAt ?? Number.NaN;
    await sim.runUntil(resolvedAt + failAgainAfterMin * MIN - 1);
    sim.world = ["redis_down"];
    // Cron at the next minute and four re-checks confirm it.
    await sim.runUntil(resolvedAt + (failAgainAfterMin + 2) * MIN);
    return sim;
  }

  it("a failure within 10 min reopens the same incident as a new epoch; its steps restart", async () => {
    const sim = await recoverThenFail(5);
    const first = sim.sent[0]?.incidentId;
    const view = currentIncident(sim.state);
    expect(view).toMatchObject({ id: first, epoch: 2, status: "open" });
    const reopenedAt = sim.sent.find((a) => a.kind === "reopened")?.at ?? Number.NaN;
    await sim.runUntil(reopenedAt + 16 * MIN);
    const after = sim.sent.filter((a) => a.at >= reopenedAt && a.kind !== "reminder");
    expect(after.map((a) => `${(a.at - reopenedAt) / MIN} ${a.kind} ${a.level} e${a.epoch}`)).toEqual([
      "0 reopened L1 e2",
      "15 escalation L2 e2",
      "15 sla_breach L1 e2",
    ]);
    expect(kinds(sim).filter((k) => k === "opened" || k === "reopened" || k === "resolved")).toEqual([
      "opened",
      "resolved",
      "reopened",
    ]);
  });

  it("a failure after the window opens a new incident with a new id", async () => {
    const sim = await recoverThenFail(12);
    const ids = [...new Set(sim.sent.map((a) => a.incidentId))];
    expect(ids).toHaveLength(2);
    expect(currentIncident(sim.state)).toMatchObject({ id: ids[1], epoch: 1 });
    expect(sim.log(["page", "reopened"]).map((s) => s.split(" ").slice(1).join(" "))).toEqual([
      "page L1",
      "page L1",
    ]);
  });
});

describe("maintenance windows", () => {
  it("an incident opening during maintenance is recorded silently and paged when the window ends", async () => {
    const sim = new Sim();
    sim.maintenance = [{ start: T0 - MIN, end: T0 + 30 * MIN, reason: "planned migration" }];
    sim.world = ["health_down"];
    await sim.runUntil(T0 + 30 * MIN - 1);
    expect(currentIncident(sim.state)?.status).toBe("open");
    expect(sim.sent).toEqual([]);
    const maintenance = viewOf(sim.state)?.timeline.find((e) => e.kind === "maintenance");
    expect(maintenance?.text).toContain("planned migration");

    await sim.runUntil(T0 + 50 * MIN);
    const at = (a: { at: number }) => (a.at - T0) / MIN;
    expect(
      sim.sent.filter((a) => a.kind !== "sla_breach").map((a) => `${at(a)} ${a.kind} ${a.level}`),
    ).toEqual([
      "30 page L1",
      "35 reminder L1",
      "40 reminder L1",
      "45 escalation L2",
      "45 reminder L1",
      "50 reminder L1",
    ]);
    // The response SLA counts from the opening; its breach during the window was recorded, not sent.
    expect(viewOf(sim.state)?.slaBreaches.map((b) => b.kind)).toEqual(["respond"]);
    expect(sim.sent.some((a) => a.kind === "sla_breach")).toBe(false);
  });

  it("an incident paged before the window is not paged again; held steps go out when it ends", async () => {
    const sim = await outage(["health_down"]);
    const opened = openedAt(sim);
    sim.maintenance = [{ start: opened + 2 * MIN, end: opened + 40 * MIN, reason: "vendor outage" }];
    await sim.runUntil(opened + 40 * MIN - 1);
    expect(sim.log()).toEqual(["0 page L1"]);
    expect(nextWakeAt(sim.state)).toBe(opened + 40 * MIN);

    await sim.runUntil(opened + 41 * MIN);
    expect(sim.log(["page", "escalation", "reminder"])).toEqual([
      "0 page L1",
      "40 escalation L2",
      "40 escalation L3",
      "40 reminder L1",
    ]);
    expect(kinds(sim).filter((k) => k === "maintenance")).toHaveLength(2);
  });

  it.each([
    {
      name: "rises to P1 and stays: L1 hears of it when the window ends",
      during: ["health_down"],
      told: ["20 severity_raised L1"],
    },
    { name: "rises to P1 and falls back: nothing to tell", during: ["health_down", "none"], told: [] },
    {
      name: "rises to P2, then P1: one notice of P1",
      during: ["redis_down", "health_down"],
      told: ["20 severity_raised L1"],
    },
  ] as const)("a rise during maintenance of an acknowledged P3 $name", async ({ during, told }) => {
    const sim = await outage(["disk_high"]);
    const opened = openedAt(sim);
    await sim.act(opened + MIN, { type: "acknowledge", actor: alice });
    sim.maintenance = [{ start: opened + 2 * MIN, end: opened + 20 * MIN, reason: "migration" }];
    during.forEach(async (code, i) => {
      await sim.runUntil(opened + (3 + 5 * i) * MIN);
      sim.world = code === "none" ? ["disk_high"] : ["disk_high", code];
    });
    await sim.runUntil(opened + 25 * MIN);
    expect(sim.log(["severity_raised"])).toEqual(told);
    const raised = viewOf(sim.state)?.timeline.filter((e) => e.kind === "severity_raised") ?? [];
    expect(raised).toHaveLength(during.filter((c) => c !== "none").length);
  });

  it("people paged before the window still hear that the incident recovered during it", async () => {
    const sim = await outage(["health_down"]);
    const opened = openedAt(sim);
    sim.maintenance = [{ start: opened + 2 * MIN, end: opened + 40 * MIN, reason: "vendor outage" }];
    await sim.runUntil(opened + 5 * MIN);
    sim.world = [];
    await sim.runUntil(opened + 10 * MIN);
    expect(viewOf(sim.state)?.status).toBe("resolved");
    expect(sim.log(["page", "resolved"])).toEqual(["0 page L1", "6 resolved L1"]);
  });

  it("an incident that recovers during maintenance never pages", async () => {
    const sim = new Sim();
    sim.maintenance = [{ start: T0, end: T0 + 30 * MIN, reason: "deploy" }];
    sim.world = ["health_down"];
    await sim.runUntil(T0 + 5 * MIN);
    sim.world = [];
    await sim.runUntil(T0 + 60 * MIN);
    expect(viewOf(sim.state)?.status).toBe("resolved");
    expect(sim.sent).toEqual([]);
  });
});

describe("severity flapping", () => {
  // redis_down (P2) all along; health_down (P1) comes and goes every `period` minutes.
  async function flapping(period: number, until: number): Promise<Sim> {
    const sim = await outage(["redis_down"]);
    const opened = openedAt(sim);
    for (let m = period; m < until; m += period) {
      await sim.runUntil(opened + m * MIN - 1);
      sim.world = (m / period) % 2 === 1 ? ["redis_down", "health_down"] : ["redis_down"];
    }
    await sim.runUntil(opened + until * MIN);
    return sim;
  }

  // L2 is due 15 min after P2 opened or 15 min after P1 was first reached, whichever applies.
  it.each([
    { period: 9, l2By: 19 },
    { period: 4, l2By: 20 },
    { period: 20, l2By: 25 },
  ])(
    "P1/P2 flapping every $period min never postpones escalation (L2 by $l2By min)",
    async ({ period, l2By }) => {
      const sim = await flapping(period, 120);
      const escalations = sim.log(["escalation"]);
      const l2 = escalations.find((s) => s.endsWith("L2")) ?? "never";
      expect(Number.parseInt(l2, 10)).toBeLessThanOrEqual(l2By);
      expect(escalations.map((s) => s.split(" ")[2])).toEqual(expect.arrayContaining(["L2", "L3", "L4"]));
      // Each step is sent once, however often the severity changes.
      expect(new Set(sim.sent.map((a) => a.key)).size).toBe(sim.sent.length);
      expect(sim.log(["page"])).toEqual(["0 page L1"]);
    },
  );
});
