import { afterEach, describe, expect, it, vi } from "vitest";
import { runTick, type TickDeps } from "../../src/tick";
import { testConfig } from "../support/test-config";
import { T0 } from "../support/time";

/** A tick over `n` services whose every object and shard answers at once. */
function deps(n: number): TickDeps {
  const services = Array.from({ length: n }, (_, i) => ({
    id: `svc-${i}`,
    name: `Service ${i}`,
    healthUrl: `http://127.0.0.1:9/svc-${i}/health`,
  }));
  return {
    config: testConfig({ services, plan: "paid", heartbeatUrl: "http://127.0.0.1:9/beat" }),
    fetch: async () => new Response("ok"),
    now: () => T0,
    monitor: () => ({ supervised: async (serviceId) => ({ supervision: "probed", summary: { serviceId } }) }),
    shard: () => ({ supervise: async () => ({ errors: [], summaries: [] }) }),
    state: { listMaintenance: async () => [], recordTick: async () => ({}) },
    reportGap: async () => {},
  };
}

describe("issue 17 item 6: the tick reports its subrequests", () => {
  afterEach(() => vi.restoreAllMocks());

  it("issue 17 item 6: counts each object, shard and state call and the heartbeat, and logs them for the scale bench", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    // 50 services: one call per service object, plus the two state calls.
    expect((await runTick(deps(50))).subrequests).toEqual({ durableObjects: 52, internet: 1 });
    // 1,000 services: ten shards plus the two state calls.
    expect((await runTick(deps(1_000))).subrequests).toEqual({ durableObjects: 12, internet: 1 });
    expect(log).toHaveBeenLastCalledWith(
      'tick subrequests {"durableObjects":12,"internet":1,"durationMs":0,"services":1000}',
    );
  });
});
