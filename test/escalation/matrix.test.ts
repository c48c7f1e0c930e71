import { describe, expect, it } from "vitest";
import type { FindingCode } from "../../src/checks/types";
import { currentIncident, viewOf } from "../../src/escalation/core";
import { alice, MIN, outage, Sim, T0 } from "./sim";

interface Case {
  name: string;
  codes: FindingCode[];
  /** Minute after opening at which alice acknowledges. */
  ackAt?: number;
  /** Page and escalation steps, "minute kind level". */
  steps: string[];
  /** Minutes at which L1 gets a reminder. */
  reminders: number[];
  /** Levels told about the acknowledgement. */
  ackNotified: string[];
  /** SLA breach notices to L1, "minute respond|resolve". */
  breaches: string[];
}

const every = (step: number, until: number) =>
  Array.from({ length: Math.floor(until / step) }, (_, i) => (i + 1) * step);

// The runbook's matrix with default config, observed for 65 minutes after the incident opens.
const cases: Case[] = [
  {
    name: "P1 never acknowledged climbs to L4, reminds L1 every 5 min",
    codes: ["health_down"],
    steps: ["0 page L1", "15 escalation L2", "30 escalation L3", "60 escalation L4"],
    reminders: every(5, 65),
    ackNotified: [],
    breaches: ["5 respond", "60 resolve"],
  },
  {
    name: "P1 acknowledged at 3 min: no L2, no reminders, L3/L4 still on time",
    codes: ["health_down"],
    ackAt: 3,
    steps: ["0 page L1", "30 escalation L3", "60 escalation L4"],
    reminders: [],
    ackNotified: ["3 L1"],
    breaches: ["60 resolve"],
  },
  {
    name: "P1 acknowledged at 12 min: response SLA already breached, L2 never paged",
    codes: ["app_container_down"],
    ackAt: 12,
    steps: ["0 page L1", "30 escalation L3", "60 escalation L4"],
    reminders: [5, 10],
    ackNotified: ["12 L1"],
    breaches: ["5 respond", "60 resolve"],
  },
  {
    name: "P1 acknowledged at 20 min: L2 was paged and hears of the acknowledgement",
    codes: ["health_down"],
    ackAt: 20,
    steps: ["0 page L1", "15 escalation L2", "30 escalation L3", "60 escalation L4"],
    reminders: [5, 10, 15],
    ackNotified: ["20 L1", "20 L2"],
    breaches: ["5 respond", "60 resolve"],
  },
  {
    name: "P2 never acknowledged: L2 at 15 and again at 60, reminders every 15 min",
    codes: ["redis_down"],
    steps: ["0 page L1", "15 escalation L2", "60 escalation L2"],
    reminders: every(15, 65),
    ackNotified: [],
    breaches: ["15 respond"],
  },
  {
    name: "P2 acknowledged at 10 min: only the unresolved L2 step at 60",
    codes: ["disk_critical"],
    ackAt: 10,
    steps: ["0 page L1", "60 escalation L2"],
    reminders: [],
    ackNotified: ["10 L1"],
    breaches: [],
  },
  {
    name: "P3 pages L1 once; its SLA breach is not paged",
    codes: ["disk_high"],
    steps: ["0 page L1"],
    reminders: [],
    ackNotified: [],
    breaches: [],
  },
  {
    name: "P4 never opens an incident and never pages",
    codes: ["clock_skew", "version_changed"],
    steps: [],
    reminders: [],
    ackNotified: [],
    breaches: [],
  },
];

describe("escalation matrix with the runbook defaults", () => {
  it.each(cases)("$name", async (c) => {
    const sim = await outage(c.codes);
    const opened = viewOf(sim.state)?.openedAt ?? T0;
    if (c.ackAt !== undefined) {
      // The acknowledgement lands just before anything due at the same instant.
      await sim.act(opened + c.ackAt * MIN, { type: "acknowledge", actor: alice });
    }
    await sim.runUntil(opened + 65 * MIN);

    expect(sim.log(["page", "escalation"])).toEqual(c.steps);
    expect(sim.sent.filter((a) => a.kind === "reminder").map((a) => sim.minutes(a.at))).toEqual(c.reminders);
    expect(sim.log(["acknowledged"]).map((s) => s.replace(" acknowledged", ""))).toEqual(c.ackNotified);
    const breaches = sim.sent
      .filter((a) => a.kind === "sla_breach")
      .map((a) => `${sim.minutes(a.at)} ${a.key.split("/").at(-1)}`);
    expect(breaches).toEqual(c.breaches);
    expect(sim.sent.every((a) => a.kind !== "sla_breach" || a.level === "L1")).toBe(true);
  });

  it("opens only after five consecutive failures, about 20 s into the outage", async () => {
    const sim = new Sim();
    sim.world = ["health_down"];
    await sim.runUntil(T0 + 19_999);
    expect(viewOf(sim.state)).toBeUndefined();
    expect(sim.sent).toEqual([]);
    await sim.runUntil(T0 + 20_000);
    const incident = currentIncident(sim.state);
    expect(incident?.openedAt).toBe(T0 + 20_000);
    expect(incident?.severity).toBe("P1");
    expect(sim.log()).toEqual(["0 page L1"]);
  });

  it("P1 flags a postmortem as required after 60 min, P2 as recommended after 4 h", async () => {
    const p1 = await outage(["health_down"]);
    const opened = viewOf(p1.state)?.openedAt ?? T0;
    await p1.runUntil(opened + 59 * MIN);
    expect(viewOf(p1.state)?.postmortem).toBeUndefined();
    await p1.runUntil(opened + 60 * MIN);
    expect(viewOf(p1.state)?.postmortem).toBe("required");

    const p2 = await outage(["redis_down"]);
    await p2.runUntil(opened + 3 * 60 * MIN);
    expect(viewOf(p2.state)?.postmortem).toBeUndefined();
    await p2.runUntil(opened + 4 * 60 * MIN);
    expect(viewOf(p2.state)?.postmortem).toBe("recommended");
    const entries = viewOf(p2.state)?.timeline.filter((e) => e.kind === "postmortem") ?? [];
    expect(entries).toHaveLength(1);
  });

  it("SLA deadlines and breaches are visible on the incident", async () => {
    const sim = await outage(["health_down"]);
    const opened = viewOf(sim.state)?.openedAt ?? T0;
    expect(viewOf(sim.state)?.sla).toEqual({ respondBy: opened + 5 * MIN, resolveBy: opened + 60 * MIN });
    await sim.runUntil(opened + 6 * MIN);
    expect(viewOf(sim.state)?.slaBreaches).toEqual([{ kind: "respond", at: opened + 5 * MIN }]);
    expect(viewOf(sim.state)?.timeline.filter((e) => e.kind === "sla_breach")).toHaveLength(1);
  });

  it("P3 response SLA breach is a timeline entry only", async () => {
    const sim = await outage(["backup_stale"]);
    const opened = viewOf(sim.state)?.openedAt ?? T0;
    await sim.runUntil(opened + 61 * MIN);
    expect(viewOf(sim.state)?.slaBreaches).toEqual([{ kind: "respond", at: opened + 60 * MIN }]);
    expect(sim.sent.map((a) => a.kind)).toEqual(["page"]);
  });
});
