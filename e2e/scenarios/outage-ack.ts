import assert from "node:assert/strict";
import {
  actionLink,
  holdsFor,
  linkClaimsOf,
  postAction,
  telegramFor,
  waitFor,
  waitForTelegram,
} from "../harness.ts";
import { assertTimelineOrder, mailFor, nameOf, recover, type Scenario } from "./common.ts";

const spec = { id: "outage-ack" };
const name = nameOf(spec);

/** Hard outage → one confirmed L1 page → acknowledge by link → recovery notices; L2 never paged. */
export const outageAck: Scenario = {
  name: "hard outage, acknowledged, recovers",
  proves: "one L1 page after confirmation; POST acknowledges; L2 not paged; resolve notice to L1",
  services: [spec],
  timeoutMs: 60_000,
  async run({ stack, log }) {
    const { watched, telegram } = stack.fakes;
    watched.setMode(spec.id, "down");
    const page = await waitForTelegram(stack.fakes, name, "New incident", { timeoutMs: 20_000 });
    assert.match(page.headline, /\[P1\]/, "a hard outage is P1");
    assert.equal(page.chatId, "100001", "the page goes to the L1 chat");
    const failed = watched.hits(spec.id).failedAt.filter((t) => t <= page.at);
    assert.ok(failed.length >= 3, `paged after ${failed.length} failed probes; threshold is 3`);
    const first = failed[0] ?? page.at;
    assert.ok(
      page.at - first >= 1_800,
      `paged ${page.at - first} ms after the first failure: no confirmation`,
    );
    log(`paged ${page.at - first} ms after the first failed probe (${failed.length} failures seen)`);

    const ackUrl = actionLink(page, "acknowledge");
    assert.ok(ackUrl, `the page has an Acknowledge link: ${JSON.stringify(page.buttons)}`);
    const incidentId = linkClaimsOf(ackUrl)?.i ?? "";
    const ack = await postAction(ackUrl, { name: "alice", action: "acknowledge" });
    assert.equal(ack.status, 200, ack.text.slice(0, 300));
    assert.match(ack.text, /Acknowledged by alice/);
    const acked = await stack.worker.incident(incidentId);
    assert.equal(acked.status, "acknowledged");
    assert.match(acked.acknowledgedBy ?? "", /alice/);
    const again = await postAction(ackUrl, { name: "bob", action: "acknowledge" });
    assert.equal(again.status, 200);
    assert.match(again.text, /Already acknowledged by alice/, "a second acknowledge is idempotent");

    // Past L2's due time (4 s): an acknowledged incident never reaches L2.
    await holdsFor("L2 paged although acknowledged", Math.max(0, acked.openedAt + 5_000 - Date.now()), () =>
      mailFor(stack, name).find((m) => m.to.includes("tech-lead@example.com")),
    );
    const resolved = await recover(stack, spec.id, incidentId);
    assert.equal(resolved.resolvedBy, "auto");
    assert.deepEqual(resolved.paged, ["L1"], "only L1 was paged");
    const notice = await waitForTelegram(stack.fakes, name, "Incident resolved", { timeoutMs: 10_000 });
    assert.equal(notice.chatId, "100001");
    await waitFor("the original page edited to its final state", () =>
      telegram.calls().find((c) => c.method === "editMessageText" && c.messageId === page.messageId),
    );
    const pages = telegramFor(stack.fakes, name).filter((c) => c.headline.includes("New incident"));
    assert.equal(pages.length, 1, "exactly one page");
    assert.equal(mailFor(stack, name).length, 0, "no email: L2–L4 were never involved");
    assertTimelineOrder(resolved, ["opened", "notified", "acknowledged", "resolved"]);
    assert.ok(!resolved.timeline.some((e) => e.kind === "escalated"), "no escalation on the timeline");
    const ackEntry = resolved.timeline.find((e) => e.kind === "acknowledged");
    assert.match(ackEntry?.by ?? "", /alice/);
    assert.equal(ackEntry?.meta?.userAgent, "e2e-operator", "the action records the user agent");
  },
};
