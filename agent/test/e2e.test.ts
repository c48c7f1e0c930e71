import { mkdtemp, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { checkAgent } from "../../src/checks/agent.ts";
import { classify } from "../../src/checks/findings.ts";
import { type Service, serviceSchema } from "../../src/config/schema.ts";
import { loadAgentConfig } from "../src/config.ts";
import { type RunningAgent, startAgent } from "../src/server.ts";
import { fail, fakeRunner, fixture, inspectFixture, ok, runningContainer } from "./support.ts";

const SECRET = "e2e-shared-agent-secret-42";
const HOUR = 3_600_000;
let dir: string;
let agent: RunningAgent | undefined;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "agent-e2e-"));
});
afterEach(async () => {
  await agent?.close();
  agent = undefined;
  await rm(dir, { recursive: true, force: true });
});

/** The watched server: the bot and Radicale run, calendar-redis was OOM-killed and stays down. */
function server() {
  const redis = inspectFixture().get("calendar-redis");
  const containers = [runningContainer("telegram-bot"), redis, runningContainer("radicale-calendar")];
  return fakeRunner((file, args) => {
    const [cmd, ...rest] = args;
    if (file === "df")
      return ok("Filesystem 1024-blocks Used Available Capacity Mounted on\n/dev/vda1 100 41 59 41% /\n");
    if (cmd === "inspect") return ok(JSON.stringify(containers));
    if (cmd === "logs") return ok('INFO:     127.0.0.1:51844 - "GET /health HTTP/1.1" 200 OK\n');
    if (cmd === "exec" && rest[0] === "--" && rest[1] === "calendar-redis") {
      return fail(1, "Error response from daemon: container 2f7d0c9e8b1a is not running\n");
    }
    if (cmd === "exec" && rest[0] === "--" && rest[2] === "curl") return ok("302");
    return fail(1, `unexpected: ${file} ${args.join(" ")}`);
  });
}

async function startServerAgent() {
  const backup = join(dir, "20260110_030000.tar.gz");
  await writeFile(backup, Buffer.alloc(250_000, 7));
  const thirtyHoursAgo = new Date(Date.now() - 30 * HOUR);
  await utimes(backup, thirtyHoursAgo, thirtyHoursAgo);
  const config = loadAgentConfig({
    AGENT_HMAC_SECRET: SECRET,
    AGENT_LISTEN: "127.0.0.1:0",
    AGENT_BACKUP_DIR: dir,
  });
  agent = await startAgent(config, {
    run: server(),
    fetch,
    now: () => Date.now(),
    log: () => {},
    readText: async () => fixture("meminfo.txt"),
  });
  return serviceSchema.parse({
    id: "calendar",
    name: "AI Calendar Assistant",
    healthUrl: "http://127.0.0.1:8000/health",
    agentUrl: `${agent.url}/status`,
    // A fixed cadence: "auto" resolves only within a whole config, and the checks never read it.
    probeEvery: "60s",
  }) as Service;
}

describe("Worker agent check against the running agent", () => {
  it("turns a stale backup and a stopped container into the right findings", async () => {
    const service = await startServerAgent();
    const now = () => Date.now();
    const outcome = await checkAgent(service, { fetch, now, secret: SECRET });
    expect(outcome.ok).toBe(true);
    expect(outcome.status).toBe(200);

    const findings = classify(service, { ok: true, status: 200, latencyMs: 12 }, outcome, now());
    const summary = findings.map((f) => [f.code, f.severity, f.subject]).sort();
    expect(summary).toEqual([
      ["backup_stale", "P3", "20260110_030000.tar.gz"],
      ["dependency_container_down", "P2", "calendar-redis"],
      ["redis_down", "P2", "redis"],
    ]);
    const stale = findings.find((f) => f.code === "backup_stale");
    expect(stale?.value).toBeGreaterThanOrEqual(30);
    expect(stale?.value).toBeLessThan(30.1);
    const down = findings.find((f) => f.code === "dependency_container_down");
    expect(down?.reason).toBe("state exited, exit code 137, OOM-killed, 0 restarts");
  });

  it("is refused, and becomes agent_unreachable, when the Worker holds another secret", async () => {
    const service = await startServerAgent();
    const now = () => Date.now();
    const outcome = await checkAgent(service, { fetch, now, secret: "a-different-secret-entirely" });
    expect(outcome).toMatchObject({
      ok: false,
      status: 401,
      reason: "agent rejected the signature (HTTP 401)",
    });
    const findings = classify(service, { ok: true, status: 200, latencyMs: 12 }, outcome, now());
    expect(findings.map((f) => f.code)).toEqual(["agent_unreachable"]);
  });
});
