import {
  createExecutionContext,
  createScheduledController,
  env,
  waitOnExecutionContext,
} from "cloudflare:test";
import { describe, expect, it } from "vitest";
import worker from "../../src/index";
import { adminGet } from "../support/admin-get";
import { TEST_PUBLIC_URL, TEST_SECRETS } from "../support/test-config";

/** A config of one service whose object belongs near Moscow, never touched by another test. */
function hintedConfig(id: string): string {
  const base = env.WATCHDOG_CONFIG as unknown as { services: { healthUrl: string }[] };
  // The loopback fake: a supervised object probes this URL, and tests never reach the internet.
  const fake = new URL(base.services[0]?.healthUrl ?? "http://127.0.0.1:9/").origin;
  return JSON.stringify({
    ...base,
    services: [
      {
        id,
        name: `Hinted ${id}`,
        healthUrl: `${fake}/svc/${id}/health`,
        probeEvery: "15s",
        vantage: { home: "eeur", second: "weur" },
      },
    ],
  });
}

/** The real namespace, with every `getByName` and its options written down. */
function recordingNamespace(): { ns: Env["SERVICE_MONITOR"]; calls: { name: string; hint?: string }[] } {
  const calls: { name: string; hint?: string }[] = [];
  const real = env.SERVICE_MONITOR;
  const ns = new Proxy(real, {
    get(target, key) {
      if (key === "getByName")
        return (name: string, options?: DurableObjectNamespaceGetDurableObjectOptions) => {
          calls.push({ name, ...(options?.locationHint ? { hint: options.locationHint } : {}) });
          return target.getByName(name, options);
        };
      const value: unknown = Reflect.get(target, key);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return { ns, calls };
}

describe("issue 17 item 4: location hints on every path", () => {
  it("issue 17 item 4: an object created first by a per-service page still gets its vantage.home hint; a /metrics scrape touches none", async () => {
    const id = "hint-metrics";
    const { ns, calls } = recordingNamespace();
    const patched = { ...env, SERVICE_MONITOR: ns, WATCHDOG_CONFIG: hintedConfig(id) } as unknown as Env;
    const get = async (path: string) => (await adminGet(patched, path)).status;
    // Since issue 17 item 5 a scrape reads the ticks' summaries in WatchdogState alone.
    expect(await get("/metrics")).toBe(200);
    expect(calls).toEqual([]);
    // The incident page asks the service's own object first: it is created there, with the hint.
    expect(await get(`/status/incidents/${encodeURIComponent(`${id}:1`)}`)).toBe(404);
    expect(calls).toEqual([{ name: id, hint: "eeur" }]);
  });

  it("issue 17 item 4: the status page, the tick and the daily report ask for the same hint", async () => {
    const id = "hint-paths";
    const { ns, calls } = recordingNamespace();
    const patched = { ...env, SERVICE_MONITOR: ns, WATCHDOG_CONFIG: hintedConfig(id) } as unknown as Env;
    const ctx = createExecutionContext();
    const page = await worker.fetch(
      new Request(`${TEST_PUBLIC_URL}/status`, {
        headers: { Authorization: `Bearer ${TEST_SECRETS.ADMIN_TOKEN}` },
      }),
      patched,
      ctx,
    );
    expect(page.status).toBe(200);
    // 06:00 UTC is the daily report's hour: the tick also reads every snapshot for it.
    const scheduledTime = Date.UTC(2031, 0, 1, 6, 0, 0);
    await worker.scheduled(createScheduledController({ scheduledTime, cron: "* * * * *" }), patched, ctx);
    await waitOnExecutionContext(ctx);
    expect(calls.length).toBeGreaterThanOrEqual(3);
    for (const call of calls) expect(call).toEqual({ name: id, hint: "eeur" });
  });
});
