import { describe, expect, it } from "vitest";
import { version } from "../../package.json";
import type { FetchFn } from "../../src/checks/bounded-fetch";
import { probeService } from "../../src/checks/probe";
import type { Finding } from "../../src/checks/types";
import { Fake, type FakeResponse } from "../support/fake-client";
import { healthyBody } from "../support/test-config";
import { healthyReportInput, makeService } from "./support";

const SECRET = "probe-test-secret";
const deps = { fetch, now: () => Date.now(), agentSecret: SECRET };
const thresholds = { timeout: "300ms", slowHealth: "200ms" };

interface Case {
  name: string;
  /** Scripted `/health`; a string is used as the URL itself. */
  health: FakeResponse | string;
  /** Scripted agent; omitted means no agent configured. */
  agent?: FakeResponse | string;
  /** Overrides of the default 300 ms timeout / 200 ms slow threshold. */
  thresholds?: Record<string, string>;
  expected: Array<Pick<Finding, "code"> & Partial<Finding>>;
}

const goodAgent: FakeResponse = { body: healthyReportInput() };

const cases: Case[] = [
  {
    name: "connection refused",
    health: "http://127.0.0.1:9/health",
    expected: [
      { code: "health_down", reason: expect.stringMatching(/^connection to 127\.0\.0\.1:9 failed: /) },
    ],
  },
  {
    name: "DNS failure",
    health: "http://watchdog-no-such-host.invalid/health",
    expected: [
      {
        code: "health_down",
        reason: expect.stringMatching(/^connection to watchdog-no-such-host\.invalid failed/),
      },
    ],
  },
  {
    name: "timeout",
    health: { delayMs: 1_500, body: healthyBody() },
    agent: goodAgent,
    expected: [{ code: "health_down", severity: "P1", reason: "timeout after 300 ms" }],
  },
  {
    name: "5xx",
    health: { status: 500, body: "Internal Server Error" },
    agent: goodAgent,
    expected: [{ code: "health_down", reason: "HTTP 500: Internal Server Error" }],
  },
  {
    name: "non-JSON",
    health: { body: "<html><body>It works!</body></html>" },
    expected: [{ code: "health_down", reason: "body is not JSON: <html><body>It works!</body></html>" }],
  },
  {
    name: "status not healthy",
    health: { body: { ...healthyBody(), status: "unhealthy" } },
    expected: [{ code: "health_down", reason: 'status is "unhealthy", not "healthy"' }],
  },
  {
    name: "body over the cap",
    health: { bytes: 100_000 },
    expected: [{ code: "health_down", reason: "body over the cap of 65536 bytes" }],
  },
  {
    name: "redirect",
    health: { status: 301, headers: { location: "https://login.example.com/" }, body: "" },
    expected: [
      { code: "health_down", reason: "redirect (HTTP 301) to https://login.example.com/; not followed" },
    ],
  },
  {
    name: "slow response",
    health: { delayMs: 400, body: healthyBody() },
    agent: goodAgent,
    thresholds: { timeout: "3s", slowHealth: "200ms" },
    expected: [{ code: "health_slow", severity: "P2", threshold: 200, value: expect.any(Number) }],
  },
  {
    name: "stale timestamp",
    health: { body: healthyBody({ at: Date.now() - 20 * 60_000 }) },
    agent: goodAgent,
    expected: [
      { code: "clock_skew", severity: "P4", reason: expect.stringMatching(/behind the watchdog's clock/) },
    ],
  },
  {
    name: "agent report failing the schema",
    health: { body: healthyBody() },
    agent: { body: { ...healthyReportInput(), disks: [{ mount: "/", usedPercent: "97%" }] } },
    expected: [
      {
        code: "agent_unreachable",
        severity: "P3",
        reason: expect.stringMatching(/^report failed the schema: disks\[0\]\.usedPercent: /),
      },
    ],
  },
  {
    name: "agent rejecting the signature",
    health: { body: healthyBody() },
    agent: { status: 401, body: { error: "stale timestamp" } },
    expected: [{ code: "agent_unreachable", reason: "agent rejected the signature (HTTP 401)" }],
  },
  {
    name: "health and agent both down",
    health: { status: 502, body: "Bad Gateway" },
    agent: "http://127.0.0.1:9/agent/status",
    expected: [
      {
        code: "health_and_agent_down",
        severity: "P1",
        reason: expect.stringMatching(
          /^health: HTTP 502: Bad Gateway; agent: connection to 127\.0\.0\.1:9 failed/,
        ),
      },
    ],
  },
  {
    name: "agent sees a full disk",
    health: { body: healthyBody() },
    agent: { body: { ...healthyReportInput(), disks: [{ mount: "/", usedPercent: 97 }] } },
    expected: [{ code: "disk_critical", severity: "P2", subject: "/", value: 97 }],
  },
];

async function urlFor(fake: Fake, path: string, spec: FakeResponse | string): Promise<string> {
  return typeof spec === "string" ? spec : fake.script(path, spec);
}

describe("probeService against the loopback fake", () => {
  it.each(cases)("$name", async ({ health, agent, thresholds: own, expected }) => {
    const fake = new Fake();
    const service = makeService({
      healthUrl: await urlFor(fake, "/health", health),
      agentUrl: agent === undefined ? undefined : await urlFor(fake, "/agent/status", agent),
      thresholds: own ?? thresholds,
    });
    const result = await probeService(service, deps);
    expect(result.findings.map((f) => f.code)).toEqual(expected.map((e) => e.code));
    expect(result.findings).toMatchObject(expected);
  });

  it("records what it saw of a healthy service", async () => {
    const fake = new Fake();
    const service = makeService({
      healthUrl: await fake.script("/health", { body: healthyBody() }),
      agentUrl: await fake.script("/agent/status", goodAgent),
    });
    const before = Date.now();
    const result = await probeService(service, deps);
    expect(result).toMatchObject({
      serviceId: "svc",
      findings: [],
      health: { ok: true, version: "1.0.0" },
      agent: { ok: true, report: { host: "calendar-prod" } },
    });
    expect(result.at).toBeGreaterThanOrEqual(before);
    expect(await fake.calls()).toHaveLength(2);
  });

  // A WAF or bot rule in front of the service answers 403 to an empty agent, and that would page.
  it("issue 13 item 11: /health and agent requests name the watchdog and its version", async () => {
    const fake = new Fake();
    const service = makeService({
      healthUrl: await fake.script("/health", { body: healthyBody() }),
      agentUrl: await fake.script("/agent/status", goodAgent),
    });
    const userAgent = `watchdog/${version} (+https://watchdog.example.com)`;
    await probeService(service, { ...deps, userAgent });
    const sent = (await fake.calls()).map((c) => [
      c.path.slice(fake.prefix.length).split("?")[0],
      c.headers["user-agent"],
    ]);
    expect(sent.sort()).toEqual([
      ["/agent/status", userAgent],
      ["/health", userAgent],
    ]);
    // A caller that names no public URL still sends the name and version, never nothing.
    await probeService({ ...service, agentUrl: undefined }, deps);
    expect((await fake.calls("/health"))[1]?.headers["user-agent"]).toBe(`watchdog/${version}`);
  });

  it("never throws, even when fetch itself throws synchronously", async () => {
    const broken: FetchFn = () => {
      throw new Error("fetch exploded");
    };
    const service = makeService({ agentUrl: "http://127.0.0.1:9/agent" });
    const result = await probeService(service, { ...deps, fetch: broken });
    expect(result.findings).toMatchObject([
      { code: "health_and_agent_down", reason: expect.stringContaining("fetch exploded") },
    ]);
  });
});
