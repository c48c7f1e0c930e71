import { describe, expect, it } from "vitest";
import { version } from "../../package.json";
import type { ProbeResult } from "../../src/checks/types";
import type { Config } from "../../src/config/schema";
import { runTick } from "../../src/tick";
import { Fake } from "../support/fake-client";
import { healthyBody, testConfig } from "../support/test-config";

async function config(fake: Fake): Promise<Config> {
  return testConfig({
    services: [
      // Probed by the tick itself (the test is about that); `auto` would have their objects probe.
      {
        id: "one",
        name: "One",
        healthUrl: await fake.script("/one/health", { body: healthyBody() }),
        probeEvery: "60s",
      },
      {
        id: "two",
        name: "Two",
        healthUrl: await fake.script("/two/health", { status: 500, body: "boom" }),
        probeEvery: "60s",
      },
    ],
    heartbeatUrl: await fake.script("/heartbeat", { body: "ok" }),
  });
}

/** The tick on its own, with the Durable Objects behind its injected interfaces. */
describe("runTick", () => {
  it("hands every probe to its object; a failing object or gap report never stops the heartbeat", async () => {
    const fake = new Fake();
    const ingested: ProbeResult[] = [];
    const summary = await runTick({
      config: await config(fake),
      fetch: (input, init) => fetch(input, init),
      now: () => Date.now(),
      agentSecret: "",
      monitor: (serviceId) => ({
        ingest: async (result) => {
          if (serviceId === "two") throw new Error("object overloaded");
          ingested.push(result);
        },
        supervise: async () => {
          throw new Error("a tick-probed service is never supervised");
        },
      }),
      state: { listMaintenance: async () => [], recordTick: async () => ({ gapMs: 600_000 }) },
      reportGap: async () => {
        throw new Error("telegram down");
      },
    });
    expect(ingested.map((r) => [r.serviceId, r.health.ok])).toEqual([["one", true]]);
    expect(summary).toMatchObject({ services: 2, failures: 1, gapMs: 600_000 });
    expect(summary.errors).toEqual([{ serviceId: "two", error: "object overloaded" }]);
    expect(await fake.calls("/heartbeat")).toHaveLength(1);
  });

  it("only supervises a service that probes itself: it never probes it from the tick", async () => {
    const fake = new Fake();
    const base = await config(fake);
    const fast = { ...base, services: base.services.map((s) => ({ ...s, probeEvery: 15_000 })) };
    const supervised: string[] = [];
    const summary = await runTick({
      config: fast,
      fetch: (input, init) => fetch(input, init),
      now: () => Date.now(),
      agentSecret: "",
      monitor: () => ({
        ingest: async () => {
          throw new Error("a self-probing service is never probed by the tick");
        },
        supervise: async (id) => {
          supervised.push(id);
          return "armed";
        },
      }),
      state: { listMaintenance: async () => [], recordTick: async () => ({}) },
      reportGap: async () => {},
    });
    expect(supervised.sort()).toEqual(["one", "two"]);
    expect(summary.failures).toBe(0);
    expect(await fake.calls("/one/health")).toHaveLength(0);
    expect(await fake.calls("/two/health")).toHaveLength(0);
  });

  it("issue 13 item 11: the tick's probes name the watchdog, its version and its public URL", async () => {
    const fake = new Fake();
    const base = await config(fake);
    await runTick({
      config: base,
      fetch: (input, init) => fetch(input, init),
      now: () => Date.now(),
      agentSecret: "",
      monitor: () => ({ ingest: async () => {}, supervise: async () => "not_self_probing" }),
      state: { listMaintenance: async () => [], recordTick: async () => ({}) },
      reportGap: async () => {},
    });
    const agents = [...(await fake.calls("/one/health")), ...(await fake.calls("/two/health"))].map(
      (c) => c.headers["user-agent"],
    );
    expect(agents).toEqual([
      `watchdog/${version} (+${base.publicUrl})`,
      `watchdog/${version} (+${base.publicUrl})`,
    ]);
  });
});
