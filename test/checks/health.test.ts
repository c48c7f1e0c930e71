import { describe, expect, it } from "vitest";
import { checkHealth } from "../../src/checks/health";
import { Fake } from "../support/fake-client";
import { healthyBody } from "../support/test-config";

const deps = { fetch, now: () => Date.now() };
const target = (healthUrl: string, timeout = 5_000) => ({ healthUrl, thresholds: { timeout } });

describe("checkHealth", () => {
  it("accepts a healthy body and records version, timestamp and latency", async () => {
    const fake = new Fake();
    const body = healthyBody();
    const url = await fake.script("/health", { body, delayMs: 50 });
    const outcome = await checkHealth(target(url), deps);
    expect(outcome).toMatchObject({
      ok: true,
      status: 200,
      version: body.version,
      appTimestamp: body.timestamp,
    });
    expect(outcome.latencyMs).toBeGreaterThanOrEqual(50);
    expect((await fake.calls("/health"))[0]?.method).toBe("GET");
  });

  it.each([
    [
      "5xx",
      { status: 503, body: "<html>Service Unavailable</html>" },
      "HTTP 503: <html>Service Unavailable</html>",
    ],
    ["non-JSON", { body: "OK" }, "body is not JSON: OK"],
    [
      "status not healthy",
      { body: { status: "degraded", version: "1", timestamp: "2026-01-01T00:00:00Z" } },
      'status is "degraded", not "healthy"',
    ],
    [
      "fields missing",
      { body: { status: "healthy" } },
      /^unexpected health body: version: .+; timestamp: .+$/,
    ],
    ["empty 2xx", { status: 204, body: "" }, "body is not JSON: (empty body)"],
  ] as const)("fails on %s with a reason", async (_name, response, reason) => {
    const fake = new Fake();
    const url = await fake.script("/health", response);
    const outcome = await checkHealth(target(url), deps);
    expect(outcome.ok).toBe(false);
    if (typeof reason === "string") expect(outcome.reason).toBe(reason);
    else expect(outcome.reason).toMatch(reason);
  });

  it("keeps the version of an unhealthy answer", async () => {
    const fake = new Fake();
    const url = await fake.script("/health", {
      body: { status: "unhealthy", version: 7, timestamp: 1_700_000_000 },
    });
    const outcome = await checkHealth(target(url), deps);
    expect(outcome).toMatchObject({ ok: false, version: "7", appTimestamp: "1700000000" });
  });

  it("fails with the timeout as reason", async () => {
    const fake = new Fake();
    const url = await fake.script("/health", { delayMs: 1_500, body: healthyBody() });
    const outcome = await checkHealth(target(url, 300), deps);
    expect(outcome).toMatchObject({ ok: false, reason: "timeout after 300 ms" });
  });
});
