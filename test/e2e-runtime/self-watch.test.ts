import { env } from "cloudflare:test";
import { expect, it } from "vitest";
import { stateStub } from "../../src/durable/stubs";
import { Fake } from "../support/fake-client";
import { telegramBody, tick } from "../support/runtime";
import { TEST_CONTACTS } from "../support/test-config";

const MIN = 60_000;
const fake = new Fake();

/** The start of the gap a message reports, if it reports one. */
function gapStart(text: string): number | undefined {
  const m = /did not run for \d+ min \(since (\S+Z)\)/.exec(text);
  return m?.[1] ? Date.parse(m[1]) : undefined;
}

/** L1 Telegram messages that report a gap which began at `since` (give or take the tick's own time). */
async function gapReports(since: number) {
  const calls = await fake.callsAbsolute("/tg/bot");
  return calls
    .filter((c) => c.path.endsWith("/sendMessage"))
    .map((c) => telegramBody.parse(JSON.parse(c.body)))
    .filter((b) => Math.abs((gapStart(b.text) ?? 0) - since) < 5_000);
}

// Its own file: the tick history of the singleton state object starts empty.
it("a tick after a gap of more than 3 minutes reports the watchdog's own outage to L1, once", async () => {
  const lastTick = Date.now() - 10 * MIN;
  // The last tick before the cron stopped (a huge gap limit keeps its own alarm out of the way).
  await stateStub(env).recordTick({ at: lastTick, durationMs: 40, services: 1, failures: 0 }, 86_400_000);
  expect(await gapReports(lastTick)).toEqual([]);

  await tick();
  const reports = await gapReports(lastTick);
  expect(reports).toHaveLength(1);
  expect(reports[0]?.chat_id).toBe(TEST_CONTACTS.l1Chat);
  expect(reports[0]?.text).toMatch(/did not run for 10 min/);

  // The next tick on time reports nothing more.
  await tick();
  expect(await gapReports(lastTick)).toHaveLength(1);
  expect((await stateStub(env).lastTick())?.failures).toBe(0);
});
