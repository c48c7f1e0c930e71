import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { expect, it } from "vitest";
import { stateStub } from "../../src/durable/stubs";

const MIN = 60_000;

// Its own file: the tick history of the singleton state object starts empty.
it("a slow tick recorded after a newer one leaves the self-watch alarm armed for the newest tick", async () => {
  const state = env.WATCHDOG_STATE.getByName("global");
  const armed = () => runInDurableObject(state, (_i, ctx) => ctx.storage.getAlarm());
  const now = Date.now();
  // The tick of `now - 1 min` ran long and finished after the tick of `now`.
  await stateStub(env).recordTick({ at: now, durationMs: 20, services: 1, failures: 0 }, 3 * MIN);
  const expected = await armed();
  expect(expected).toBeGreaterThan(now + 3 * MIN);
  await stateStub(env).recordTick({ at: now - MIN, durationMs: 70_000, services: 1, failures: 0 }, 3 * MIN);
  expect(await armed()).toBe(expected);
  // And an alarm that finds the last tick recent keeps watching instead of disarming.
  await runInDurableObject(state, (_i, ctx) => ctx.storage.setAlarm(Date.now()));
  await runDurableObjectAlarm(state);
  expect(await armed()).toBe(expected);
});
