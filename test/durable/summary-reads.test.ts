import {
  createExecutionContext,
  createScheduledController,
  env,
  waitOnExecutionContext,
} from "cloudflare:test";
import { describe, expect, it } from "vitest";
import {
  SCRAPE_DO_CALLS,
  STATUS_DETAIL_SERVICES,
  STATUS_VIEW_DO_CALLS,
  statusViewCalls,
} from "../../src/config/budget-traffic";
import worker from "../../src/index";
import { adminGet } from "../support/admin-get";
import { Fake } from "../support/fake-client";
import { COUNT_RULE, healthyBody } from "../support/test-config";

type Namespace = Env["SERVICE_MONITOR"] | Env["WATCHDOG_STATE"];

/** Every RPC call made on the stubs a namespace hands out: object name and method. */
function countingNamespace<N extends Namespace>(
  real: N,
): { ns: N; calls: { name: string; method: string }[] } {
  const calls: { name: string; method: string }[] = [];
  const ns = new Proxy(real, {
    get(target, key) {
      if (key === "getByName")
        return (name: string, options?: DurableObjectNamespaceGetDurableObjectOptions) => {
          const stub = target.getByName(name, options);
          return new Proxy(stub, {
            get(s, method) {
              const value: unknown = Reflect.get(s, method);
              if (typeof value !== "function" || typeof method !== "string") return value;
              return (...args: unknown[]) => {
                calls.push({ name, method });
                return Reflect.apply(value, s, args);
              };
            },
          });
        };
      const value: unknown = Reflect.get(target, key);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return { ns, calls };
}

/** The test config with `n` services of its own (ids `<prefix>-<i>`), on the loopback fake. */
function configOf(prefix: string, n: number): string {
  const base = env.WATCHDOG_CONFIG as unknown as { services: { healthUrl: string }[] };
  const fake = new URL(base.services[0]?.healthUrl ?? "http://127.0.0.1:9/").origin;
  return JSON.stringify({
    ...base,
    plan: "paid",
    services: Array.from({ length: n }, (_, i) => ({
      id: `${prefix}-${i}`,
      name: `Summary ${prefix} ${i}`,
      healthUrl: `${fake}/svc/${prefix}-${i}/health`,
      probeEvery: "60s",
      thresholds: COUNT_RULE,
    })),
  });
}

/** The Worker with counted service and state objects, under a config of `n` services of its own or the test config. */
function counted(prefix: string, n?: number) {
  const monitors = countingNamespace(env.SERVICE_MONITOR);
  const state = countingNamespace(env.WATCHDOG_STATE);
  const patched = {
    ...env,
    SERVICE_MONITOR: monitors.ns,
    WATCHDOG_STATE: state.ns,
    ...(n === undefined ? {} : { WATCHDOG_CONFIG: configOf(prefix, n) }),
  } as unknown as Env;
  const get = (path: string) => adminGet(patched, path);
  return { patched, get, monitorCalls: monitors.calls, stateCalls: state.calls };
}

describe("issue 17 item 5: /metrics and /status read one aggregate", () => {
  it("issue 17 item 5: a /metrics scrape makes one Durable Object call whatever the number of services", async () => {
    for (const n of [1, 1_000]) {
      const w = counted(`scrape${n}`, n);
      const { status, text } = await w.get("/metrics");
      expect(status, text).toBe(200);
      expect(w.monitorCalls).toEqual([]);
      expect(w.stateCalls).toEqual([{ name: "global", method: "metricsReading" }]);
      // What the cost estimate counts a scrape (src/config/budget-traffic.ts).
      expect(w.monitorCalls.length + w.stateCalls.length).toBe(SCRAPE_DO_CALLS);
      // No tick has brought these services' summaries: unknown, never up.
      expect(text).toContain(`watchdog_services_unknown ${n}`);
      expect(text).not.toContain(`watchdog_probe_up{service="scrape${n}-0"`);
    }
  });

  it("issue 17 item 5: the status page lists every service from one read of the summaries, asking no object for its snapshot", async () => {
    const n = 40;
    const w = counted("page", n);
    const { status, text } = await w.get("/status");
    expect(status, text).toBe(200);
    expect(text).toContain("Summary page 39");
    expect(w.monitorCalls.filter((c) => c.method === "snapshot")).toEqual([]);
    expect(w.stateCalls.filter((c) => c.method === "summaries")).toHaveLength(1);
    // Beyond STATUS_DETAIL_SERVICES no service object is asked at all: the summaries and the
    // maintenance windows, whatever the estate (what the cost estimate counts a view).
    expect(w.monitorCalls).toEqual([]);
    expect(w.stateCalls.length).toBe(statusViewCalls(n));
    expect(statusViewCalls(1_000)).toBe(STATUS_VIEW_DO_CALLS.fixed);
    expect(text).toContain(`More than ${STATUS_DETAIL_SERVICES} services`);
    expect(text).toContain('href="/status/services/page-39"');
  });

  it("issue 17 item 5: a small estate's status page still shows history and recent incidents, within the estimate", async () => {
    const n = STATUS_DETAIL_SERVICES;
    const w = counted("small", n);
    const { status, text } = await w.get("/status");
    expect(status, text).toBe(200);
    expect(text).toContain('class="history"');
    expect(w.monitorCalls.length + w.stateCalls.length).toBeLessThanOrEqual(statusViewCalls(n));
    expect(statusViewCalls(n)).toBe(STATUS_VIEW_DO_CALLS.fixed + STATUS_VIEW_DO_CALLS.perService * n);
  });

  it("issue 17 item 5: a service's own page shows its history from its one object; an unknown id is a 404", async () => {
    const w = counted("one", 1_000);
    const { status, text } = await w.get("/status/services/one-999");
    expect(status, text).toBe(200);
    expect(text).toContain('data-service="one-999"');
    expect(new Set(w.monitorCalls.map((c) => c.name))).toEqual(new Set(["one-999"]));
    expect(w.monitorCalls.length).toBeLessThanOrEqual(STATUS_VIEW_DO_CALLS.perService);
    const missing = await w.get("/status/services/nope");
    expect(missing.status).toBe(404);
  });

  it("issue 17: /api/services pages through a large estate, at most 500 objects a request; /api/incidents asks for a filter", async () => {
    const w = counted("api", 1_000);
    const first = await w.get("/api/services");
    expect(first.status, first.text).toBe(200);
    const body = JSON.parse(first.text) as {
      total: number;
      offset: number;
      next: number | null;
      services: { id: string }[];
    };
    expect([body.total, body.offset, body.next, body.services.length]).toEqual([1_000, 0, 500, 500]);
    expect(w.monitorCalls).toHaveLength(500);
    const last = JSON.parse((await w.get("/api/services?offset=900&limit=100")).text) as typeof body;
    expect([last.next, last.services[0]?.id, last.services.at(-1)?.id]).toEqual([null, "api-900", "api-999"]);
    expect(w.monitorCalls).toHaveLength(600);
    const tooMany = await w.get("/api/services?limit=501");
    expect(tooMany.status).toBe(400);
    const unfiltered = await w.get("/api/incidents");
    expect(unfiltered.status).toBe(400);
    expect(unfiltered.text).toContain("add ?service=<id>");
    expect(w.monitorCalls).toHaveLength(600);
    expect((await w.get("/api/incidents?service=api-7")).status).toBe(200);
  });

  it("issue 17 item 5: a tick carries each service's summary to the state object; /metrics and /status show it, with its age", async () => {
    // A service of the test config: its object reads the same config as the Worker.
    const id = "sum-carried";
    const fake = new Fake();
    await fake.scriptAbsolute(`/svc/${id}/health`, { body: healthyBody() });
    const w = counted(id);
    const before = await w.get("/metrics");
    expect(before.text).not.toContain(`watchdog_probe_up{service="${id}"`);
    const ctx = createExecutionContext();
    const controller = createScheduledController({
      scheduledTime: Date.UTC(2026, 0, 1, 12, 0, 0),
      cron: "* * * * *",
    });
    await worker.scheduled(controller, w.patched, ctx);
    await waitOnExecutionContext(ctx);
    // The tick asked each object once (supervise and summary in one answer) and recorded once.
    expect(w.monitorCalls.filter((c) => c.name === id)).toEqual([{ name: id, method: "supervised" }]);
    expect(new Set(w.monitorCalls.map((c) => c.method))).toEqual(new Set(["supervised"]));
    expect(w.stateCalls.filter((c) => c.method === "recordTick")).toHaveLength(1);

    const after = await w.get("/metrics");
    expect(after.text).toContain(`watchdog_probe_up{service="${id}",check="health"} 1`);
    const age = /^watchdog_aggregate_age_seconds (\S+)$/m.exec(after.text)?.[1];
    expect(Number(age)).toBeGreaterThanOrEqual(0);
    expect(Number(age)).toBeLessThan(60);
    const page = await w.get("/status");
    expect(page.text).toMatch(/figures as of \d{4}-\d\d-\d\d/);
  });
});
