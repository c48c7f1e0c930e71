import assert from "node:assert/strict";
import { heartbeatToken } from "../../src/checks/heartbeat-token.ts";
import { telegramFor, waitFor, waitForTelegram } from "../harness.ts";
import { nameOf, type Scenario, waitForIncident } from "./common.ts";

/**
 * The runbook's nightly backup as a push heartbeat, shrunk to the shortest period (1 min, no
 * grace): it never pings, so a minute after the object first watched it (the run's first tick)
 * it is missed, while the scenarios before this one run.
 */
const spec = {
  id: "backup-beat",
  agent: false,
  heartbeats: [{ id: "nightly-backup", period: "1m", grace: "0s", severity: "P2" as const }],
};
const name = nameOf(spec);

/** A backup that does not report in time pages at P2; its ping resolves the incident. */
export const heartbeat: Scenario = {
  name: "backup heartbeat missed, then pinged",
  proves: "a missed heartbeat is a P2 incident paged to L1; `curl /ping/<token>` resolves it",
  services: [spec],
  timeoutMs: 110_000,
  async run({ stack, log }) {
    const page = await waitForTelegram(stack.fakes, name, "New incident", { timeoutMs: 90_000 });
    assert.match(page.headline, /\[P2\]/, `page headline: ${page.headline}`);
    assert.match(page.text, /nightly-backup/);
    const incident = await waitForIncident(stack, spec.id);
    assert.equal(incident.severity, "P2");
    assert.deepEqual(
      incident.findings.map((f) => f.code),
      ["heartbeat_missed"],
    );

    const secret = stack.worker.secrets.HEARTBEAT_SECRET ?? "";
    const token = await heartbeatToken(secret, spec.id, "nightly-backup");
    const unknown = await fetch(`${stack.worker.url}/ping/${"0".repeat(32)}`);
    assert.equal(unknown.status, 404);
    const pinged = Date.now();
    // What the cron line's `curl -fsS -m 10 --retry 3 <url>` sends.
    const res = await fetch(`${stack.worker.url}/ping/${token}`, { signal: AbortSignal.timeout(10_000) });
    assert.equal(res.status, 200, await res.text());
    const resolved = await waitFor(
      `incident ${incident.id} to resolve after the ping`,
      async () => {
        const now = await stack.worker.incident(incident.id);
        return now.status === "resolved" ? now : undefined;
      },
      { timeoutMs: 20_000, intervalMs: 200 },
    );
    log(`ping → resolved in ${((Date.now() - pinged) / 1000).toFixed(1)} s`);
    assert.equal(resolved.resolvedBy, "auto");
    const pages = telegramFor(stack.fakes, name).filter((c) => c.headline.includes("New incident"));
    assert.equal(pages.length, 1, "paged once");
  },
};
