import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { version } from "../../package.json";
import { askVantage } from "../../src/durable/vantage";
import type { IncidentView } from "../../src/escalation/types";
import {
  alarmsUntil,
  freshStart,
  healedAfterEach,
  setClock,
  tick,
  Watched,
  withEnv,
} from "../support/runtime";
import { healthyBody, TEST_PUBLIC_URL, TEST_VANTAGE } from "../support/test-config";

/** One supervising tick, then the object's alarms for `ms`; returns the incident, if any. */
async function runFor(w: Watched, start: number, ms: number) {
  await setClock(w.stub, start);
  await tick();
  await alarmsUntil(w.stub, start + ms);
  return (await w.api.snapshot()).incident;
}

/** The timeline's finding lines from the moment the incident opened. */
function findingsAtOpen(incident: IncidentView | undefined): string {
  const opened = incident?.openedAt;
  return (incident?.timeline ?? [])
    .filter((e) => e.kind === "finding" && e.at === opened)
    .map((e) => e.text)
    .join("\n");
}

/** Probes of the service's `/health` from one vantage (the `x-watchdog-vantage` header). */
async function probesFrom(w: Watched, location: string): Promise<number> {
  const calls = await w.fake.callsAbsolute(`/svc/${w.id}/health`);
  return calls.filter((c) => c.headers["x-watchdog-vantage"] === location).length;
}

/**
 * Second-vantage confirmation: the home object (weur) probes; before a P1 counts, the health
 * check is repeated by the `enam` vantage object. Locally both run in one place, so the
 * loopback service fails one vantage or both by the header each sends.
 */
describe("ServiceMonitor: second-vantage confirmation", () => {
  const watch = healedAfterEach((w) =>
    w.fake.scriptAbsolute(`/svc/${w.id}/health@${TEST_VANTAGE.home}`, { body: healthyBody() }).then(() => {}),
  );

  it("both vantages failing confirm the outage: P1, paged once", async () => {
    const w = watch(new Watched("van-both"));
    await w.fail();
    const incident = await runFor(w, freshStart(), 45_000);
    expect(incident?.severity).toBe("P1");
    expect(incident?.findings.map((f) => f.code)).toEqual(["health_down"]);
    expect(findingsAtOpen(incident)).toContain(`also failing from ${TEST_VANTAGE.second}: HTTP 503`);
    expect(await probesFrom(w, TEST_VANTAGE.second)).toBeGreaterThanOrEqual(1);
    expect(await w.telegram("sendMessage")).toHaveLength(1);
  });

  it("only home failing is a P2 network path finding, never a P1 page", async () => {
    const w = watch(new Watched("van-path"));
    await w.heal();
    await w.fake.scriptAbsolute(`/svc/${w.id}/health@${TEST_VANTAGE.home}`, {
      status: 503,
      body: "no route",
    });
    const incident = await runFor(w, freshStart(), 45_000);
    expect(incident?.severity).toBe("P2");
    expect(incident?.findings.map((f) => [f.code, f.subject])).toEqual([
      ["network_path", `${TEST_VANTAGE.second}→${TEST_VANTAGE.home}`],
    ]);
    expect(incident?.findings[0]?.reason).toContain("reachable from enam");
    const pages = await w.telegram("sendMessage");
    expect(pages).toHaveLength(1);
    expect(pages[0]?.text).toContain("[P2]");
    expect(pages[0]?.text).toContain("reachable from enam, not from weur");
    expect(pages.some((p) => p.text.includes("[P1]"))).toBe(false);
  });

  it("an unreachable vantage is no confirmation and never a failure: the home evidence stands", async () => {
    const w = watch(new Watched("van-silent"));
    await w.fail();
    const start = freshStart();
    await setClock(w.stub, start);
    await withEnv(w.stub, {
      VANTAGE: {
        getByName: () => ({
          checkHealth: () => Promise.reject(new Error("vantage object overloaded")),
        }),
      },
    });
    const incident = await runFor(w, start, 45_000);
    expect(incident?.severity).toBe("P1");
    expect(incident?.findings.map((f) => f.code)).toEqual(["health_down"]);
    expect(findingsAtOpen(incident)).toContain(
      "second vantage enam did not answer (vantage object overloaded): seen from weur only",
    );
  });

  it("a vantage that hangs is asked no longer than the probe timeout plus slack", async () => {
    const started = Date.now();
    const opinion = await askVantage(
      { VANTAGE: { getByName: () => ({ checkHealth: () => new Promise(() => {}) }) } } as unknown as Env,
      { healthUrl: "http://127.0.0.1:9/health", thresholds: { ...serviceThresholds(), timeout: 100 } },
      "enam",
    );
    expect(opinion).toMatchObject({ answered: false, location: "enam", reason: "no answer in 2100 ms" });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("issue 13 item 11: the object's own probes and the second vantage's name the watchdog", async () => {
    const w = watch(new Watched("van-both"));
    await w.fail();
    await runFor(w, freshStart(), 45_000);
    const calls = await w.fake.callsAbsolute(`/svc/${w.id}/health`);
    const from = (location: string) => calls.filter((c) => c.headers["x-watchdog-vantage"] === location);
    expect(from(TEST_VANTAGE.home).length).toBeGreaterThan(0);
    expect(from(TEST_VANTAGE.second).length).toBeGreaterThan(0);
    const agents = new Set(calls.map((c) => c.headers["user-agent"]));
    expect([...agents]).toEqual([`watchdog/${version} (+${TEST_PUBLIC_URL})`]);
  });

  it("the real vantage object repeats the check with its own header", async () => {
    const w = watch(new Watched("van-both"));
    await w.heal();
    const opinion = await askVantage(env, serviceOf(w), "apac");
    expect(opinion).toMatchObject({ answered: true, location: "apac", health: { ok: true, status: 200 } });
    expect(await probesFrom(w, "apac")).toBe(1);
  });
});

function serviceThresholds() {
  const service = (env.WATCHDOG_CONFIG as unknown as { services: { thresholds?: object }[] }).services[0];
  return { timeout: 5_000, ...service?.thresholds } as Parameters<typeof askVantage>[1]["thresholds"];
}

function serviceOf(w: Watched): Parameters<typeof askVantage>[1] {
  const services = (env.WATCHDOG_CONFIG as unknown as { services: { id: string; healthUrl: string }[] })
    .services;
  const healthUrl = services.find((s) => s.id === w.id)?.healthUrl ?? "";
  return { healthUrl, thresholds: serviceThresholds() };
}
