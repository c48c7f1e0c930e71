import { describe, expect, it } from "vitest";
import type { ProbeResult } from "../../src/checks/types";
import { initialState } from "../../src/escalation/core";
import { checklist } from "../../src/escalation/message/daily-checklist";
import { DAILY } from "../../src/escalation/message/daily-strings";
import { MemoryHistoryRows } from "../../src/history";
import { HistoryFeed } from "../../src/monitor/history-feed";
import { testConfig } from "../support/test-config";
import { T0 } from "../support/time";
import { ADMIN, DOOR_CONFIG, harness } from "./fakes";

/** The door's config plus `api`, watched by an http and a tcp check and no /health. */
const config = testConfig({
  ...DOOR_CONFIG,
  locale: "en",
  services: [
    ...DOOR_CONFIG.services,
    {
      id: "api",
      name: "API",
      checks: [
        { kind: "http", url: "https://api.example.com/ping" },
        { kind: "tcp", host: "db.example.com", port: 5432 },
      ],
    },
  ],
});

/** What the last probe of `api` saw: the http check failing, the tcp one passing. */
const probe: ProbeResult = {
  serviceId: "api",
  at: T0,
  checks: [
    {
      kind: "http",
      label: "api.example.com/ping",
      ok: false,
      latencyMs: 312,
      reason: "HTTP 503, expected 200",
    },
    { kind: "tcp", label: "db.example.com:5432", ok: true, latencyMs: 18 },
  ],
  findings: [
    {
      code: "http_check_failed",
      severity: "P2",
      check: "check",
      subject: "api.example.com/ping",
      reason: "HTTP 503, expected 200",
    },
  ],
};

/** The door with `api`'s last probe carried to the aggregate by a tick (issue 17 item 5). */
async function seeded() {
  const h = harness({ config });
  h.monitor("api").snap = { lastProbe: probe };
  await h.summarize();
  return h;
}

describe("issue 16 item 3: a checks-only service on the operator's pages", () => {
  it("issue 16 item 3: metrics have watchdog_probe_up per general check and none for a /health it lacks", async () => {
    const h = await seeded();
    const res = await h.app.request("/metrics", { headers: { Authorization: `Bearer ${ADMIN}` } });
    expect(res.status).toBe(200);
    const lines = (await res.text()).split("\n").filter((l) => l.includes('service="api"'));
    expect(lines).toEqual([
      'watchdog_probe_up{service="api",check="http:api.example.com/ping"} 0',
      'watchdog_probe_up{service="api",check="tcp:db.example.com:5432"} 1',
      'watchdog_probe_latency_seconds{service="api",check="http:api.example.com/ping"} 0.312',
      'watchdog_probe_latency_seconds{service="api",check="tcp:db.example.com:5432"} 0.018',
    ]);
  });

  it("issue 16 item 3: the status page shows a checks-only service down with its failing check's reason", async () => {
    const h = await seeded();
    const res = await h.app.request("/status", { headers: { Authorization: `Bearer ${ADMIN}` } });
    expect(res.status).toBe(200);
    const html = await res.text();
    const row = html.slice(html.indexOf('<td><a href="/status/services/api">API</a><br>'));
    expect(row).toMatch(
      /^<td><a href="\/status\/services\/api">API<\/a><br>.*?<\/td><td><span class="P1">down<\/span>, 312 ms, .*?\(HTTP 503, expected 200\)<\/td>/s,
    );
  });

  it("issue 16 item 3: the daily checklist lists each general check in place of /health", () => {
    const lines = checklist(probe, DAILY.en);
    expect(lines.slice(0, 2)).toEqual([
      { mark: "fail", label: "api.example.com/ping", value: "HTTP 503, expected 200" },
      { mark: "ok", label: "db.example.com:5432", value: "OK, 18 ms" },
    ]);
  });

  it("issue 16 item 3: history records a checks-only probe, with the first check's latency", () => {
    const feed = new HistoryFeed({ historyRows: () => new MemoryHistoryRows() });
    const state = initialState("api");
    for (let i = 0; i < 3; i++) {
      const at = T0 + i * 60_000;
      feed.committed(state, { type: "probe", result: { ...probe, at } });
    }
    const summary = feed.summary(T0 + 3 * 60_000);
    // Every probe had the http check down: no probe passed.
    expect(summary.uptime["24h"].byProbes).toBe(0);
    expect(summary.latency.at(-1)?.max).toBe(312);
  });
});
