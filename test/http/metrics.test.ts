import { describe, expect, it } from "vitest";
import { escapeLabel } from "../../src/http/metrics";
import { T0 } from "../support/time";
import { ADMIN, harness, incidentOf } from "./fakes";

/** One sample line of the Prometheus text exposition format. */
const SAMPLE =
  /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*"(?:,[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*")*\})? (?:-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|NaN|[+-]Inf)$/;
const COMMENT = /^# (?:HELP [a-zA-Z_:][a-zA-Z0-9_:]* .*|TYPE [a-zA-Z_:][a-zA-Z0-9_:]* (?:counter|gauge))$/;

async function scrape() {
  const h = harness();
  h.monitor("calendar-bot").add(incidentOf("calendar-bot", 1, { severity: "P2" }));
  h.monitor("evil").add(incidentOf("evil", 2, { severity: "P2", status: "acknowledged" }));
  h.monitor("calendar-bot").snap = {
    lastProbe: {
      serviceId: "calendar-bot",
      at: T0,
      health: { ok: true, latencyMs: 143 },
      agent: { ok: false, latencyMs: 5000, reason: "timeout" },
      findings: [],
    },
  };
  // The services' figures are what the last tick brought back from their objects (issue 17 item 5).
  await h.summarize(T0 - 42_000);
  await h.state.count("notifications_sent", { channel: "telegram", level: "L1" }, 3);
  await h.state.count("notifications_failed", { channel: "email", reason: 'bad "request"\nline' });
  await h.state.count("sla_breaches", { severity: "P1" }, 2);
  const res = await h.app.request("/metrics", { headers: { Authorization: `Bearer ${ADMIN}` } });
  return { res, text: await res.text() };
}

describe("GET /metrics", () => {
  it("is valid Prometheus text", async () => {
    const { res, text } = await scrape();
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toContain("text/plain; version=0.0.4");
    expect(text.endsWith("\n")).toBe(true);
    const lines = text.trimEnd().split("\n");
    for (const line of lines) expect(line, line).toMatch(line.startsWith("#") ? COMMENT : SAMPLE);
    expect(lines.filter((l) => !l.startsWith("#")).length).toBeGreaterThan(8);
  });

  it("reports probes, incidents, notifications, SLA breaches and tick age", async () => {
    const { text } = await scrape();
    const lines = text.split("\n");
    expect(lines).toContain('watchdog_probe_up{service="calendar-bot",check="health"} 1');
    expect(lines).toContain('watchdog_probe_up{service="calendar-bot",check="agent"} 0');
    expect(lines).toContain('watchdog_probe_latency_seconds{service="calendar-bot",check="health"} 0.143');
    expect(lines).toContain('watchdog_probe_latency_seconds{service="calendar-bot",check="agent"} 5');
    expect(lines).toContain('watchdog_open_incidents{severity="P2"} 2');
    expect(lines).toContain('watchdog_open_incidents{severity="P1"} 0');
    expect(lines).toContain(
      'watchdog_notifications_total{level="L1",channel="telegram",result="sent",reason=""} 3',
    );
    expect(lines).toContain(
      'watchdog_notifications_total{channel="email",result="failed",reason="bad \\"request\\"\\nline"} 1',
    );
    expect(lines).toContain("watchdog_sla_breaches_total 2");
    expect(lines).toContain("watchdog_last_tick_age_seconds 42");
  });

  it("issue 13 item 10: every metric name follows Prometheus naming conventions (latency in seconds)", async () => {
    const { text } = await scrape();
    const types = new Map(
      [...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((m) => [m[1] ?? "", m[2] ?? ""] as const),
    );
    expect([...types.keys()].sort()).toEqual([
      "watchdog_aggregate_age_seconds",
      "watchdog_last_tick_age_seconds",
      "watchdog_notifications_total",
      "watchdog_open_incidents",
      "watchdog_probe_latency_seconds",
      "watchdog_probe_up",
      "watchdog_services_unknown",
      "watchdog_sla_breaches_total",
      "watchdog_tick_gaps_total",
    ]);
    // The rules `promtool check metrics` applies to names (the e2e run also runs promtool itself).
    const ABBREVIATED_OR_NON_BASE =
      /_(?:ms|us|ns|sec|secs|min|mins|hr|hrs|milliseconds|microseconds|minutes|hours|days|kb|mb|gb|percent)(?:_|$)/;
    for (const [name, type] of types) {
      expect(name, name).toMatch(/^watchdog_[a-z][a-z0-9_]*$/);
      expect(name, name).not.toMatch(ABBREVIATED_OR_NON_BASE);
      // promtool also refuses a metric type's name inside another name ("summary", "histogram").
      expect(name, name).not.toMatch(/_(?:gauge|counter|count|sum|bucket|summary|histogram)(?:_|$)/);
      if (type === "counter") expect(name, name).toMatch(/_total$/);
      else expect(name, name).not.toMatch(/_total$/);
    }
  });

  it("escapes label values", () => {
    expect(escapeLabel('a\\b"c\nd')).toBe('a\\\\b\\"c\\nd');
  });
});
