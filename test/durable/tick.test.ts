import { describe, expect, it } from "vitest";
import { version } from "../../package.json";
import { probeService } from "../../src/checks/probe";
import type { Config } from "../../src/config/schema";
import { MonitorEngine } from "../../src/monitor/engine";
import { SHARD_SIZE, superviseEach } from "../../src/monitor/fan-out";
import { MemoryAlarm, MemoryStore } from "../../src/monitor/memory";
import { supervisedBy } from "../../src/monitor/summary";
import { runTick } from "../../src/tick";
import { Fake } from "../support/fake-client";
import { tick } from "../support/runtime";
import { healthyBody, TEST_PUBLIC_URL, testConfig } from "../support/test-config";

async function config(fake: Fake): Promise<Config> {
  return testConfig({
    services: [
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

/** A fetch that never answers until its signal gives up: a service in a mass outage. */
const hanging: typeof fetch = (_input, init) =>
  new Promise((_resolve, reject) => {
    init?.signal?.addEventListener("abort", () => reject(init.signal?.reason));
  });

/** Below SHARD_SIZE services the tick calls the objects itself. */
const noShards = (): never => {
  throw new Error("no shard below SHARD_SIZE services");
};

/** The tick on its own, with the Durable Objects behind its injected interfaces. */
describe("runTick", () => {
  it("supervises every object; a failing object or gap report never stops the heartbeat", async () => {
    const fake = new Fake();
    const supervised: string[] = [];
    const summary = await runTick({
      config: await config(fake),
      fetch: (input, init) => fetch(input, init),
      now: () => Date.now(),
      monitor: (serviceId) => ({
        supervised: async (id) => {
          if (serviceId === "two") throw new Error("object overloaded");
          supervised.push(id);
          return { supervision: "probed", summary: { serviceId: id } };
        },
      }),
      shard: noShards,
      state: { listMaintenance: async () => [], recordTick: async () => ({ gapMs: 600_000 }) },
      reportGap: async () => {
        throw new Error("telegram down");
      },
    });
    expect(supervised).toEqual(["one"]);
    expect(summary).toMatchObject({ services: 2, failures: 1, gapMs: 600_000 });
    expect(summary.errors).toEqual([{ serviceId: "two", error: "object overloaded" }]);
    expect(await fake.calls("/heartbeat")).toHaveLength(1);
    // The tick probes nothing itself: every probe is its object's.
    expect(await fake.calls("/one/health")).toHaveLength(0);
    expect(await fake.calls("/two/health")).toHaveLength(0);
  });

  it("issue 17 item 2: 50 hanging services cost the tick the supervise wait, not their probe timeouts", async () => {
    const services = Array.from({ length: 50 }, (_, i) => ({
      id: `hang-${i}`,
      name: `Hanging ${i}`,
      healthUrl: `http://127.0.0.1:9/hang-${i}/health`,
      probeEvery: "60s",
    }));
    const cfg = testConfig({ services, plan: "paid" });
    let probesStarted = 0;
    // Each object as production builds it: its own engine, probing with the hanging fetch.
    const engines = new Map(
      services.map((s) => {
        const store = new MemoryStore();
        const engine = new MonitorEngine({
          store,
          config: () => cfg,
          probe: (service) => {
            probesStarted += 1;
            return probeService(service, { fetch: hanging, now: () => Date.now(), agentSecret: "" });
          },
          askVantage: async (_s, region) => ({ answered: false, location: region, reason: "none" }),
          send: async () => ({ ok: true, retryable: false, events: [], refs: [], targets: new Map() }),
          alarm: new MemoryAlarm(),
          now: () => Date.now(),
          count: async () => {},
        });
        return [s.id, engine] as const;
      }),
    );
    const started = Date.now();
    const summary = await runTick({
      config: cfg,
      fetch: hanging,
      now: () => Date.now(),
      monitor: (id) => {
        const engine = engines.get(id);
        if (!engine) throw new Error(`no object for ${id}`);
        return supervisedBy(engine);
      },
      shard: noShards,
      state: { listMaintenance: async () => [], recordTick: async () => ({}) },
      reportGap: async () => {},
    });
    const wall = Date.now() - started;
    expect(probesStarted).toBe(50);
    expect(summary.failures).toBe(0);
    expect(wall).toBeLessThan(2_000);
  });
});

describe("issue 17 item 5: the tick carries the services' summaries", () => {
  it("issue 17 item 5: each answering service's summary reaches recordTick, directly and through the shards", async () => {
    for (const n of [3, SHARD_SIZE * 2 + 5]) {
      const services = Array.from({ length: n }, (_, i) => ({
        id: `s-${i}`,
        name: `S ${i}`,
        healthUrl: `http://127.0.0.1:9/s-${i}/health`,
        probeEvery: "60s",
      }));
      const answer = async (id: string) => {
        if (id === "s-1") throw new Error("object overloaded");
        return {
          supervision: "probed" as const,
          summary: { serviceId: id, lastProbe: { at: 1, health: { ok: true, latencyMs: 5 } } },
        };
      };
      let carried: string[] | undefined;
      await runTick({
        config: testConfig({ services, plan: "paid" }),
        fetch: async () => new Response("ok"),
        now: () => Date.now(),
        monitor: () => ({ supervised: answer }),
        // A shard as src/durable/tick-shard.ts runs it, over the same objects.
        shard: () => ({
          supervise: (ids, windows) => superviseEach(ids, windows, () => ({ supervised: answer })),
        }),
        state: {
          listMaintenance: async () => [],
          recordTick: async (_tick, _gap, summaries) => {
            carried = summaries?.map((x) => x.serviceId);
            return {};
          },
        },
        reportGap: async () => {},
      });
      // Every service but the one that failed, in config order; no extra call was made for them.
      expect(carried, `${n} services`).toEqual(services.map((s) => s.id).filter((id) => id !== "s-1"));
    }
  });
});

describe("the Worker's tick", () => {
  it("issue 13 item 11: the objects' probes name the watchdog, its version and its public URL", async () => {
    const fake = new Fake();
    await tick();
    const calls = await fake.callsAbsolute("/svc/svc-f/health");
    expect(calls.length).toBeGreaterThan(0);
    for (const call of calls)
      expect(call.headers["user-agent"]).toBe(`watchdog/${version} (+${TEST_PUBLIC_URL})`);
  });
});
