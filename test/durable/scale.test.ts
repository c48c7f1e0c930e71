import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { probeService } from "../../src/checks/probe";
import { FREE_LIMITS } from "../../src/config/budget";
import type { Config } from "../../src/config/schema";
import { MonitorEngine } from "../../src/monitor/engine";
import { SHARD_SIZE, type ShardApi, superviseEach } from "../../src/monitor/fan-out";
import { MemoryAlarm, MemoryStore } from "../../src/monitor/memory";
import { supervisedBy } from "../../src/monitor/summary";
import { runTick, type TickDeps } from "../../src/tick";
import { Watched } from "../support/runtime";
import { healthyBody, testConfig } from "../support/test-config";
import { T0 } from "../support/time";

const MIN = 60_000;

/** Subrequests of one invocation: to Durable Objects, and to the Internet. */
interface Usage {
  objects: number;
  internet: number;
}

/**
 * 1,000 services (900 at 60 s, 100 at 15 s) as production wires them: the tick, a shard object
 * per SHARD_SIZE services, one engine per service object probing through a counting fetch.
 * Every Durable Object call and every fetch is charged to the invocation that makes it.
 */
function estate() {
  const services = Array.from({ length: 1_000 }, (_, i) => ({
    id: `svc-${i}`,
    name: `Service ${i}`,
    healthUrl: `http://127.0.0.1:9/svc-${i}/health`,
    probeEvery: i < 900 ? "60s" : "15s",
  }));
  const config: Config = testConfig({ services, plan: "paid", heartbeatUrl: "http://127.0.0.1:9/beat" });
  const clock = { now: T0 };
  const usage = new Map<string, Usage>();
  const charge = (invocation: string, kind: keyof Usage) => {
    const u = usage.get(invocation) ?? { objects: 0, internet: 0 };
    u[kind] += 1;
    usage.set(invocation, u);
  };
  const probes = new Map<string, number[]>();
  let round = 0;
  const engines = new Map(
    config.services.map((service) => {
      const alarm = new MemoryAlarm();
      const engine = new MonitorEngine({
        store: new MemoryStore(),
        config: () => config,
        probe: (s) => {
          probes.set(s.id, [...(probes.get(s.id) ?? []), clock.now]);
          // Each probe runs in an invocation of the service's object (its alarm or a supervise call).
          const invocation = `object ${s.id} #${round}:${clock.now}`;
          const fetch = async () => {
            charge(invocation, "internet");
            return new Response(JSON.stringify(healthyBody({ at: clock.now })));
          };
          return probeService(s, { fetch, now: () => clock.now, agentSecret: "" });
        },
        askVantage: async (_s, region) => ({ answered: false, location: region, reason: "none" }),
        send: async () => ({ ok: true, retryable: false, events: [], refs: [], targets: new Map() }),
        alarm,
        now: () => clock.now,
        count: async () => {},
      });
      return [service.id, { engine, alarm }] as const;
    }),
  );
  const object = (invocation: string) => (id: string) => {
    charge(invocation, "objects");
    const found = engines.get(id);
    if (!found) throw new Error(`no object for ${id}`);
    return supervisedBy(found.engine);
  };
  const tick = async () => {
    round += 1;
    const self = `tick #${round}`;
    const deps: TickDeps = {
      config,
      fetch: async () => {
        charge(self, "internet");
        return new Response("ok");
      },
      now: () => clock.now,
      monitor: object(self),
      shard: (shardId) => {
        charge(self, "objects");
        // The shard object's own invocation, as src/durable/tick-shard.ts runs it.
        return {
          supervise: (ids, windows) => superviseEach(ids, windows, object(`${shardId} #${round}`)),
        };
      },
      state: {
        listMaintenance: async () => {
          charge(self, "objects");
          return [];
        },
        recordTick: async () => {
          charge(self, "objects");
          return {};
        },
      },
      reportGap: async () => {},
    };
    return runTick(deps);
  };
  /** Runs every object's alarm that is due by now (the 15 s services' own probes). */
  const alarms = async () => {
    for (const { engine, alarm } of engines.values())
      if (alarm.at !== null && alarm.at <= clock.now) {
        alarm.at = null;
        await engine.alarm();
      }
  };
  return { config, clock, usage, probes, tick, alarms };
}

describe("issue 17 item 3: 1,000 services", () => {
  it("issue 17 item 3: no invocation nears a subrequest limit, and every service is probed once per interval", async () => {
    const e = estate();
    const ticks = 4;
    for (let minute = 0; minute < ticks; minute++) {
      const summary = await e.tick();
      expect(summary.failures).toBe(0);
      // Between ticks the 15 s services probe on their own alarms.
      for (let step = 1; step <= 4; step++) {
        e.clock.now = T0 + minute * MIN + step * 15_000;
        await e.alarms();
      }
    }

    const ticksUsage = [...e.usage].filter(([k]) => k.startsWith("tick"));
    const shards = [...e.usage].filter(([k]) => k.startsWith("shard"));
    const objects = [...e.usage].filter(([k]) => k.startsWith("object"));
    expect(ticksUsage).toHaveLength(ticks);
    expect(shards).toHaveLength(ticks * (1_000 / SHARD_SIZE));
    for (const [name, u] of e.usage) {
      expect(u.objects, name).toBeLessThanOrEqual(SHARD_SIZE + 2);
      expect(u.internet, name).toBeLessThanOrEqual(2);
    }
    // The tick: 10 shards and 2 state calls, and the heartbeat; far under 1,000 and 50.
    for (const [, u] of ticksUsage) expect(u).toEqual({ objects: 12, internet: 1 });
    expect(Math.max(...[...e.usage.values()].map((u) => u.objects))).toBeLessThan(
      FREE_LIMITS.internalSubrequests / 5,
    );
    expect(objects.length).toBeGreaterThan(0);

    // Every service probed once per interval: 4 ticks for the 60 s ones, every 15 s for the others.
    for (const service of e.config.services) {
      const at = e.probes.get(service.id) ?? [];
      const gaps = at.slice(1).map((t, i) => t - (at[i] ?? t));
      if (service.probeEvery === MIN) {
        expect(at, service.id).toHaveLength(ticks);
        expect(new Set(gaps), service.id).toEqual(new Set([MIN]));
      } else {
        expect(at, service.id).toHaveLength(ticks * 4 + 1);
        expect(new Set(gaps), service.id).toEqual(new Set([service.probeEvery]));
      }
    }
  }, 120_000);

  it("issue 17 item 3: a failing shard costs only its own services", async () => {
    const e = estate();
    const summary = await runTick({
      config: e.config,
      fetch: async () => new Response("ok"),
      now: () => e.clock.now,
      monitor: () => {
        throw new Error("the tick never calls an object itself above SHARD_SIZE services");
      },
      shard: (shardId) => ({
        supervise: async (ids) => {
          if (shardId === "shard-3") throw new Error("shard overloaded");
          return {
            errors: ids.length === SHARD_SIZE ? [] : [{ serviceId: "?", error: "short shard" }],
            summaries: [],
          };
        },
      }),
      state: { listMaintenance: async () => [], recordTick: async () => ({}) },
      reportGap: async () => {},
    });
    expect(summary.failures).toBe(SHARD_SIZE);
    expect(new Set(summary.errors.map((x) => x.serviceId))).toEqual(
      new Set(Array.from({ length: SHARD_SIZE }, (_, i) => `svc-${300 + i}`)),
    );
    expect(summary.errors[0]?.error).toBe("shard shard-3 failed: shard overloaded");
  });
});

describe("issue 17 item 3: the shard object in the Workers runtime", () => {
  it("issue 17 item 3: a TickShard supervises its services through their objects, which probe", async () => {
    const w = new Watched("svc-e");
    await w.heal();
    const shard = env.TICK_SHARD.getByName("shard-test") as unknown as ShardApi;
    const before = (await w.api.snapshot()).lastProbe?.at;
    const report = await shard.supervise(["svc-e", "no-such-service"], []);
    expect(report.errors).toEqual([]);
    const after = (await w.api.snapshot()).lastProbe;
    expect(after?.health?.ok).toBe(true);
    expect(after?.at).not.toBe(before);
  });
});
