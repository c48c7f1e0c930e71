import { describe, expect, it } from "vitest";
import { classify } from "../../src/checks/findings";
import type { HealthOutcome, ProbeResult } from "../../src/checks/types";
import { applySecondOpinion, pathEnds, wantsSecondOpinion } from "../../src/checks/vantage";
import { parseConfig } from "../../src/config/load";
import type { Service } from "../../src/config/schema";
import { testConfig, testConfigInput } from "../support/test-config";

const VANTAGE = { home: "weur", second: "enam" } as const;
const DOWN: HealthOutcome = { ok: false, status: 503, latencyMs: 12, reason: "HTTP 503: down" };
const UP: HealthOutcome = { ok: true, status: 200, latencyMs: 40 };

function service(extra: Record<string, unknown> = {}): Service {
  const [s] = testConfig({
    services: [{ id: "s", name: "S", healthUrl: "https://s.example.com/health", vantage: VANTAGE, ...extra }],
  }).services;
  if (!s) throw new Error("no service");
  return s;
}

function probe(s: Service, health: HealthOutcome, agentDown = false): ProbeResult {
  const agent = agentDown ? { ok: false, reason: "connection refused", latencyMs: 3 } : undefined;
  return { serviceId: s.id, at: 0, health, findings: classify(s, health, agent, 0) };
}

describe("second vantage: folding the second opinion into the home probe", () => {
  it("asks only for a P1 health failure of a service that opted in", () => {
    const s = service();
    expect(wantsSecondOpinion(s, probe(s, DOWN))).toBe(true);
    expect(wantsSecondOpinion(s, probe(s, UP))).toBe(false);
    expect(wantsSecondOpinion({}, probe(s, DOWN))).toBe(false);
    const lowered = service({ severities: { health_down: "P2" } });
    expect(wantsSecondOpinion(lowered, probe(lowered, DOWN))).toBe(false);
  });

  it("both failing: the P1 stays and says it was seen from both places", () => {
    const s = service();
    const out = applySecondOpinion(s, VANTAGE, probe(s, DOWN), {
      answered: true,
      location: "enam",
      health: DOWN,
    });
    expect(out.findings).toEqual([
      expect.objectContaining({
        code: "health_down",
        severity: "P1",
        reason: "HTTP 503: down; also failing from enam: HTTP 503: down",
      }),
    ]);
  });

  it("only home failing: one P2 network_path finding replaces the P1 (agent folded in too)", () => {
    const s = service();
    const out = applySecondOpinion(s, VANTAGE, probe(s, DOWN, true), {
      answered: true,
      location: "enam",
      health: UP,
    });
    expect(out.findings).toHaveLength(1);
    const [path] = out.findings;
    expect(path).toMatchObject({
      code: "network_path",
      severity: "P2",
      check: "health",
      subject: "enam→weur",
    });
    expect(path?.reason).toBe(
      "reachable from enam (HTTP 200 in 40 ms), not from weur: health: HTTP 503: down; agent: connection refused",
    );
    expect(pathEnds(path ?? {})).toEqual({ from: "enam", to: "weur" });
  });

  it("the path finding keeps a severity override from the config", () => {
    const s = service({ severities: { network_path: "P3" } });
    const out = applySecondOpinion(s, VANTAGE, probe(s, DOWN), {
      answered: true,
      location: "enam",
      health: UP,
    });
    expect(out.findings.map((f) => [f.code, f.severity])).toEqual([["network_path", "P3"]]);
  });

  it("no answer: no confirmation and no failure; the home P1 stands, saying so", () => {
    const s = service();
    const home = probe(s, DOWN);
    const out = applySecondOpinion(s, VANTAGE, home, {
      answered: false,
      location: "enam",
      reason: "timeout",
    });
    expect(out.findings.map((f) => [f.code, f.severity])).toEqual([["health_down", "P1"]]);
    expect(out.findings[0]?.reason).toBe(
      "HTTP 503: down; second vantage enam did not answer (timeout): seen from weur only",
    );
    expect(out.health).toBe(home.health);
  });
});

describe("config: probeEvery and vantage", () => {
  const errors = (extra: Record<string, unknown>) => {
    const parsed = parseConfig(
      testConfigInput({
        services: [{ id: "s", name: "S", healthUrl: "https://s.example.com/health", ...extra }],
      }),
    );
    return parsed.ok ? [] : parsed.errors.map((e) => `${e.path}: ${e.message}`);
  };

  it("issue 18: accepts 10s to 60s or auto, defaulting to auto (10s for one service on Free)", () => {
    expect(service()).toMatchObject({ probeEvery: 10_000, probeAuto: true });
    expect(service({ probeEvery: "auto" }).probeEvery).toBe(10_000);
    expect(service({ probeEvery: "15s" }).probeEvery).toBe(15_000);
    expect(service({ probeEvery: 10 }).probeEvery).toBe(10_000);
    expect(errors({ probeEvery: "5s" })).toEqual(["services[0].probeEvery: must be at least 10s"]);
    expect(errors({ probeEvery: "2m" })[0]).toContain("must be at most 60s");
    expect(errors({ probeEvery: "soon" })[0]).toContain("not a duration");
  });

  it("needs two different known regions for a vantage", () => {
    expect(errors({ vantage: { home: "weur", second: "weur" } })).toEqual([
      "services[0].vantage.second: second must differ from home",
    ]);
    expect(errors({ vantage: { home: "mars", second: "weur" } })[0]).toContain("services[0].vantage.home");
  });
});
