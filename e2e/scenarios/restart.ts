import assert from "node:assert/strict";
import { loadAgentConfig } from "../../agent/src/config.ts";
import { createExecRunner } from "../../agent/src/runner.ts";
import { startAgent } from "../../agent/src/server.ts";
import { actionLink, linkClaimsOf, postAction, type Stack, waitFor, waitForTelegram } from "../harness.ts";
import { installFakeDocker } from "../lib/fake-docker.ts";
import { nameOf, type Scenario } from "./common.ts";

const spec = { id: "restart-link" };

/**
 * One run on `spec`'s service: the app container is down, the page's "Restart bot" is opened
 * and confirmed; returns the seconds from the POST to the "healthy again" notice (the bench's
 * `restart_to_healthy_s`). Asserts what a user would notice on the way.
 */
export async function restartOnce(
  stack: Stack,
  spec: { id: string },
  log: (line: string) => void,
): Promise<number> {
  const name = nameOf(spec);
  const { watched } = stack.fakes;
  const docker = installFakeDocker({ healthyAfterMs: 1_500 });
  const agent = await startAgent(
    loadAgentConfig({
      AGENT_HMAC_SECRET: watched.secret,
      AGENT_LISTEN: "127.0.0.1:0",
      AGENT_BACKUP_DIR: docker.dir,
      AGENT_EXPECTED_HOST: new URL(watched.url).host,
      AGENT_PATH: `/s/${spec.id}/agent/status`,
      AGENT_ACTIONS: "restart-app",
      AGENT_TRUST_PROXY: "true",
    }),
    { run: createExecRunner(docker.env), fetch: (u, i) => fetch(u, i), now: () => Date.now(), log: () => {} },
  );
  try {
    watched.proxyAgent(spec.id, agent.url);
    watched.linkHealth(spec.id, () => docker.read().health === "healthy");
    const page = await waitForTelegram(stack.fakes, name, "New incident", { timeoutMs: 20_000 });
    const restart = actionLink(page, "restart-app");
    assert.ok(restart, `the page has a Restart link: ${JSON.stringify(page.buttons)}`);
    const incidentId = linkClaimsOf(restart)?.i ?? "";

    const preview = await fetch(restart);
    assert.equal(preview.status, 200);
    assert.match(await preview.text(), /method="post"/);
    const restarts = () => docker.read().calls.filter((c) => c[0] === "restart").length;
    assert.equal(restarts(), 0, "the GET restarted nothing");
    assert.equal((await stack.worker.incident(incidentId)).status, "open");

    const postAt = Date.now();
    const done = await postAction(restart, { name: "Anna", action: "restart-app" });
    assert.equal(done.status, 200, done.text.slice(0, 300));
    assert.match(done.text, /Restart by Anna/);
    const again = await postAction(restart, { name: "Boris", action: "restart-app" });
    assert.match(again.text, /Already (done|running)/, "a second POST does not restart again");

    const notice = await waitForTelegram(stack.fakes, name, "healthy again", { timeoutMs: 30_000 });
    const seconds = (notice.at - postAt) / 1000;
    log(`restart_to_healthy_s=${seconds.toFixed(1)} (POST → "healthy again" notice)`);
    assert.ok(seconds <= 120, `resolved within the 2-minute re-probe window, took ${seconds} s`);
    const resolved = await waitFor("the incident resolved", async () => {
      const i = await stack.worker.incident(incidentId);
      return i.status === "resolved" ? i : undefined;
    });
    assert.match(resolved.acknowledgedBy ?? "", /Anna/, "the restart acknowledged it");
    assert.equal(restarts(), 1, "the agent restarted the app once");
    return seconds;
  } finally {
    watched.proxyAgent(spec.id, undefined);
    watched.linkHealth(spec.id, undefined);
    await agent.close();
    docker.remove();
  }
}

/**
 * Issue 14: the app container is down; the page carries "Restart bot"; its GET changes nothing,
 * its POST makes the real agent (behind the watched host as its reverse proxy) restart the app
 * through the fake `docker`; /health follows the app, the re-probes see it, the incident
 * resolves and everyone paged hears "healthy again after N s".
 */
export const restartFromLink: Scenario = {
  name: "page → restart from the link → resolved",
  proves:
    "Restart bot: GET changes nothing, POST restarts once via the agent, resolved within the re-probe window",
  services: [spec],
  timeoutMs: 60_000,
  async run({ stack, log }) {
    await restartOnce(stack, spec, log);
  },
};
