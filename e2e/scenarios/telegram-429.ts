import assert from "node:assert/strict";
import {
  actionLink,
  holdsFor,
  linkClaimsOf,
  postAction,
  telegramFor,
  tooManyRequests,
  waitForTelegram,
} from "../harness.ts";
import { nameOf, recover, type Scenario } from "./common.ts";

const spec = { id: "tg-429" };
const name = nameOf(spec);

/** Telegram rate-limits the first attempt: the page waits retry_after and arrives exactly once. */
export const telegram429: Scenario = {
  name: "Telegram 429 then 200 delivers once",
  proves: "retry_after honoured; one delivered page, no duplicate",
  services: [spec],
  timeoutMs: 45_000,
  async run({ stack, log }) {
    const { telegram } = stack.fakes;
    const isPage = (c: { method: string; headline: string }) =>
      c.method === "sendMessage" && c.headline.includes(`${name}:`) && c.headline.includes("New incident");
    telegram.script(isPage, [tooManyRequests(1)]);
    stack.fakes.watched.setMode(spec.id, "down");
    const page = await waitForTelegram(stack.fakes, name, "New incident", { timeoutMs: 25_000 });
    const attempts = telegram.calls().filter(isPage);
    assert.equal(attempts[0]?.status, 429, "the first attempt was rate-limited");
    const waited = page.at - (attempts[0]?.at ?? 0);
    log(`delivered ${waited} ms after the 429 (retry_after 1 s)`);
    assert.ok(waited >= 950, `retry_after honoured: retried after ${waited} ms`);
    const ackUrl = actionLink(page, "acknowledge");
    assert.ok(ackUrl);
    const incidentId = linkClaimsOf(ackUrl)?.i ?? "";
    assert.equal((await postAction(ackUrl, { name: "carol" })).status, 200);
    // Later alarms and ticks must not resend the page that already went out.
    await holdsFor("the page was delivered twice", 4_000, () => {
      const pages = telegramFor(stack.fakes, name).filter((c) => c.headline.includes("New incident"));
      return pages.length > 1 ? pages.map((p) => p.at) : undefined;
    });
    assert.equal(telegram.calls().filter(isPage).length, 2, "one 429 and one delivered attempt");
    const incident = await stack.worker.incident(incidentId);
    const pageEntries = incident.timeline.filter(
      (e) => e.kind === "notified" && e.meta?.channel === "telegram" && e.meta.level === "L1",
    );
    log(`timeline: ${pageEntries.map((e) => e.text).join(" | ")}`);
    assert.ok(!incident.timeline.some((e) => e.kind === "notify_failed"), "no failed delivery recorded");
    await recover(stack, spec.id, incidentId);
  },
};
