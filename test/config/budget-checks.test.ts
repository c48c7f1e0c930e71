import { describe, expect, it } from "vitest";
import { estimateUsage, MONITOR_ROWS_PER_PROBE, ROWS_PER_SET_ALARM } from "../../src/config/budget";
import { pingsPerDay, ROWS_PER_PING } from "../../src/config/budget-checks";
import { configSchema } from "../../src/config/schema";
import { testConfigInput } from "../support/test-config";

function config(service: Record<string, unknown>) {
  const [base] = testConfigInput().services;
  return configSchema.parse(testConfigInput({ services: [{ ...base, ...service }] as never }));
}

describe("issue 16 item 5: the usage estimate counts heartbeats and general checks", () => {
  it("a ping writes the heartbeat record plus what a probe writes", () => {
    expect(ROWS_PER_PING).toBe(1 + MONITOR_ROWS_PER_PROBE + ROWS_PER_SET_ALARM);
  });

  it("each heartbeat adds its pings a day as Worker and Durable Object requests and rows", () => {
    const plain = estimateUsage(config({}));
    const beats = [
      { id: "nightly-backup", period: "1d" },
      { id: "sync", period: "15m" },
    ];
    const with2 = estimateUsage(config({ heartbeats: beats }));
    const pings = 1 + 96;
    expect(pingsPerDay({ heartbeats: [{ period: 86_400_000 }, { period: 900_000 }] })).toBe(pings);
    expect(with2.workerRequests - plain.workerRequests).toBe(pings);
    expect(with2.doRequests - plain.doRequests).toBe(pings);
    expect(with2.rowsWritten - plain.rowsWritten).toBe(pings * ROWS_PER_PING);
    expect(with2.externalSubrequests).toBe(plain.externalSubrequests);
  });

  it("general checks add nothing to the tick: every probe, checks included, is made by the service's own object", () => {
    const checks = [
      { kind: "http", url: "https://x.example/" },
      { kind: "tcp", host: "db.example", port: 5432 },
      { kind: "dns", name: "x.example" },
    ];
    for (const probeEvery of ["60s", "30s"]) {
      const plain = estimateUsage(config({ probeEvery }));
      expect(estimateUsage(config({ checks, probeEvery })).externalSubrequests).toBe(
        plain.externalSubrequests,
      );
    }
  });
});
