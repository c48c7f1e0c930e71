import { afterEach, describe, expect, it } from "vitest";
import { agentReport } from "../../src/checks/agent-report.ts";
import { signRequest } from "../../src/checks/signature.ts";
import { createAgentApp } from "../src/app.ts";
import { loadAgentConfig } from "../src/config.ts";
import type { LogEvent } from "../src/log.ts";
import { createCollectors } from "../src/report.ts";
import type { CommandRunner } from "../src/runner.ts";
import { type RunningAgent, startAgent } from "../src/server.ts";
import { fakeServer, fixture, inspectFixture } from "./support.ts";

const SECRET = "agent-test-secret-0123456789";
const agents: RunningAgent[] = [];
afterEach(async () => {
  await Promise.all(agents.splice(0).map((a) => a.close()));
});

async function start(options: { run?: CommandRunner; env?: Record<string, string> } = {}) {
  const logs: LogEvent[] = [];
  const run = options.run ?? fakeServer([...inspectFixture().values()]);
  const config = loadAgentConfig({
    AGENT_HMAC_SECRET: SECRET,
    AGENT_LISTEN: "127.0.0.1:0",
    AGENT_BACKUP_DIR: "/nonexistent-backup-dir",
    ...options.env,
  });
  const deps = { run, fetch, now: () => Date.now(), log: (e: LogEvent) => logs.push(e) };
  const agent = await startAgent(config, { ...deps, readText: async () => fixture("meminfo.txt") });
  agents.push(agent);
  return { agent, logs, config, deps };
}

/** Signs a GET for the agent at `base` (its host is part of what is signed). */
async function signed(base: string, secret = SECRET, path = "/status", offsetSeconds = 0) {
  const host = new URL(base).host;
  return signRequest(secret, { method: "GET", host, path }, Date.now() + offsetSeconds * 1000);
}

describe("GET /status on loopback", () => {
  it("serves a schema-valid report to a correctly signed request", async () => {
    const { agent } = await start();
    const res = await fetch(`${agent.url}/status`, { headers: await signed(agent.url) });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const report = agentReport.parse(await res.json());
    expect(report.redis).toEqual({ pong: true });
    expect(report.backup).toEqual({ error: "backup directory /nonexistent-backup-dir does not exist" });
  });

  it("answers on the configured path only", async () => {
    const { agent } = await start({ env: { AGENT_PATH: "/watchdog/agent" } });
    const ok = await fetch(`${agent.url}/watchdog/agent`, {
      headers: await signed(agent.url, SECRET, "/watchdog/agent"),
    });
    expect(ok.status).toBe(200);
    const other = await fetch(`${agent.url}/status`, { headers: await signed(agent.url) });
    expect(other.status).toBe(404);
  });

  const refusals: [string, (base: string) => Promise<Record<string, string>>, string][] = [
    ["no signature", async () => ({}), "missing"],
    ["a signature made with the wrong secret", (b) => signed(b, "not-the-shared-secret!"), "mismatch"],
    ["a signature for another path", (b) => signed(b, SECRET, "/other"), "mismatch"],
    ["a stale timestamp (61 s old)", (b) => signed(b, SECRET, "/status", -61), "stale"],
    ["a timestamp from the future (61 s ahead)", (b) => signed(b, SECRET, "/status", 61), "stale"],
    [
      "a malformed signature",
      async (b) => ({ ...(await signed(b)), "X-Watchdog-Signature": "zz" }),
      "malformed",
    ],
  ];
  for (const [name, headers, failure] of refusals) {
    it(`refuses ${name} with 401, no report, and a log line without secrets`, async () => {
      const { agent, logs } = await start();
      const sent = await headers(agent.url);
      const res = await fetch(`${agent.url}/status`, { headers: sent });
      expect(res.status).toBe(401);
      const body = await res.text();
      expect(body).toBe('{"error":"unauthorized"}');
      const host = new URL(agent.url).host;
      expect(logs).toEqual([
        { level: "warn", msg: "agent request refused", client: "127.0.0.1", host, path: "/status", failure },
      ]);
      const logged = JSON.stringify(logs);
      expect(logged).not.toContain(SECRET);
      const sig = sent["X-Watchdog-Signature"];
      if (sig) expect(logged).not.toContain(sig);
    });
  }

  it("issue 13 item 6: a request captured for one agent is refused by another with the same secret", async () => {
    const a = await start();
    const b = await start();
    const forA = await signed(a.agent.url);
    const atB = await fetch(`${b.agent.url}/status`, { headers: forA });
    expect(atB.status).toBe(401);
    expect(b.logs.at(-1)).toMatchObject({ msg: "agent request refused", failure: "mismatch" });
    expect((await fetch(`${a.agent.url}/status`, { headers: forA })).status).toBe(200);
  });

  it("issue 13 item 6: with AGENT_EXPECTED_HOST, only signatures naming that host pass, whatever Host a proxy sends", async () => {
    const { agent, logs } = await start({ env: { AGENT_EXPECTED_HOST: "Calendar.Example.com" } });
    // The request arrives with Host 127.0.0.1:<port>, as behind a proxy that rewrites it.
    const forPublicName = await signed("https://calendar.example.com");
    expect((await fetch(`${agent.url}/status`, { headers: forPublicName })).status).toBe(200);
    for (const base of ["https://other-agent.example.com", agent.url]) {
      const res = await fetch(`${agent.url}/status`, { headers: await signed(base) });
      expect(res.status, base).toBe(401);
      expect(logs.at(-1)).toMatchObject({
        msg: "agent request refused",
        host: "calendar.example.com",
        failure: "mismatch",
      });
    }
  });

  it("refuses a replayed signature", async () => {
    const { agent, logs } = await start();
    const headers = await signed(agent.url);
    expect((await fetch(`${agent.url}/status`, { headers })).status).toBe(200);
    const replay = await fetch(`${agent.url}/status`, { headers });
    expect(replay.status).toBe(401);
    expect(await replay.text()).not.toContain("containers");
    expect(logs.at(-1)).toMatchObject({ msg: "agent request refused", failure: "replayed" });
  });

  it("rate-limits a client's failed attempts, yet still serves its correctly signed requests", async () => {
    // Behind a reverse proxy without AGENT_TRUST_PROXY every client is 127.0.0.1, and the
    // Worker's egress address is shared: strangers' failures must not blind the watchdog.
    const { agent, logs } = await start({ env: { AGENT_MAX_FAILURES_PER_MINUTE: "3" } });
    for (let i = 0; i < 3; i++) expect((await fetch(`${agent.url}/status`)).status).toBe(401);
    const limited = await fetch(`${agent.url}/status`, {
      headers: await signed(agent.url, "not-the-shared-secret!"),
    });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(50);
    expect(await limited.text()).not.toContain("containers");
    expect(logs.at(-1)).toMatchObject({ msg: "agent request rate-limited", client: "127.0.0.1" });
    const valid = await fetch(`${agent.url}/status`, { headers: await signed(agent.url) });
    expect(valid.status).toBe(200);
    expect(agentReport.parse(await valid.json()).redis).toEqual({ pong: true });
  });

  it("behind a trusted proxy, limits the client named by X-Forwarded-For, not the proxy", async () => {
    const { agent } = await start({ env: { AGENT_MAX_FAILURES_PER_MINUTE: "2", AGENT_TRUST_PROXY: "true" } });
    const attacker = { "X-Forwarded-For": "198.51.100.1, 203.0.113.9" };
    for (let i = 0; i < 2; i++)
      expect((await fetch(`${agent.url}/status`, { headers: attacker })).status).toBe(401);
    expect((await fetch(`${agent.url}/status`, { headers: attacker })).status).toBe(429);
    const worker = { ...(await signed(agent.url)), "X-Forwarded-For": "203.0.113.50" };
    expect((await fetch(`${agent.url}/status`, { headers: worker })).status).toBe(200);
  });

  it("runs the collectors once for 50 simultaneous valid requests", async () => {
    const inner = fakeServer([...inspectFixture().values()]);
    const run: CommandRunner = async (file, args, options) => {
      await new Promise((resolve) => setTimeout(resolve, 50)); // keep the collection in flight
      return inner(file, args, options);
    };
    const { agent } = await start({ run });
    // One request per second of the ±60 s window: each signature is unique, so none is a replay.
    const requests = Array.from({ length: 50 }, async (_, i) => {
      const res = await fetch(`${agent.url}/status`, {
        headers: await signed(agent.url, SECRET, "/status", i - 25),
      });
      return { status: res.status, body: agentReport.parse(await res.json()) };
    });
    const results = await Promise.all(requests);
    expect(results.map((r) => r.status)).toEqual(Array(50).fill(200));
    expect(new Set(results.map((r) => r.body.collectedAt)).size).toBe(1);
    const commands = inner.calls.map((c) => `${c.file} ${c.args[0]}`).sort();
    expect(commands).toEqual(["df -P", "docker exec", "docker exec", "docker inspect", "docker logs"]);
  });

  it("turns a section its own schema rejects into that section's error, serving the rest", async () => {
    const config = loadAgentConfig({ AGENT_HMAC_SECRET: SECRET, AGENT_LISTEN: "127.0.0.1:0" });
    const deps = { run: fakeServer([]), fetch, now: () => Date.now(), log: () => {} };
    const collectors = {
      ...createCollectors(config, deps),
      disks: async () => [{ mount: "/", usedPercent: 140 }],
    };
    const agent = await startAgent(config, { ...deps, collectors });
    agents.push(agent);
    const res = await fetch(`${agent.url}/status`, { headers: await signed(agent.url) });
    expect(res.status).toBe(200);
    const report = agentReport.parse(await res.json());
    expect(report.disks).toEqual({
      error: expect.stringMatching(/^invalid disks data at disks\.0\.usedPercent/),
    });
    expect(report.redis).toEqual({ pong: true });
  });

  it("serves 500 without details when the report cannot be built", async () => {
    const logs: LogEvent[] = [];
    const app = createAgentApp({
      secret: SECRET,
      path: "/status",
      getReport: async () => {
        throw new Error("collection broke at /root/backups/calendar");
      },
      now: () => Date.now(),
      log: (e) => logs.push(e),
      maxFailuresPerMinute: 10,
      trustProxy: false,
    });
    const res = await app.request("/status", { headers: await signed("http://localhost") });
    expect(res.status).toBe(500);
    expect(await res.text()).toBe('{"error":"report unavailable"}');
    expect(logs).toEqual([
      { level: "error", msg: "agent report failed", error: "collection broke at /root/backups/calendar" },
    ]);
  });
});
