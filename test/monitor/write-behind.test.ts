import { describe, expect, it } from "vitest";
import type { ProbeResult } from "../../src/checks/types";
import { STATE_FLUSH_EVERY_MS } from "../../src/config/write-budget";
import { initialState, type ServiceState } from "../../src/escalation/core";
import { MemoryStore } from "../../src/monitor/memory";
import { quietProbe, WriteBehind } from "../../src/monitor/write-behind";
import { T0 } from "../support/time";

const MIN = 60_000;

const probe = (at: number, change: Partial<ProbeResult> = {}): ProbeResult => ({
  serviceId: "demo",
  at,
  health: { ok: true, latencyMs: 40, version: "1.0.0" },
  findings: [],
  ...change,
});

const stateAt = (at: number, change: Partial<ServiceState> = {}): ServiceState => ({
  ...initialState("demo"),
  lastProbeAt: at,
  nextProbeAt: at + 15_000,
  now: at,
  lastVersion: "1.0.0",
  ...change,
});

/** A write-behind store whose first commit (always written) was at T0. */
function primed() {
  const inner = new MemoryStore();
  const writes = new WriteBehind(inner);
  writes.commit(undefined, stateAt(T0), probe(T0));
  return { inner, writes };
}

describe("issue 17 item 7: write on change", () => {
  it("issue 17 item 7: a quiet probe stays in memory, read first, until the state is 5 minutes old", () => {
    const { inner, writes } = primed();
    let before = stateAt(T0);
    for (let at = T0 + MIN; at < T0 + STATE_FLUSH_EVERY_MS; at += MIN) {
      const after = stateAt(at);
      writes.commit(before, after, probe(at));
      before = after;
      expect(inner.state()?.now).toBe(T0);
      expect(inner.lastProbe()?.at).toBe(T0);
      expect(writes.state()?.now).toBe(at);
      expect(writes.lastProbe()?.at).toBe(at);
    }
    const flush = T0 + STATE_FLUSH_EVERY_MS;
    writes.commit(before, stateAt(flush), probe(flush));
    expect(inner.state()?.now).toBe(flush);
    expect(inner.lastProbe()?.at).toBe(flush);
  });

  const at = T0 + MIN;
  const cases: [string, ServiceState, ProbeResult | undefined][] = [
    [
      "a failed probe",
      stateAt(at),
      probe(at, { health: { ok: false, latencyMs: 5_000, reason: "timeout" } }),
    ],
    [
      "a new warning (P4) on a healthy probe",
      stateAt(at),
      probe(at, { findings: [{ code: "tls_expiring", severity: "P4", check: "health" }] }),
    ],
    ["a confirmation step (a re-check due)", stateAt(at, { recheckAt: at + 5_000 }), probe(at)],
    ["a new app version", stateAt(at, { lastVersion: "1.0.1" }), probe(at)],
    ["an incident opened", stateAt(at, { incidentCount: 1 }), probe(at)],
    ["a commit without a probe (a delivery, an operator action, a timer)", stateAt(at), undefined],
  ];
  it.each(cases)(
    "issue 17 item 7: %s is written at once, the pending probe with it",
    (_name, after, result) => {
      const { inner, writes } = primed();
      // A quiet probe first, pending in memory.
      writes.commit(stateAt(T0), stateAt(T0 + 30_000), probe(T0 + 30_000));
      expect(inner.state()?.now).toBe(T0);
      expect(quietProbe(stateAt(T0 + 30_000), after, result, writes.lastProbe())).toBe(false);
      writes.commit(stateAt(T0 + 30_000), after, result);
      expect(inner.state()).toEqual(after);
      expect(inner.lastProbe()?.at).toBe(result ? at : T0 + 30_000);
    },
  );
});
