import assert from "node:assert/strict";
import { holdsFor, startTicker, telegramFor } from "../harness.ts";
import { mailFor, nameOf, type Scenario } from "./common.ts";

const spec = { id: "flaky" };
const name = nameOf(spec);

/** Random single failures are re-checked away and never page anyone. */
export const flaky: Scenario = {
  name: "flaky service never pages",
  proves: "isolated failed probes are confirmed away: no incident, no message",
  services: [spec],
  timeoutMs: 45_000,
  async run({ stack, log }) {
    const { watched } = stack.fakes;
    const before = watched.hits(spec.id);
    watched.setMode(spec.id, "flaky");
    // Extra ticks for a larger sample: many failures, each one re-checked away.
    const fast = startTicker(stack.worker, 400);
    try {
      await holdsFor(
        "a flaky service paged someone",
        20_000,
        () => [...telegramFor(stack.fakes, name), ...mailFor(stack, name)][0],
      );
    } finally {
      await fast.stop();
      watched.setMode(spec.id, "up");
    }
    const after = watched.hits(spec.id);
    const probes = after.health - before.health;
    const failures = after.healthFailed - before.healthFailed;
    log(`${fast.count()} extra ticks; ${probes} probes, ${failures} failed at random (never two in a row)`);
    assert.ok(failures >= 5, `the run must actually see failures: ${failures} of ${probes}`);
    assert.ok(probes >= failures * 2, "every failure was re-checked");
    const incidents = await stack.worker.incidents(spec.id);
    assert.deepEqual(incidents, [], "no incident was opened");
  },
};
