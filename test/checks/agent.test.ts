import { describe, expect, it } from "vitest";
import { checkAgent } from "../../src/checks/agent";
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyRequest } from "../../src/checks/signature";
import { Fake } from "../support/fake-client";
import { healthyReportInput } from "./support";

const SECRET = "agent-test-secret";
const deps = { fetch, now: () => Date.now(), secret: SECRET };
const target = (agentUrl: string | undefined, timeout = 5_000) => ({ agentUrl, thresholds: { timeout } });

describe("checkAgent", () => {
  it("sends headers the agent-side verifier accepts, over host, path and query", async () => {
    const fake = new Fake();
    const url = await fake.script("/agent/status", { body: healthyReportInput() });
    const outcome = await checkAgent(target(`${url}?verbose=1`), deps);
    expect(outcome.ok).toBe(true);
    expect(outcome.report?.containers).toHaveLength(3);

    const [call] = await fake.calls("/agent/status");
    if (!call) throw new Error("the agent was not called");
    expect(call.path).toMatch(new RegExp(`^${fake.prefix}/agent/status\\?verbose=1&nonce=[0-9a-f-]{36}$`));
    const headers = {
      timestamp: call.headers[TIMESTAMP_HEADER.toLowerCase()],
      signature: call.headers[SIGNATURE_HEADER.toLowerCase()],
    };
    // Verified the way the agent does: against the Host header the request arrived with.
    const received = { method: call.method, host: call.headers.host ?? "", path: call.path };
    expect(received.host).toBe(new URL(url).host);
    expect(await verifyRequest(SECRET, received, headers, Date.now())).toEqual({ ok: true });
    // Two checks in the same second still sign differently (the agent refuses replays).
    await checkAgent(target(`${url}?verbose=1`), deps);
    const paths = (await fake.calls("/agent/status")).map((c) => c.path);
    expect(new Set(paths).size).toBe(2);
    // The same headers do not authorise another path or another secret.
    const elsewhere = [
      { ...received, path: `${fake.prefix}/agent/status` },
      // issue 13 item 6: another agent sharing the secret, reached under another host name.
      { ...received, host: "other-agent.example.com" },
    ];
    for (const request of elsewhere) {
      expect(await verifyRequest(SECRET, request, headers, Date.now()), JSON.stringify(request)).toEqual({
        ok: false,
        failure: "mismatch",
      });
    }
    expect(await verifyRequest("other", received, headers, Date.now())).toMatchObject({ ok: false });
  });

  it.each([401, 403])("reports HTTP %i as a rejected signature", async (status) => {
    const fake = new Fake();
    const url = await fake.script("/agent/status", { status, body: { error: "bad signature" } });
    const outcome = await checkAgent(target(url), deps);
    expect(outcome).toMatchObject({
      ok: false,
      status,
      reason: `agent rejected the signature (HTTP ${status})`,
    });
  });

  it("lists the paths of a report that fails the schema", async () => {
    const fake = new Fake();
    const report = {
      ...healthyReportInput(),
      containers: [{ name: "telegram-bot", state: "sleeping", restartCount: -1 }],
      memory: { usedPercent: 140 },
    };
    const url = await fake.script("/agent/status", { body: report });
    const outcome = await checkAgent(target(url), deps);
    expect(outcome.ok).toBe(false);
    expect(outcome.reason).toMatch(/^report failed the schema: /);
    expect(outcome.reason).toContain("containers[0].state");
    expect(outcome.reason).toContain("memory.usedPercent");
    expect(outcome.report).toBeUndefined();
  });

  it.each([
    ["non-JSON", { body: "<html>nginx</html>" }, "body is not JSON: <html>nginx</html>"],
    ["5xx", { status: 502, body: "Bad Gateway" }, "HTTP 502: Bad Gateway"],
  ] as const)("fails on %s", async (_name, response, reason) => {
    const fake = new Fake();
    const url = await fake.script("/agent/status", response);
    expect((await checkAgent(target(url), deps)).reason).toBe(reason);
  });

  it("times out and never throws on a closed port", async () => {
    const fake = new Fake();
    const slow = await fake.script("/agent/status", { delayMs: 1_500, body: healthyReportInput() });
    expect(await checkAgent(target(slow, 300), deps)).toMatchObject({
      ok: false,
      reason: "timeout after 300 ms",
    });
    const refused = await checkAgent(target("http://127.0.0.1:9/agent/status"), deps);
    expect(refused.reason).toMatch(/^connection to 127\.0\.0\.1:9 failed/);
  });

  it("refuses to call without a secret or a URL", async () => {
    const fake = new Fake();
    const url = await fake.script("/agent/status", { body: healthyReportInput() });
    expect((await checkAgent(target(url), { ...deps, secret: "" })).reason).toMatch(/no agent secret/);
    expect((await checkAgent(target(undefined), deps)).reason).toBe("no agentUrl configured");
    expect(await fake.calls()).toHaveLength(0);
  });
});
