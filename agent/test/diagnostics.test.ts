import { afterEach, describe, expect, it } from "vitest";
import {
  diagnosticsSnapshot,
  SNAPSHOT_LINE_CHARS,
  SNAPSHOT_LOG_BYTES,
  SNAPSHOT_LOG_LINES,
} from "../../src/checks/diagnostics.ts";
import { fetchDiagnostics } from "../../src/checks/diagnostics-fetch.ts";
import { signRequest } from "../../src/checks/signature.ts";
import { loadAgentConfig } from "../src/config.ts";
import { boundTail } from "../src/diagnostics.ts";
import type { LogEvent } from "../src/log.ts";
import type { CommandRunner } from "../src/runner.ts";
import { type RunningAgent, startAgent } from "../src/server.ts";
import { fail, fakeRunner, fakeServer, fixture, inspectFixture, ok } from "./support.ts";

const SECRET = "agent-test-secret-0123456789";
const TOKEN = "7212345678:AAHk3x9_Qz-Lm4nOpQrStUvWxYz012345678";
const agents: RunningAgent[] = [];
afterEach(async () => {
  await Promise.all(agents.splice(0).map((a) => a.close()));
});

/** The fake server, plus the app container's log with a token in it and ping answers per target. */
function server(reachable: Record<string, boolean> = {}) {
  const inner = fakeServer([...inspectFixture().values()]);
  const log = `${fixture("telegram-bot.log")}2026-01-11 08:16:00,000 - app.bot - ERROR - telegram.error.InvalidToken: https://api.telegram.org/bot${TOKEN}/getMe\n`;
  return fakeRunner(async (file, args) => {
    if (file === "docker" && args[0] === "logs") return ok("", log);
    if (file === "docker" && args[0] === "exec" && args[3] === "ping") {
      const to = args.at(-1) ?? "";
      return reachable[to] ? ok("1 packets transmitted, 1 received") : fail(1, `ping: bad address '${to}'`);
    }
    return inner(file, args, { timeoutMs: 1000 });
  });
}

async function start(run: CommandRunner) {
  const logs: LogEvent[] = [];
  const config = loadAgentConfig({
    AGENT_HMAC_SECRET: SECRET,
    AGENT_LISTEN: "127.0.0.1:0",
    AGENT_BACKUP_DIR: "/nonexistent",
  });
  const agent = await startAgent(config, {
    run,
    fetch,
    now: () => Date.now(),
    log: (e) => logs.push(e),
    readText: async () => fixture("meminfo.txt"),
  });
  agents.push(agent);
  return { agent, logs };
}

async function get(base: string, query: string, secret = SECRET) {
  const path = `/diagnostics?${query}`;
  const headers = await signRequest(secret, { method: "GET", host: new URL(base).host, path }, Date.now());
  return { res: await fetch(`${base}${path}`, { headers }), headers };
}

describe("issue 14 item 1b: GET /diagnostics", () => {
  it("issue 14 item 1b: a signed P1 request gets containers, a redacted 50-line tail, memory and disk, and no P2 checks", async () => {
    const run = server();
    const { agent } = await start(run);
    const { res } = await get(agent.url, "incident=calendar:20260111T0815:3&level=P1");
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toContain(TOKEN);
    const snap = diagnosticsSnapshot.parse(JSON.parse(text));
    expect(snap).toMatchObject({ incident: "calendar:20260111T0815:3", level: "P1" });
    expect(Array.isArray(snap.containers) && snap.containers.map((c) => c.name)).toEqual([
      "telegram-bot",
      "calendar-redis",
      "radicale-calendar",
    ]);
    if ("error" in snap.logs) throw new Error(snap.logs.error);
    expect(snap.logs.lines.at(-1)).toBe(
      "2026-01-11 08:16:00,000 - app.bot - ERROR - telegram.error.InvalidToken: https://api.telegram.org/bot<redacted:bot-token>/getMe",
    );
    expect(snap.memory).toMatchObject({ usedPercent: expect.any(Number) });
    expect(snap.disks).toEqual([{ mount: "/", usedPercent: expect.any(Number) }]);
    expect(snap.dependencies).toBeUndefined();
    const logsCall = run.calls.find((c) => c.args[0] === "logs");
    expect(logsCall?.args).toEqual(["logs", "--tail", "50", "--", "telegram-bot"]);
    expect(run.calls.some((c) => c.args[0] === "exec")).toBe(false);
  });

  it("issue 14 item 1b: P2 adds Redis PING, Radicale and container-to-container reachability", async () => {
    const run = server({ "calendar-redis": true, "radicale-calendar": false });
    const { agent } = await start(run);
    const { res } = await get(agent.url, "incident=calendar:1&level=P2");
    const snap = diagnosticsSnapshot.parse(await res.json());
    expect(snap.dependencies).toEqual({
      redis: { pong: true },
      radicale: expect.objectContaining({ ok: true }),
      links: [
        { from: "telegram-bot", to: "calendar-redis", ok: true },
        {
          from: "telegram-bot",
          to: "radicale-calendar",
          ok: false,
          reason: "ping: bad address 'radicale-calendar'",
        },
      ],
    });
    const pings = run.calls.filter((c) => c.args[3] === "ping").map((c) => c.args);
    expect(pings).toEqual([
      ["exec", "--", "telegram-bot", "ping", "-c", "1", "-W", "2", "calendar-redis"],
      ["exec", "--", "telegram-bot", "ping", "-c", "1", "-W", "2", "radicale-calendar"],
    ]);
  });

  it("issue 14 item 1b: refuses unsigned, replayed and wrongly signed requests like /status, and bad queries with 400", async () => {
    const { agent, logs } = await start(server());
    expect((await fetch(`${agent.url}/diagnostics?incident=a&level=P1`)).status).toBe(401);
    const first = await get(agent.url, "incident=a&level=P1");
    expect(first.res.status).toBe(200);
    const replay = await fetch(`${agent.url}/diagnostics?incident=a&level=P1`, { headers: first.headers });
    expect(replay.status).toBe(401);
    expect((await get(agent.url, "incident=a&level=P1", "not-the-shared-secret!")).res.status).toBe(401);
    expect(logs.filter((l) => l.msg === "agent request refused").map((l) => l.failure)).toEqual([
      "missing",
      "replayed",
      "mismatch",
    ]);
    const bad = await get(agent.url, "incident=a;rm%20-rf&level=P3");
    expect(bad.res.status).toBe(400);
    expect(await bad.res.json()).toMatchObject({ error: "bad request" });
  });
});

describe("issue 14 item 1b: the log tail is bounded", () => {
  it("issue 14 item 1b: caps each line, keeps the newest lines under 16 KiB, and says it dropped some", () => {
    const raw = Array.from({ length: 80 }, (_, i) => `${String(i).padStart(3, "0")} ${"x".repeat(1000)}`);
    const { lines, truncated } = boundTail(raw);
    expect(lines.length).toBeLessThanOrEqual(SNAPSHOT_LOG_LINES);
    expect(lines.every((l) => l.length <= SNAPSHOT_LINE_CHARS)).toBe(true);
    expect(new TextEncoder().encode(lines.join("\n")).length).toBeLessThanOrEqual(SNAPSHOT_LOG_BYTES);
    expect(lines.at(-1)?.startsWith("079 ")).toBe(true);
    expect(truncated).toBe(true);
    const wide = Array.from({ length: 50 }, () => "é".repeat(SNAPSHOT_LINE_CHARS));
    const bounded = boundTail(wide);
    expect(bounded.truncated).toBe(true);
    expect(new TextEncoder().encode(bounded.lines.join("\n")).length).toBeLessThanOrEqual(SNAPSHOT_LOG_BYTES);
    expect(boundTail(["a", "b"])).toEqual({ lines: ["a", "b"], truncated: false });
  });
});

describe("issue 14 item 2: the Worker's fetch against the real agent", () => {
  it("issue 14 item 2: fetchDiagnostics signs, reaches /diagnostics next to agentUrl, and validates the snapshot", async () => {
    const { agent } = await start(server());
    const service = { agentUrl: `${agent.url}/status`, thresholds: { timeout: 5000 } };
    const deps = { fetch, now: () => Date.now(), secret: SECRET };
    const got = await fetchDiagnostics(service, { incident: "calendar:7", level: "P1" }, deps);
    expect(got).toMatchObject({ ok: true, snapshot: { incident: "calendar:7", level: "P1" } });
    const wrong = await fetchDiagnostics(
      service,
      { incident: "calendar:7", level: "P1" },
      { ...deps, secret: "x".repeat(20) },
    );
    expect(wrong).toMatchObject({ ok: false, reason: expect.stringMatching(/^HTTP 401/) });
    const down = await fetchDiagnostics(
      { agentUrl: "http://127.0.0.1:9/status", thresholds: { timeout: 1000 } },
      { incident: "calendar:7", level: "P1" },
      deps,
    );
    expect(down.ok).toBe(false);
  });
});
