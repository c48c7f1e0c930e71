import { env, runDurableObjectAlarm } from "cloudflare:test";
import { expect, it } from "vitest";
import { stateStub } from "../../src/durable/stubs";
import { Fake } from "../support/fake-client";
import { telegramBody } from "../support/runtime";
import { TEST_CONTACTS } from "../support/test-config";

const MIN = 60_000;
const fake = new Fake();

async function gapReportsSince(since: number) {
  const calls = await fake.callsAbsolute("/tg/bot");
  return calls
    .filter((c) => c.path.endsWith("/sendMessage") && c.at >= since)
    .map((c) => telegramBody.parse(JSON.parse(c.body)))
    .filter((b) => /did not run for \d+ min/.test(b.text));
}

async function waitForReports(since: number) {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const reports = await gapReportsSince(since);
    if (reports.length > 0 || Date.now() > deadline) return reports;
    await new Promise((r) => setTimeout(r, 100));
  }
}

// Its own file: the tick history of the singleton state object starts empty.
it("when the cron stops altogether, the state object's alarm reports it to L1 once, and the next tick does not repeat it", async () => {
  const started = Date.now();
  const state = env.WATCHDOG_STATE.getByName("global");
  // The last tick came 5 minutes ago and nothing since: the 3-minute limit has passed.
  // Its alarm is due at once (last tick + 3 min + slack is already past), so it fires by itself.
  await stateStub(env).recordTick(
    { at: started - 5 * MIN, durationMs: 30, services: 1, failures: 0 },
    3 * MIN,
  );
  await runDurableObjectAlarm(state);
  const reports = await waitForReports(started);
  expect(reports).toHaveLength(1);
  expect(reports[0]?.chat_id).toBe(TEST_CONTACTS.l1Chat);
  expect(reports[0]?.text).toMatch(/did not run for 5 min/);

  // The cron comes back: the gap was already reported, so nothing more is sent.
  await stateStub(env).recordTick({ at: Date.now(), durationMs: 30, services: 1, failures: 0 }, 3 * MIN);
  expect(await gapReportsSince(started)).toHaveLength(1);
  // And the alarm armed for the next expected tick finds nothing to report.
  await runDurableObjectAlarm(state);
  expect(await gapReportsSince(started)).toHaveLength(1);
});
