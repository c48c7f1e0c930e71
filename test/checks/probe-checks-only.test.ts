import { describe, expect, it } from "vitest";
import { probeService } from "../../src/checks/probe";
import { Fake } from "../support/fake-client";
import { makeService } from "./support";

describe("issue 16 item 3: probing a service without /health", () => {
  it("issue 16 item 3: only its checks and agent are asked; an agent down is agent_unreachable, never health_and_agent_down", async () => {
    const fake = new Fake();
    const api = await fake.script("/api", { body: "ok" });
    const agentUrl = await fake.script("/agent/status", { status: 503, body: "agent down" });
    const service = makeService({ healthUrl: undefined, agentUrl, checks: [{ kind: "http", url: api }] });
    const result = await probeService(service, { fetch, now: () => Date.now(), agentSecret: "probe-secret" });
    expect(result.health).toBeUndefined();
    expect(result.checks).toEqual([expect.objectContaining({ kind: "http", ok: true })]);
    expect(result.findings.map((f) => f.code)).toEqual(["agent_unreachable"]);
    expect(
      (await fake.calls()).map((c) => new URL(c.path, "http://x").pathname.slice(fake.prefix.length)).sort(),
    ).toEqual(["/agent/status", "/api"]);
  });
});
