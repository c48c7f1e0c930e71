import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { expect, it } from "vitest";
import { stateStub } from "../../src/durable/stubs";
import type { WatchdogState } from "../../src/durable/watchdog-state";
import { Fake } from "../support/fake-client";
import { telegramBody } from "../support/runtime";
import { TEST_CONTACTS } from "../support/test-config";

const MIN = 60_000;
const fake = new Fake();
// Far enough ahead that the alarm armed for it never fires on its own during the test.
const LAST_TICK = Date.now() + 86_400_000;

async function gapReports() {
  const since = new Date(LAST_TICK).toISOString();
  const calls = await fake.callsAbsolute("/tg/bot");
  return calls
    .filter((c) => c.path.endsWith("/sendMessage"))
    .map((c) => telegramBody.parse(JSON.parse(c.body)))
    .filter((b) => b.text.includes(`since ${since}`));
}

async function alarmAt(at: number): Promise<void> {
  const state = env.WATCHDOG_STATE.getByName("global");
  await runInDurableObject(state, (instance: WatchdogState) => {
    instance.clock = () => at;
  });
  await runDurableObjectAlarm(state);
}

// Its own file: the tick history of the singleton state object starts empty.
it("when the cron stops altogether, the state object's alarm reports it to L1 once, and the returning tick does not repeat it", async () => {
  await stateStub(env).recordTick({ at: LAST_TICK, durationMs: 30, services: 1, failures: 0 }, 3 * MIN);
  // Two minutes on: within the 3-minute limit, nothing to say.
  await alarmAt(LAST_TICK + 2 * MIN);
  expect(await gapReports()).toEqual([]);

  // Five minutes on and still no tick: the alarm reports the gap.
  await alarmAt(LAST_TICK + 5 * MIN);
  const reports = await gapReports();
  expect(reports).toHaveLength(1);
  expect(reports[0]?.chat_id).toBe(TEST_CONTACTS.l1Chat);
  expect(reports[0]?.text).toMatch(/did not run for 5 min/);

  // The alarm again, then the cron comes back: the gap was already reported.
  await alarmAt(LAST_TICK + 6 * MIN);
  await stateStub(env).recordTick(
    { at: LAST_TICK + 7 * MIN, durationMs: 30, services: 1, failures: 0 },
    3 * MIN,
  );
  expect(await gapReports()).toHaveLength(1);
});
