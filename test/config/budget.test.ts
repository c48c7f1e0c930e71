import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { estimateUsage, FREE_LIMITS, serviceDaily, TICKS_PER_DAY } from "../../src/config/budget";
import { paidOverage } from "../../src/config/budget-cost";
import { TICK_PERIOD_MS } from "../../src/config/cadence";
import { type ConfigProblem, formatProblems, parseConfig } from "../../src/config/load";
import { testConfigInput } from "../support/test-config";

/** A config of `count` services probed every `probeEvery`, optionally with agents. */
function fleet(count: number, service: Record<string, unknown> = {}, top: Record<string, unknown> = {}) {
  const services = Array.from({ length: count }, (_, i) => ({
    id: `svc-${i}`,
    name: `Service ${i}`,
    healthUrl: `https://svc-${i}.example.com/health`,
    ...service,
  }));
  return { ...testConfigInput({ services }), ...top };
}

function errorsOf(raw: unknown): ConfigProblem[] {
  const result = parseConfig(raw);
  if (result.ok) throw new Error("expected the config to be refused");
  return result.errors;
}

function parseOk(raw: unknown) {
  const result = parseConfig(raw);
  if (!result.ok) throw new Error(formatProblems(result.errors));
  return result.config;
}

function warningsOf(raw: unknown): ConfigProblem[] {
  const result = parseConfig(raw);
  if (!result.ok) throw new Error(formatProblems(result.errors));
  return result.warnings;
}

describe("cost estimate", () => {
  it("counts one cron tick a minute, as wrangler.toml's `* * * * *` fires", () => {
    expect(TICK_PERIOD_MS).toBe(60_000);
    expect(TICKS_PER_DAY).toBe(1_440);
  });

  it("gives per-service figures for the README table", () => {
    expect(serviceDaily({ probeEvery: 60_000 })).toEqual({
      probes: 1_440,
      alarms: 0,
      doRequests: 1_440,
      // Issue 17 item 7: the state is written on change, or every 5 minutes: 288 flushes of 2 rows.
      rowsWritten: 576,
    });
    expect(serviceDaily({ probeEvery: 10_000 })).toEqual({
      probes: 8_640,
      alarms: 8_640,
      doRequests: 10_080,
      // The 8,640 `setAlarm` calls, and the same 288 flushes.
      rowsWritten: 9_216,
    });
    // A second vantage makes the object probe itself even once a minute.
    expect(serviceDaily({ probeEvery: 60_000, vantage: { home: "weur", second: "enam" } }).alarms).toBe(
      1_440,
    );
  });

  it("lets the demo config run on the Free plan, with room to spare", () => {
    const result = parseConfig(env.DEMO_CONFIG);
    if (!result.ok) throw new Error(formatProblems(result.errors));
    expect(result.config.plan).toBe("free");
    expect(result.warnings.filter((w) => /estimated/.test(w.message))).toEqual([]);
    const usage = estimateUsage(result.config);
    expect(usage.rowsWritten).toBeLessThan(FREE_LIMITS.rowsWritten / 2);
    expect(usage.doRequests).toBeLessThan(FREE_LIMITS.doRequests / 2);
  });

  it("refuses 20 services at 10 s on Free, naming each limit it breaks and what to do", () => {
    const errors = errorsOf(fleet(20, { probeEvery: "10s" }));
    expect(errors.every((e) => e.path === "services")).toBe(true);
    const messages = errors.map((e) => e.message).join("\n");
    // Issue 17 item 5: with the default traffic, 5,760 scrapes and 20 views of 2 calls (beyond
    // STATUS_DETAIL_SERVICES a view reads only the summaries and the maintenance windows).
    expect(messages).toMatch(
      /estimated 210,361 Durable Object requests a day .* Workers Free limit of 100,000 a day/,
    );
    expect(messages).toMatch(/SQLite rows written a day .* Workers Free limit of 100,000 a day/);
    expect(messages).toMatch(/set plan = "paid" or raise probeEvery/);
  });

  it("accepts the same on Paid, warning of the monthly cost beyond the $5 minimum", () => {
    const warnings = warningsOf(fleet(20, { probeEvery: "10s" }, { plan: "paid" }));
    expect(warnings).toEqual([
      {
        path: "plan",
        // (210,361 × 30 − 1,000,000) × $0.15 a million, the default traffic included (issue 17 item 5).
        message: expect.stringMatching(/about \$0\.80 a month \(Durable Object requests \$0\.80\)/),
      },
    ]);
  });

  it("issue 17 item 2: probes are the objects' subrequests, not the tick's", () => {
    // 30 services with agents were 61 subrequests of one tick; now the tick only supervises.
    const usage = estimateUsage(
      parseOk(fleet(30, { agentUrl: "https://agent.example.com/status" }, { plan: "paid" })),
    );
    expect(usage.externalSubrequests).toBe(1);
  });

  it("warns above 80 % of a Free limit, and refuses just past it", () => {
    // 60 services once a minute: about 95,200 Durable Object requests a day of the 100,000, one
    // per probe plus a /metrics scrape every 15 s (issue 17 item 5); issue 17 item 7 made their
    // rows written, 576 + 169 a day each, the smaller part. 63 still fit; 64 do not.
    expect(warningsOf(fleet(60))).toEqual([
      {
        path: "services",
        message: expect.stringMatching(
          /95,201 Durable Object requests a day .* 95 % of the Workers Free limit/,
        ),
      },
    ]);
    expect(warningsOf(fleet(63)).map((w) => w.path)).toEqual(["services"]);
    expect(errorsOf(fleet(64)).map((e) => e.path)).toEqual(["services"]);
  });

  it("costs nothing beyond the minimum for one service at 10 s on Paid", () => {
    const result = parseConfig(fleet(1, { probeEvery: "10s" }, { plan: "paid" }));
    if (!result.ok) throw new Error(formatProblems(result.errors));
    expect(paidOverage(estimateUsage(result.config)).usd).toBe(0);
    expect(result.warnings).toEqual([]);
  });

  it("still reports every other error of a config that is also over budget", () => {
    const errors = errorsOf({
      ...fleet(20, { probeEvery: "10s" }),
      publicUrl: "not a url",
      tickConcurrency: 0,
    });
    const paths = errors.map((e) => e.path);
    expect(paths).toContain("publicUrl");
    expect(paths).toContain("tickConcurrency");
    expect(paths).toContain("services");
  });

  it("skips the estimate, without crashing, when the fields it reads are invalid", () => {
    const broken = fleet(20, { probeEvery: "10s" });
    const services = broken.services.map((s, i) => (i === 3 ? { ...s, healthUrl: "ftp://x" } : s));
    expect(errorsOf({ ...broken, services, escalation: "none" }).map((e) => e.path)).toEqual([
      "services[3].healthUrl",
      "escalation",
    ]);
    expect(errorsOf({ ...broken, plan: "cheap" }).map((e) => e.path)).toEqual(["plan"]);
    expect(errorsOf("[1, 2]").map((e) => e.path)).toEqual(["(root)"]);
  });
});
