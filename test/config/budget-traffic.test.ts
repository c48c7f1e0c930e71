import { describe, expect, it } from "vitest";
import { estimateUsage, MONITOR_ROWS_PER_PROBE } from "../../src/config/budget";
import { BILLED_METRICS, largestCost, type Source, usageBySource } from "../../src/config/budget-sources";
import { estimateTotal, type TrafficInput, trafficDaily } from "../../src/config/budget-traffic";
import { HISTORY_ROWS_PER_DAY } from "../../src/config/history-budget";
import { type ConfigProblem, formatProblems, parseConfig } from "../../src/config/load";
import { testConfigInput } from "../support/test-config";

/** `count` services at `probeEvery` ms, one L1 contact, no outbox: the estimate's whole input. */
function input(count: number, probeEvery: number, extra: Partial<TrafficInput> = {}): TrafficInput {
  return {
    services: Array.from({ length: count }, () => ({ probeEvery })),
    escalation: { levels: { L1: [{}] } },
    notify: { outbox: false },
    ...extra,
  };
}

/** A config as written, of `count` services at 60 s. */
function written(count: number, top: Record<string, unknown> = {}) {
  const services = Array.from({ length: count }, (_, i) => ({
    id: `svc-${i}`,
    name: `Service ${i}`,
    healthUrl: `https://svc-${i}.example.com/health`,
    probeEvery: "60s",
  }));
  return { ...testConfigInput({ services }), ...top };
}

function errorsOf(raw: unknown): ConfigProblem[] {
  const result = parseConfig(raw);
  if (result.ok) throw new Error("expected the config to be refused");
  return result.errors;
}

describe("issue 17 item 5: scrapes and status views in the budget", () => {
  it("issue 17 item 5: each scrape and each status view is a Worker request plus its Durable Object calls (hand-computed)", () => {
    const config = input(10, 60_000, { traffic: { scrapeEvery: 15_000, statusViewsPerDay: 50 } });
    // 86,400 s / 15 s = 5,760 scrapes, one `metricsReading` each; 50 views of 2 + 4 × 10 calls.
    expect(trafficDaily(config)).toEqual({
      scrapes: { workerRequests: 5_760, doRequests: 5_760 },
      statusViews: { workerRequests: 50, doRequests: 2_100 },
    });
    const base = estimateUsage(config);
    const total = estimateTotal(config);
    expect(total.workerRequests - base.workerRequests).toBe(5_810);
    expect(total.doRequests - base.doRequests).toBe(7_860);
    expect(total.rowsWritten).toBe(base.rowsWritten);
  });

  it('issue 17 item 5: a scraper is assumed every 15 s unless the config says otherwise, and "off" costs nothing', () => {
    expect(trafficDaily(input(3, 60_000))).toEqual({
      scrapes: { workerRequests: 5_760, doRequests: 5_760 },
      statusViews: { workerRequests: 20, doRequests: 20 * 14 },
    });
    expect(trafficDaily(input(3, 60_000, { traffic: { scrapeEvery: "off", statusViewsPerDay: 0 } }))).toEqual(
      {
        scrapes: { workerRequests: 0, doRequests: 0 },
        statusViews: { workerRequests: 0, doRequests: 0 },
      },
    );
  });

  it("issue 17 item 5: traffic is parsed with defaults, and a bad field is an error naming its path", () => {
    const parse = (traffic?: unknown) => {
      const result = parseConfig(written(2, traffic === undefined ? {} : { traffic }));
      if (!result.ok) throw new Error(formatProblems(result.errors));
      return result.config.traffic;
    };
    expect(parse()).toEqual({ scrapeEvery: 15_000, statusViewsPerDay: 20 });
    expect(parse({ scrapeEvery: "off" })).toEqual({ scrapeEvery: "off", statusViewsPerDay: 20 });
    expect(parse({ scrapeEvery: "1m", statusViewsPerDay: 300 })).toEqual({
      scrapeEvery: 60_000,
      statusViewsPerDay: 300,
    });
    const errors = errorsOf(written(2, { traffic: { scrapeEvery: "fast", statusViewsPerDay: -1 } }));
    expect(errors.map((e) => e.path)).toEqual(["traffic.scrapeEvery", "traffic.statusViewsPerDay"]);
    expect(errors[0]?.message).toBe(
      'not a scrape interval: "fast" (use e.g. "15s", or "off" when nothing scrapes /metrics)',
    );
    expect(errorsOf(written(2, { traffic: { scrapeEvery: "500ms" } }))[0]?.path).toBe("traffic.scrapeEvery");
  });

  it("issue 17 item 5: on Free a scraper every second pushes Durable Object requests past the daily limit; the plan check names it", () => {
    // 86,400 scrapes + 2 × 1,440 supervisions + 2 × 1,440 state calls + 63 report calls + 20 × 10
    // view calls = 92,423 a day: over 80 % of the 100,000, a warning.
    const warned = parseConfig(written(2, { traffic: { scrapeEvery: "1s" } }));
    if (!warned.ok) throw new Error(formatProblems(warned.errors));
    // The Worker requests too: 1,440 crons + 86,400 scrapes + 20 views = 87,860, 88 %.
    expect(warned.warnings.map((w) => w.message)).toEqual([
      expect.stringMatching(
        /estimated 87,860 Worker requests a day .* 88 % of the Workers Free limit .*traffic\.scrapeEvery/,
      ),
      expect.stringMatching(
        /estimated 92,423 Durable Object requests a day .* 92 % of the Workers Free limit .*traffic\.scrapeEvery/,
      ),
    ]);
    // 1,000 views a day more: 92,223 + 10,000 = 102,223, past the limit; the Worker requests
    // (1,440 + 86,400 + 1,000 = 88,840) are not.
    const refused = errorsOf(written(2, { traffic: { scrapeEvery: "1s", statusViewsPerDay: 1_000 } }));
    expect(refused.map((e) => `${e.path}: ${e.message}`)).toEqual([
      expect.stringMatching(
        /^services: estimated 102,223 Durable Object requests a day .* exceed the Workers Free limit of 100,000/,
      ),
    ]);
    // Without a scraper the same fleet is far from it.
    const quiet = parseConfig(written(2, { traffic: { scrapeEvery: "off", statusViewsPerDay: 1_000 } }));
    expect(quiet.ok).toBe(true);
  });
});

describe("issue 17 item 5: the estimate by source", () => {
  const configs: [string, TrafficInput][] = [
    ["20 at 60 s", input(20, 60_000)],
    ["5 at 10 s, no scraper", input(5, 10_000, { traffic: { scrapeEvery: "off", statusViewsPerDay: 3 } })],
    [
      "250 at 60 s (shards)",
      input(250, 60_000, { traffic: { scrapeEvery: 30_000, statusViewsPerDay: 100 } }),
    ],
    [
      "heartbeats and a vantage",
      {
        ...input(2, 60_000),
        services: [
          { probeEvery: 60_000, vantage: { home: "weur", second: "enam" } },
          { probeEvery: 30_000, heartbeats: [{ period: 3_600_000 }] },
        ],
      } as TrafficInput,
    ],
  ];

  it("issue 17 item 5: the sources add up to the total of every billed figure", () => {
    for (const [name, config] of configs) {
      const by = usageBySource(config);
      const total = estimateTotal(config);
      for (const m of BILLED_METRICS)
        expect(
          Object.values(by).reduce((n, u) => n + u[m], 0),
          `${name}: ${m}`,
        ).toBe(total[m]);
    }
  });

  it("issue 17 item 5: 20 services at 60 s with the default traffic, source by source (hand-computed)", () => {
    const by = usageBySource(input(20, 60_000));
    const expected: Record<Source, { workerRequests: number; doRequests: number; rowsWritten: number }> = {
      // One supervise a tick each, which probes: 20 × 1,440 calls; the quiet probes' state is
      // written every 5 minutes (issue 17 item 7): 288 flushes of 2 rows a day each.
      supervision: {
        workerRequests: 0,
        doRequests: 28_800,
        rowsWritten: 20 * 288 * MONITOR_ROWS_PER_PROBE,
      },
      alarms: { workerRequests: 0, doRequests: 0, rowsWritten: 0 },
      history: { workerRequests: 0, doRequests: 0, rowsWritten: 20 * HISTORY_ROWS_PER_DAY },
      heartbeats: { workerRequests: 0, doRequests: 0, rowsWritten: 0 },
      scrapes: { workerRequests: 5_760, doRequests: 5_760, rowsWritten: 0 },
      // 20 views of 2 calls: beyond STATUS_DETAIL_SERVICES a view asks no service object.
      statusViews: { workerRequests: 20, doRequests: 40, rowsWritten: 0 },
      // 1,440 crons; 2 state calls each and the report's 60 claims, 20 snapshots and 1 counter;
      // 4 rows a tick (record, trim, self-watch alarm, summaries) and the report's 2 + 2.
      ticks: { workerRequests: 1_440, doRequests: 2_961, rowsWritten: 5_764 },
    };
    expect(by).toEqual(expected);
  });

  it("issue 17 item 5: names the largest cost: the figure that binds first and its biggest source", () => {
    // Paid, a scraper every second: 86,400 of 92,423 Durable Object requests a day (2.8 million a
    // month, beyond the million included), while rows stay within the 50 million.
    expect(largestCost({ ...input(2, 60_000, { traffic: { scrapeEvery: 1_000 } }), plan: "paid" })).toEqual({
      metric: "doRequests",
      source: "scrapes",
      share: 86_400 / 92_423,
    });
    // Paid, 10 services (each view reads their objects) and 20,000 status views a day:
    // 20,000 × 42 = 840,000 requests a day.
    const views = largestCost({
      ...input(10, 60_000, { traffic: { statusViewsPerDay: 20_000 } }),
      plan: "paid",
    });
    expect(views).toMatchObject({ metric: "doRequests", source: "statusViews" });
    // Free, no scraper, 10 services at 10 s: the alarms, one request per probe, bind first (rows
    // are written on change since issue 17 item 7).
    const free = largestCost({ ...input(10, 10_000, { traffic: { scrapeEvery: "off" } }), plan: "free" });
    expect(free).toMatchObject({ metric: "doRequests", source: "alarms" });
  });
});
