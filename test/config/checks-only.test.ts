import { describe, expect, it } from "vitest";
import { estimateUsage } from "../../src/config/budget";
import { parseConfig } from "../../src/config/load";
import type { ConfigInput } from "../../src/config/schema";
import { testConfigInput } from "../support/test-config";

const WITH_HEALTH = { id: "bot", name: "Bot", healthUrl: "https://bot.example.com/health" };
const CHECKS_ONLY = {
  id: "api",
  name: "API",
  checks: [{ kind: "http", url: "https://api.example.com/ping" }],
} as const;

function parse(services: unknown[]) {
  return parseConfig({ ...testConfigInput(), services } as ConfigInput);
}

describe("issue 16 item 3: a service watched through general checks instead of /health", () => {
  it("issue 16 item 3: config accepts a checks-only service, and the budget estimate counts it", () => {
    const result = parse([WITH_HEALTH, CHECKS_ONLY]);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const [, api] = result.config.services;
    expect(api?.healthUrl).toBeUndefined();
    expect(api?.checks).toHaveLength(1);
    const usage = estimateUsage(result.config);
    const alone = parse([WITH_HEALTH]);
    if (!alone.ok) throw new Error("base config refused");
    expect(usage.doRequests).toBeGreaterThan(estimateUsage(alone.config).doRequests);
  });

  it("issue 16 item 3: config refuses a service with neither healthUrl nor checks, naming the path", () => {
    const result = parse([WITH_HEALTH, CHECKS_ONLY, { id: "bare", name: "Bare" }]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      { path: "services[2].healthUrl", message: "required unless the service has checks" },
    ]);
  });

  it("issue 16 item 3: config refuses a second vantage on a checks-only service (it re-checks /health)", () => {
    const result = parse([{ ...CHECKS_ONLY, vantage: { home: "weur", second: "enam" } }]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      { path: "services[0].vantage", message: "needs healthUrl (the second vantage re-checks /health)" },
    ]);
  });
});
