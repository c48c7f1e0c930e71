import { describe, expect, it } from "vitest";
import type { FindingCode } from "../../src/checks/types";
import { currentIncident, viewOf } from "../../src/escalation/core";
import { probe, Sim, T0 } from "./sim";

const RECHECK = 5_000;

interface Case {
  name: string;
  /** What each probe (every 5 s, the re-check interval) shows; the last entry repeats. */
  probes: FindingCode[][];
  /** How many probes to run. */
  count: number;
  /** Incident after the run (undefined: none). */
  expected?: { severity: string; status: string; epoch: number; codes: FindingCode[] };
  /** Notifications, "kind level". */
  sent: string[];
}

const cycle = (codes: FindingCode[][], n: number) =>
  Array.from({ length: n }, (_, i) => codes[i % codes.length] ?? []);

// Confirmation is about the service failing for `failureThreshold` consecutive probes; which
// finding code shows the failure may change from probe to probe.
const cases: Case[] = [
  {
    name: "health down while the agent answers only sometimes pages P1 once",
    probes: cycle([["health_down"], ["health_and_agent_down"]], 40),
    count: 40,
    expected: { severity: "P1", status: "open", epoch: 1, codes: ["health_down"] },
    sent: ["page L1"],
  },
  {
    name: "redis and radicale down by turns pages P2 once",
    probes: cycle([["redis_down"], ["radicale_down"]], 40),
    count: 40,
    expected: { severity: "P2", status: "open", epoch: 1, codes: ["redis_down"] },
    sent: ["page L1"],
  },
  {
    name: "the app down, then the whole host down: one incident, never 'recovered'",
    probes: [...cycle([["health_down"]], 8), ["health_and_agent_down"]],
    count: 40,
    expected: { severity: "P1", status: "open", epoch: 1, codes: ["health_and_agent_down"] },
    sent: ["page L1"],
  },
  {
    name: "the app comes back but Redis stays down: severity falls, no resolve and reopen",
    probes: [...cycle([["health_down", "redis_down"]], 2), ...cycle([["health_down"]], 6), ["redis_down"]],
    count: 40,
    expected: { severity: "P2", status: "open", epoch: 1, codes: ["redis_down"] },
    sent: ["page L1"],
  },
  {
    name: "a single P1 blip during a steady P3 is not confirmed",
    probes: [...cycle([["disk_high"]], 8), ["disk_high", "health_down"], ["disk_high"]],
    count: 20,
    expected: { severity: "P3", status: "open", epoch: 1, codes: ["disk_high"] },
    sent: ["page L1"],
  },
  {
    name: "failures broken by a passing probe never confirm, whatever the codes",
    probes: cycle([["health_down"], ["health_and_agent_down"], ["redis_down"], ["radicale_down"], []], 50),
    count: 50,
    sent: [],
  },
];

describe("confirmation across changing finding codes", () => {
  it.each(cases)("$name", async (c) => {
    const sim = new Sim();
    for (let i = 0; i < c.count; i++) {
      const codes = c.probes[Math.min(i, c.probes.length - 1)] ?? [];
      const at = T0 + i * RECHECK;
      await sim.apply({ type: "probe", result: probe(at, codes) }, at);
    }
    const view = currentIncident(sim.state);
    if (c.expected === undefined) expect(viewOf(sim.state)).toBeUndefined();
    else
      expect({
        severity: view?.severity,
        status: view?.status,
        epoch: view?.epoch,
        codes: view?.findings.map((f) => f.code),
      }).toEqual(c.expected);
    expect(sim.sent.map((a) => `${a.kind} ${a.level}`)).toEqual(c.sent);
  });
});
