import assert from "node:assert/strict";
import { CONTACTS, telegramFor, waitFor, waitForTelegram } from "../harness.ts";
import { assertTimelineOrder, mailFor, nameOf, recover, type Scenario, waitForIncident } from "./common.ts";

const spec = { id: "no-ack" };
const name = nameOf(spec);
/** Due times of the e2e P1 policy (lib/config.ts), from the moment the incident opened. */
const DUE = { L2: 4_000, L3: 10_000, L4: 14_000 } as const;
/** How late a step may arrive: alarm scheduling plus one mail round trip on a busy 2-core box. */
const LATE_MS = 2_500;

/** Nobody acknowledges: the matrix walks L2 → L3 → L4 at their times, L1 is reminded, postmortem flagged. */
export const noAck: Scenario = {
  name: "outage nobody acknowledges escalates",
  proves:
    "L2, L3, L4 paged in order at their due times; reminders to L1; postmortem required; resolve notice to all",
  services: [spec],
  timeoutMs: 60_000,
  async run({ stack, log }) {
    stack.fakes.watched.setMode(spec.id, "down");
    const page = await waitForTelegram(stack.fakes, name, "New incident", { timeoutMs: 20_000 });
    const opened = await waitForIncident(stack, spec.id);
    const l4 = await waitFor(
      "the L4 email",
      () => mailFor(stack, name).find((m) => m.to.includes(CONTACTS.L4)),
      { timeoutMs: DUE.L4 + 10_000 },
    );
    const firstTo = (to: string) => mailFor(stack, name).find((m) => m.to.includes(to));
    const steps = [
      { level: "L2", mail: firstTo(CONTACTS.L2), due: DUE.L2 },
      { level: "L3", mail: firstTo(CONTACTS.L3), due: DUE.L3 },
      { level: "L4", mail: l4, due: DUE.L4 },
    ];
    let previous = page.at;
    for (const s of steps) {
      assert.ok(s.mail, `${s.level} was paged`);
      const at = s.mail.at - opened.openedAt;
      log(`${s.level} paged at +${(at / 1000).toFixed(1)} s (due +${s.due / 1000} s)`);
      assert.ok(at >= s.due - 250, `${s.level} paged early: +${at} ms, due +${s.due} ms`);
      assert.ok(at <= s.due + LATE_MS, `${s.level} paged late: +${at} ms, due +${s.due} ms`);
      assert.ok(s.mail.at >= previous, `${s.level} out of order`);
      assert.match(s.mail.subject, /\[P1\]/);
      previous = s.mail.at;
    }
    const reminders = telegramFor(stack.fakes, name).filter((c) => c.headline.includes("Reminder"));
    log(`${reminders.length} reminders to L1 by +${((l4.at - opened.openedAt) / 1000).toFixed(1)} s`);
    assert.ok(reminders.length >= 3, `L1 reminded every 3 s: got ${reminders.length}`);
    for (const [i, r] of reminders.entries()) {
      assert.equal(r.chatId, CONTACTS.L1chat, "reminders go to L1");
      const gap = r.at - (reminders[i - 1]?.at ?? page.at);
      assert.ok(gap >= 2_700, `reminder ${i + 1} came ${gap} ms after the previous message`);
    }
    const flagged = await waitFor(
      "the postmortem flag",
      async () => {
        const incident = await stack.worker.incident(opened.id);
        return incident.postmortem === "required" ? incident : undefined;
      },
      { timeoutMs: 5_000 },
    );
    assert.ok(
      flagged.timeline.some((e) => e.kind === "postmortem"),
      "postmortem on the timeline",
    );
    assert.ok(
      flagged.slaBreaches.some((b) => b.kind === "respond"),
      "the 6 s respond SLA breach is recorded",
    );
    assert.deepEqual([...flagged.paged].sort(), ["L1", "L2", "L3", "L4"]);
    assertTimelineOrder(flagged, ["opened", "notified", "escalated", "escalated", "escalated"]);

    const resolved = await recover(stack, spec.id, opened.id);
    await waitForTelegram(stack.fakes, name, "Incident resolved", { timeoutMs: 10_000 });
    for (const to of [CONTACTS.L2, CONTACTS.L3, CONTACTS.L4]) {
      await waitFor(`a resolve notice to ${to}`, () =>
        mailFor(stack, name).find((m) => m.to.includes(to) && /resolved/i.test(m.subject)),
      );
    }
    const threads = new Set(
      mailFor(stack, name).map((m) => m.headers["In-Reply-To"] ?? m.headers["in-reply-to"]),
    );
    assert.equal(threads.size, 1, `one email thread per incident, got ${[...threads].join(", ")}`);
    const pages = telegramFor(stack.fakes, name).filter((c) => c.headline.includes("New incident"));
    assert.equal(pages.length, 1, "L1 paged once (reminders aside)");
    assert.equal(resolved.resolvedBy, "auto");
  },
};
