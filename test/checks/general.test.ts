import { describe, expect, inject, it } from "vitest";
import { version } from "../../package.json";
import { probeGeneralChecks } from "../../src/checks/general";
import { probeService } from "../../src/checks/probe";
import type { Finding } from "../../src/checks/types";
import { parseConfig } from "../../src/config/load";
import { type ConfigInput, configSchema } from "../../src/config/schema";
import { Fake, type FakeResponse } from "../support/fake-client";
import { TCP_FAKE_BANNER } from "../support/tcp-fake";
import { healthyBody, testConfigInput } from "../support/test-config";

const deps = { fetch, now: () => Date.now() };
const tcp = inject("tcpFakes");

/** A service parsed by the real schema with these checks (and severities). */
function serviceWith(checks: unknown[], severities: Record<string, string> = {}) {
  const input = testConfigInput();
  const [base] = input.services;
  const config = configSchema.parse({
    ...input,
    services: [{ ...base, checks, severities, thresholds: { timeout: "1s" } }],
  } as ConfigInput);
  const [service] = config.services;
  if (!service) throw new Error("no service");
  return service;
}

async function run(checks: unknown[], severities: Record<string, string> = {}): Promise<Finding[]> {
  return (await probeGeneralChecks(serviceWith(checks, severities), deps)).findings;
}

describe("issue 16 item 2: http check → findings", () => {
  const cases: {
    name: string;
    response: FakeResponse;
    expect?: Record<string, unknown>;
    found: Array<Partial<Finding>>;
  }[] = [
    { name: "200 passes", response: { body: "ok" }, found: [] },
    {
      name: "an unexpected status fails",
      response: { status: 503, body: "down" },
      found: [{ code: "http_check_failed", severity: "P2", reason: "HTTP 503, expected 200: down" }],
    },
    {
      name: "a listed status passes",
      response: { status: 204, body: "" },
      expect: { status: [200, 204] },
      found: [],
    },
    {
      name: "a redirect is not followed",
      response: { status: 301, headers: { location: "http://elsewhere.invalid/" }, body: "" },
      found: [{ code: "http_check_failed", reason: expect.stringContaining("redirect (HTTP 301)") }],
    },
    {
      name: "bodyContains missing",
      response: { body: "maintenance" },
      expect: { bodyContains: "Welcome" },
      found: [{ code: "http_check_failed", reason: 'body does not contain "Welcome": maintenance' }],
    },
    {
      name: "jsonPath equal passes",
      response: { body: { data: { items: [{ state: "ok" }] } } },
      expect: { jsonPath: { path: "$.data.items[0].state", equals: "ok" } },
      found: [],
    },
    {
      name: "jsonPath different",
      response: { body: { status: "degraded" } },
      expect: { jsonPath: { path: "$.status", equals: "ok" } },
      found: [{ code: "http_check_failed", reason: '$.status is "degraded", expected "ok"' }],
    },
    {
      name: "jsonPath missing",
      response: { body: { other: 1 } },
      expect: { jsonPath: { path: "$.status", equals: "ok" } },
      found: [{ code: "http_check_failed", reason: '$.status is missing, expected "ok"' }],
    },
    {
      name: "jsonPath on a body that is not JSON",
      response: { body: "<html>" },
      expect: { jsonPath: { path: "$.status", equals: "ok" } },
      found: [{ code: "http_check_failed", reason: "body is not JSON: <html>" }],
    },
    {
      name: "slower than maxLatency",
      response: { delayMs: 150, body: "ok" },
      expect: { maxLatency: "50ms" },
      found: [{ code: "http_check_slow", severity: "P3", threshold: 50 }],
    },
  ];

  it.each(cases)("$name", async (c) => {
    const fake = new Fake();
    const url = await fake.script("/page", c.response);
    const found = await run([{ kind: "http", url, ...(c.expect ? { expect: c.expect } : {}) }]);
    expect(found).toEqual(c.found.map((f) => expect.objectContaining({ check: "check", ...f })));
  });

  it("a connection refused fails, named by host and path", async () => {
    const [f] = await run([{ kind: "http", url: "http://127.0.0.1:9/status" }]);
    expect(f).toMatchObject({ code: "http_check_failed", subject: "127.0.0.1:9/status" });
    expect(f?.reason).toMatch(/^connection to 127\.0\.0\.1:9 failed/);
  });

  it("sends the watchdog's User-Agent", async () => {
    const fake = new Fake();
    const url = await fake.script("/ua", { body: "ok" });
    await run([{ kind: "http", url }]);
    expect((await fake.calls("/ua"))[0]?.headers["user-agent"]).toBe(`watchdog/${version}`);
  });

  it("the check's severity beats the service's, which beats the default", async () => {
    const fake = new Fake();
    const url = await fake.script("/sev", { status: 500, body: "" });
    expect((await run([{ kind: "http", url }], { http_check_failed: "P3" }))[0]?.severity).toBe("P3");
    const own = { kind: "http", url, severities: { http_check_failed: "P1" } };
    expect((await run([own], { http_check_failed: "P3" }))[0]?.severity).toBe("P1");
  });
});

describe("issue 16 item 2: tcp check → findings (loopback listeners)", () => {
  it.each([
    { name: "connects and closes", check: { port: tcp.silent }, found: [] },
    { name: "the expected banner", check: { port: tcp.banner, expectBanner: TCP_FAKE_BANNER }, found: [] },
    {
      name: "a wrong banner",
      check: { port: tcp.banner, expectBanner: "220 " },
      found: [{ code: "tcp_check_failed", reason: expect.stringContaining(`sent "${TCP_FAKE_BANNER}"`) }],
    },
    {
      name: "no banner before the timeout",
      check: { port: tcp.silent, expectBanner: "220 ", timeout: "300ms" },
      found: [{ code: "tcp_check_failed", reason: `127.0.0.1:${tcp.silent}: timeout after 300 ms` }],
    },
    {
      name: "a closed port",
      check: { port: 9 },
      found: [{ code: "tcp_check_failed", severity: "P2", reason: expect.stringContaining("127.0.0.1:9:") }],
    },
  ])("$name", async (c) => {
    const found = await run([{ kind: "tcp", host: "127.0.0.1", ...c.check }]);
    expect(found).toEqual(c.found.map((f) => expect.objectContaining({ check: "check", ...f })));
  });
});

describe("issue 16 item 2: dns check → findings (loopback DoH resolver)", () => {
  const doh = (answers: { type: number; data: string }[], status = 0): FakeResponse => ({
    body: { Status: status, Answer: answers },
    headers: { "content-type": "application/dns-json" },
  });
  it.each([
    { name: "any A answer passes", response: doh([{ type: 1, data: "192.0.2.1" }]), found: [] },
    {
      name: "the expected address passes (after a CNAME)",
      response: doh([
        { type: 5, data: "edge.example.net." },
        { type: 1, data: "192.0.2.1" },
      ]),
      expect: ["192.0.2.1"],
      found: [],
    },
    {
      name: "a different address",
      response: doh([{ type: 1, data: "198.51.100.7" }]),
      expect: ["192.0.2.1"],
      found: [
        { code: "dns_check_failed", reason: "bot.example.com A: answers 198.51.100.7; missing 192.0.2.1" },
      ],
    },
    {
      name: "NXDOMAIN",
      response: doh([], 3),
      found: [{ code: "dns_check_failed", reason: "bot.example.com A: NXDOMAIN" }],
    },
    {
      name: "no records of the type",
      response: doh([{ type: 5, data: "edge.example.net." }]),
      found: [{ code: "dns_check_failed", reason: "bot.example.com A: no A records" }],
    },
    {
      name: "a resolver error",
      response: { status: 502, body: "bad gateway" },
      found: [
        { code: "dns_check_failed", reason: "bot.example.com A: resolver answered HTTP 502: bad gateway" },
      ],
    },
  ])("$name", async (c) => {
    const fake = new Fake();
    const resolver = await fake.script("/dns-query", c.response);
    const check = {
      kind: "dns",
      name: "bot.example.com",
      resolver,
      ...(c.expect ? { expect: c.expect } : {}),
    };
    const found = await run([check]);
    expect(found).toEqual(c.found.map((f) => expect.objectContaining({ check: "check", ...f })));
    const [call] = await fake.calls("/dns-query");
    expect(call?.path).toMatch(/\?name=bot\.example\.com&type=A$/);
    expect(call?.headers.accept).toBe("application/dns-json");
  });

  it("MX and TXT answers compare without quotes, case or trailing dots", async () => {
    const fake = new Fake();
    const resolver = await fake.script("/dns-query", doh([{ type: 16, data: '"v=spf1 -all"' }]));
    expect(
      await run([{ kind: "dns", name: "example.com", type: "TXT", resolver, expect: ["V=SPF1 -all"] }]),
    ).toEqual([]);
  });
});

describe("issue 16 item 2: config and probe", () => {
  it("config errors name their path", () => {
    const input = testConfigInput();
    const [base] = input.services;
    const checks = [
      { kind: "tcp", host: "db", port: 70000 },
      { kind: "http", url: "https://x.example/", expect: { jsonPath: { path: "status", equals: "ok" } } },
      { kind: "smtp", host: "mail" },
    ];
    const r = parseConfig({ ...input, services: [{ ...base, checks }] });
    expect(r.ok).toBe(false);
    const paths = r.ok ? [] : r.errors.map((e) => e.path);
    expect(paths).toEqual([
      "services[0].checks[0].port",
      "services[0].checks[1].expect.jsonPath.path",
      "services[0].checks[2].kind",
    ]);
  });

  it("a probe adds the general checks' findings beside /health's", async () => {
    const fake = new Fake();
    const healthUrl = await fake.script("/health", { body: healthyBody() });
    const url = await fake.script("/api", { status: 500, body: "oops" });
    const service = {
      ...serviceWith([
        { kind: "http", url },
        { kind: "tcp", host: "127.0.0.1", port: tcp.silent },
      ]),
      healthUrl,
    };
    const result = await probeService(service, { ...deps, agentSecret: "x" });
    expect(result.health?.ok).toBe(true);
    expect(result.findings).toEqual([expect.objectContaining({ code: "http_check_failed", check: "check" })]);
  });
});
