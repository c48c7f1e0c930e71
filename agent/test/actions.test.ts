import { afterEach, describe, expect, it } from "vitest";
import { installFakeDocker } from "../../e2e/lib/fake-docker.ts";
import { runAgentAction } from "../../src/checks/agent-action.ts";
import { agentActionAnswer } from "../../src/checks/agent-actions.ts";
import { sha256Hex, signRequest } from "../../src/checks/signature.ts";
import { AgentConfigError, loadAgentConfig } from "../src/config.ts";
import type { LogEvent } from "../src/log.ts";
import { type CommandResult, type CommandRunner, createExecRunner } from "../src/runner.ts";
import { type RunningAgent, startAgent } from "../src/server.ts";
import { fail, fakeRunner, fixture, ok } from "./support.ts";

const SECRET = "agent-test-secret-0123456789";
const INCIDENT = "calendar:20260111T0815:3";
const agents: RunningAgent[] = [];
afterEach(async () => {
  await Promise.all(agents.splice(0).map((a) => a.close()));
});

const state = (health: string) =>
  ok(`{"Status":"running","Running":true,"Health":{"Status":"${health}","FailingStreak":0}}\n`);

/** A docker whose app container turns healthy after `unhealthyPolls` inspections; `restart` may block. */
function docker(options: { unhealthyPolls?: number; neverHealthy?: boolean; hold?: Promise<void> } = {}) {
  let polls = 0;
  return fakeRunner(async (file, args): Promise<CommandResult> => {
    if (file !== "docker") return fail(127, "unexpected");
    if (args[0] === "restart" || args[0] === "compose") {
      await options.hold;
      return ok("");
    }
    if (args[0] === "inspect") {
      polls++;
      if (options.neverHealthy || polls <= (options.unhealthyPolls ?? 1)) return state("starting");
      return state("healthy");
    }
    return fail(1, `docker ${args[0]}: unexpected`);
  });
}

async function start(env: Record<string, string>, run = docker()) {
  return { ...(await launch(env, run)), run };
}

/** An agent on loopback with any command runner (the real one, for the fake docker binary). */
async function launch(env: Record<string, string>, run: CommandRunner) {
  const logs: LogEvent[] = [];
  // The clock moves only when the action waits, so healthcheck polls cost no real time.
  let skew = 0;
  const config = loadAgentConfig({ AGENT_HMAC_SECRET: SECRET, AGENT_LISTEN: "127.0.0.1:0", ...env });
  const agent = await startAgent(config, {
    run,
    fetch,
    now: () => Date.now() + skew,
    log: (e) => logs.push(e),
    readText: async () => fixture("meminfo.txt"),
    sleep: async (ms) => {
      skew += ms;
    },
  });
  agents.push(agent);
  return { agent, logs };
}

interface Post {
  body?: string;
  signedBody?: string;
  secret?: string;
  headers?: Record<string, string>;
}

async function signedHeaders(base: string, name: string, signedBody: string, secret = SECRET) {
  const path = `/actions/${name}`;
  const bodySha256 = await sha256Hex(signedBody);
  return signRequest(secret, { method: "POST", host: new URL(base).host, path, bodySha256 }, Date.now());
}

async function post(base: string, name: string, options: Post = {}) {
  const body = options.body ?? JSON.stringify({ incident: INCIDENT, by: "Anna" });
  const headers =
    options.headers ?? (await signedHeaders(base, name, options.signedBody ?? body, options.secret));
  const res = await fetch(`${base}/actions/${name}`, {
    method: "POST",
    headers: { ...headers, "content-type": "application/json" },
    body,
  });
  return { res, headers, answer: agentActionAnswer.parse(await res.json()) };
}

const dockerVerbs = (calls: { args: readonly string[] }[]) =>
  calls.filter((c) => c.args[0] !== "inspect").map((c) => c.args.join(" "));

describe("issue 14 item 1c: POST /actions/<name>", () => {
  it("issue 14 item 1c: restart-app restarts the app container by a fixed argument array, waits for healthy, and audits", async () => {
    const { agent, logs, run } = await start({ AGENT_ACTIONS: "restart-app" }, docker({ unhealthyPolls: 2 }));
    const { res, answer } = await post(agent.url, "restart-app");
    expect(res.status).toBe(200);
    expect(answer.audit).toMatchObject({
      action: "restart-app",
      incident: INCIDENT,
      by: "Anna",
      client: "127.0.0.1",
      outcome: "healthy",
      status: 200,
      detail: "telegram-bot healthy after 4 s",
    });
    expect(dockerVerbs(run.calls)).toEqual(["restart -- telegram-bot"]);
    expect(run.calls.filter((c) => c.args[0] === "inspect")).toHaveLength(3);
    expect(logs.at(-1)).toEqual({ level: "info", msg: "agent action", ...answer.audit });
  });

  it("issue 14 item 1c: restart-stack runs compose down then up -d on the configured file", async () => {
    const env = {
      AGENT_ACTIONS: "restart-app,restart-stack",
      AGENT_COMPOSE_FILE: "/srv/app/docker-compose.secure.yml",
    };
    const { agent, run } = await start(env);
    const { res } = await post(agent.url, "restart-stack");
    expect(res.status).toBe(200);
    expect(dockerVerbs(run.calls)).toEqual([
      "compose -f /srv/app/docker-compose.secure.yml down",
      "compose -f /srv/app/docker-compose.secure.yml up -d",
    ]);
  });

  it("issue 14 item 1c: an app that never turns healthy answers 502 failed, with the last state", async () => {
    const env = { AGENT_ACTIONS: "restart-app", AGENT_ACTION_TIMEOUT_SECONDS: "10" };
    const { agent } = await start(env, docker({ neverHealthy: true }));
    const { res, answer } = await post(agent.url, "restart-app");
    expect(res.status).toBe(502);
    expect(answer.audit).toMatchObject({
      outcome: "failed",
      detail: "telegram-bot not healthy after 10 s: running (starting)",
    });
  });

  type Refusal = [
    name: string,
    status: number,
    outcome: string,
    send: (base: string) => Promise<Post & { action?: string }>,
  ];
  const refusals: Refusal[] = [
    ["unsigned", 401, "unauthorized", async () => ({ headers: {} })],
    ["signed with another secret", 401, "unauthorized", async () => ({ secret: "not-the-shared-secret!" })],
    [
      "body-tampered (signature for another incident)",
      401,
      "unauthorized",
      async () => ({
        signedBody: JSON.stringify({ incident: INCIDENT, by: "Anna" }),
        body: JSON.stringify({ incident: "calendar:other", by: "Anna" }),
      }),
    ],
    ["unknown-action", 404, "unknown_action", async () => ({ action: "rm-rf" })],
    ["disabled-action", 403, "disabled", async () => ({ action: "restart-stack" })],
    [
      "carrying anything but incident and by",
      400,
      "bad_request",
      async () => ({ body: JSON.stringify({ incident: INCIDENT, args: ["--privileged"] }) }),
    ],
  ];
  for (const [name, status, outcome, make] of refusals) {
    it(`issue 14 item 1c: refuses a request ${name} with ${status} and an audit line, running nothing`, async () => {
      const { agent, logs, run } = await start({ AGENT_ACTIONS: "restart-app" });
      const { action = "restart-app", ...options } = await make(agent.url);
      const { res, answer } = await post(agent.url, action, options);
      expect(res.status).toBe(status);
      expect(answer.audit).toMatchObject({ outcome, status, client: "127.0.0.1" });
      expect(logs.filter((l) => l.msg === "agent action")).toEqual([
        { level: "warn", msg: "agent action", ...answer.audit },
      ]);
      expect(run.calls).toEqual([]);
      expect(JSON.stringify(logs)).not.toContain(SECRET);
    });
  }

  it("issue 14 item 1c: refuses a replayed action request with 401 and an audit line; the action ran once", async () => {
    const { agent, logs, run } = await start({ AGENT_ACTIONS: "restart-app" });
    const first = await post(agent.url, "restart-app");
    expect(first.res.status).toBe(200);
    const again = await post(agent.url, "restart-app", { headers: first.headers });
    expect(again.res.status).toBe(401);
    expect(again.answer.audit).toMatchObject({ outcome: "unauthorized", detail: "replayed" });
    expect(logs.filter((l) => l.msg === "agent action").map((l) => l.outcome)).toEqual([
      "healthy",
      "unauthorized",
    ]);
    expect(dockerVerbs(run.calls)).toEqual(["restart -- telegram-bot"]);
  });

  it("issue 14 item 1c: a /status signature cannot be used for an action (the body hash and method are signed)", async () => {
    const { agent } = await start({ AGENT_ACTIONS: "restart-app" });
    const path = "/actions/restart-app";
    const headers = await signRequest(
      SECRET,
      { method: "POST", host: new URL(agent.url).host, path },
      Date.now(),
    );
    expect((await post(agent.url, "restart-app", { headers })).res.status).toBe(401);
  });

  it("issue 14 item 1c: over-rate requests get 429 with Retry-After once 3 actions started within the hour", async () => {
    const { agent, logs, run } = await start({ AGENT_ACTIONS: "restart-app" });
    // Distinct bodies: the same body signed in the same second is the same request, a replay.
    for (let i = 0; i < 3; i++) {
      const body = JSON.stringify({ incident: `${INCIDENT}.${i}`, by: "Anna" });
      expect((await post(agent.url, "restart-app", { body })).res.status).toBe(200);
    }
    const fourth = await post(agent.url, "restart-app");
    expect(fourth.res.status).toBe(429);
    expect(Number(fourth.res.headers.get("retry-after"))).toBeGreaterThan(3500);
    expect(fourth.answer.audit).toMatchObject({ outcome: "rate_limited", incident: INCIDENT, by: "Anna" });
    expect(logs.at(-1)).toMatchObject({ msg: "agent action", outcome: "rate_limited" });
    expect(dockerVerbs(run.calls)).toHaveLength(3);
  });

  it("issue 14 item 1c: one action at a time per host: a second request while one runs gets 409", async () => {
    let release = () => {};
    const hold = new Promise<void>((resolve) => {
      release = resolve;
    });
    const env = {
      AGENT_ACTIONS: "restart-app,restart-stack",
      AGENT_COMPOSE_FILE: "/srv/app/docker-compose.secure.yml",
    };
    const { agent, run } = await start(env, docker({ hold }));
    const first = post(agent.url, "restart-app");
    while (!run.calls.some((c) => c.args[0] === "restart")) await new Promise((r) => setTimeout(r, 5));
    const second = await post(agent.url, "restart-stack");
    expect(second.res.status).toBe(409);
    expect(second.answer.audit).toMatchObject({ outcome: "busy" });
    release();
    expect((await first).res.status).toBe(200);
  });
});

describe("issue 14 item 1c: action configuration", () => {
  it("issue 14 item 1c: actions are off by default, unknown names and restart-stack without a compose file are refused", () => {
    expect(loadAgentConfig({ AGENT_HMAC_SECRET: SECRET }).AGENT_ACTIONS).toEqual([]);
    expect(() => loadAgentConfig({ AGENT_HMAC_SECRET: SECRET, AGENT_ACTIONS: "restart-app,reboot" })).toThrow(
      AgentConfigError,
    );
    expect(() => loadAgentConfig({ AGENT_HMAC_SECRET: SECRET, AGENT_ACTIONS: "restart-stack" })).toThrow(
      /AGENT_COMPOSE_FILE: is required when AGENT_ACTIONS has restart-stack/,
    );
  });
});

describe("issue 14 item 3 (groundwork): the Worker's action client against the real agent and a fake docker binary", () => {
  it("issue 14 item 3: runAgentAction signs the body, restarts through the real exec runner, and reads the audit; a tampered secret gets 401", async () => {
    const docker = installFakeDocker({ healthyAfterMs: 0 });
    try {
      const { agent } = await launch({ AGENT_ACTIONS: "restart-app" }, createExecRunner(docker.env));
      const service = { agentUrl: `${agent.url}/status` };
      const deps = { fetch, now: () => Date.now(), secret: SECRET, timeoutMs: 10_000 };
      const got = await runAgentAction(
        service,
        { action: "restart-app", incident: INCIDENT, by: "Anna" },
        deps,
      );
      expect(got).toMatchObject({ answered: true, ok: true, audit: { outcome: "healthy", by: "Anna" } });
      expect(docker.read().calls.map((c) => c.join(" "))).toContain("restart -- telegram-bot");
      const wrong = await runAgentAction(
        service,
        { action: "restart-app", incident: INCIDENT, by: "Anna" },
        { ...deps, secret: "not-the-shared-secret!" },
      );
      expect(wrong).toMatchObject({
        answered: true,
        ok: false,
        audit: { outcome: "unauthorized", status: 401 },
      });
    } finally {
      docker.remove();
    }
  });
});
