import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { type ConfigProblem, formatProblems, hasBareIpHost, parseConfig } from "../src/config/load";
import { Fake } from "./support/fake-client";
import { testConfigInput } from "./support/test-config";

/** The tests' minimal valid config as raw input, typed loosely: tests break it on purpose. */
function validConfig(): Record<string, unknown> {
  return testConfigInput();
}

function errorsOf(raw: unknown): ConfigProblem[] {
  const result = parseConfig(raw);
  if (result.ok) throw new Error("expected the config to be refused");
  return result.errors;
}

describe("config", () => {
  it("parses the embedded default config with the SPEC's defaults", () => {
    const result = parseConfig(env.DEMO_CONFIG);
    if (!result.ok) throw new Error(formatProblems(result.errors));
    const [service] = result.config.services;
    expect(service?.thresholds).toMatchObject({
      timeout: 5_000,
      confirmFor: 9_500,
      recoverFor: 6_000,
      failureThreshold: 7,
      recoveryThreshold: 3,
      recheckInterval: 1_584,
      slowHealth: 2_000,
      maxClockSkew: 300_000,
      backupMaxAgeHours: 25,
      backupMinBytes: 1_000,
    });
    expect(result.config.escalation.policies.P1.steps.map((s) => [s.after, s.level, s.when])).toEqual([
      [0, "L1", "always"],
      [900_000, "L2", "unacknowledged"],
      [1_800_000, "L3", "unresolved"],
      [3_600_000, "L4", "unresolved"],
    ]);
  });

  it("warns that the default config's loopback URLs are bare IPs", () => {
    const result = parseConfig(env.DEMO_CONFIG);
    expect(result.ok && result.warnings.map((w) => w.path)).toEqual([
      "services[0].healthUrl",
      "services[0].agentUrl",
    ]);
  });

  it("accepts a valid config without warnings", () => {
    expect(parseConfig(validConfig())).toMatchObject({ ok: true, warnings: [] });
  });

  it("reports every mistake of a broken config with its path", () => {
    const raw = validConfig();
    raw.services = [
      {
        id: "calendar",
        name: "Calendar",
        healthUrl: "calendar.example.com/health",
        thresholds: { timeout: "5 minutes" },
      },
      {
        id: "calendar",
        name: "Calendar again",
        healthUrl: "https://calendar.example.com/health",
        severities: { disk_high: "P9" },
      },
    ];
    raw.escalation = { levels: { L2: [{ channel: "email", to: "lead@example.com" }] } };
    const errors = errorsOf(raw);
    const paths = errors.map((e) => e.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        "services[0].healthUrl",
        "services[0].thresholds.timeout",
        "services[1].severities.disk_high",
        "escalation.levels.L1",
      ]),
    );
    expect(errors.find((e) => e.path === "services[0].thresholds.timeout")?.message).toMatch(
      /not a duration/,
    );
    expect(errors.find((e) => e.path === "services[0].healthUrl")?.message).toBe("must be an http(s) URL");
    expect(formatProblems(errors).split("\n")).toHaveLength(errors.length);
  });

  // zod skips a refine once the array has an aborting issue unless the refine says `when`.
  it("reports duplicate ids alongside the other mistakes", () => {
    const raw = validConfig();
    raw.services = [
      {
        id: "calendar",
        name: "A",
        healthUrl: "https://a.example.com/health",
        thresholds: { timeout: "5 minutes" },
      },
      {
        id: "calendar",
        name: "B",
        healthUrl: "https://b.example.com/health",
        severities: { disk_high: "P9" },
      },
    ];
    expect(errorsOf(raw).map((e) => e.path)).toEqual([
      "services[0].thresholds.timeout",
      "services[1].severities.disk_high",
      "services",
    ]);
  });

  it("reports duplicate service ids", () => {
    const raw = validConfig();
    raw.services = [
      { id: "same", name: "A", healthUrl: "https://a.example.com/health" },
      { id: "same", name: "B", healthUrl: "https://b.example.com/health" },
    ];
    expect(errorsOf(raw)).toEqual([{ path: "services", message: "service ids must be unique" }]);
  });

  it("rejects an unknown finding code in severity overrides", () => {
    const raw = validConfig();
    raw.services = [
      { id: "a", name: "A", healthUrl: "https://a.example.com/health", severities: { disk_full: "P2" } },
    ];
    expect(errorsOf(raw).map((e) => e.path)).toEqual([expect.stringMatching(/^services\[0\]\.severities/)]);
  });

  it("refuses text that is not JSON, and a missing config", () => {
    expect(errorsOf("{ services: ")[0]?.message).toMatch(/^not valid JSON/);
    expect(errorsOf(undefined)).toEqual([{ path: "(root)", message: "WATCHDOG_CONFIG is not set" }]);
  });

  it.each([
    ["http://10.0.0.5:8000/health", true],
    ["http://[::1]:8790/health", true],
    ["https://calendar.example.com/health", false],
    ["https://1.2.3.4.nip.io/health", false],
  ])("bare IP check of %s is %s", (url, bare) => {
    expect(hasBareIpHost(url)).toBe(bare);
  });

  it("warns with the path of a bare-IP URL in an otherwise valid config", () => {
    const raw = validConfig();
    raw.services = [
      { id: "a", name: "A", healthUrl: "https://a.example.com/health", agentUrl: "http://10.0.0.5/agent" },
    ];
    const result = parseConfig(raw);
    expect(result.ok && result.warnings).toEqual([
      { path: "services[0].agentUrl", message: expect.stringMatching(/bare IP/) },
    ]);
  });

  it("the loopback fake answers scripted paths", async () => {
    const fake = new Fake();
    const url = await fake.script("/health", { body: { status: "healthy" } });
    const res = await fetch(url);
    expect(await res.json()).toEqual({ status: "healthy" });
    expect(await fake.calls()).toHaveLength(1);
  });
});
