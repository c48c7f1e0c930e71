import assert from "node:assert/strict";
import { actionLink, CONTACTS, postAction, waitFor, waitForTelegram } from "../harness.ts";
import { mailFor, nameOf, recover, type Scenario } from "./common.ts";

const spec = { id: "preview-bot" };
const name = nameOf(spec);
const BOTS = [
  "TelegramBot (like TwitterBot)",
  "Mozilla/5.0 (compatible; Slackbot-LinkExpanding 1.0)",
  "Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook; SafeLinks)",
];

/** Link scanners GET (and HEAD) action links: that shows a page and changes nothing. */
export const previewBot: Scenario = {
  name: "preview bot fetching the link acknowledges nothing",
  proves: "GET/HEAD of acknowledge and resolve links change nothing; escalation continues",
  services: [spec],
  timeoutMs: 45_000,
  async run({ stack }) {
    stack.fakes.watched.setMode(spec.id, "down");
    const page = await waitForTelegram(stack.fakes, name, "New incident", { timeoutMs: 20_000 });
    const links = [actionLink(page, "acknowledge"), actionLink(page, "resolve")];
    for (const url of links) {
      assert.ok(url, "the page carries acknowledge and resolve links");
      for (const ua of BOTS) {
        for (const method of ["GET", "HEAD"]) {
          const res: Response = await fetch(url, {
            method,
            headers: { "user-agent": ua },
            signal: AbortSignal.timeout(5_000),
          });
          const text = await res.text();
          assert.equal(res.status, 200, `${method} by ${ua}: ${res.status}`);
          assert.match(res.headers.get("cache-control") ?? "", /no-store/);
          if (method === "GET") {
            assert.ok(text.includes(name), "the confirmation page shows the incident");
            assert.match(text, /<form method="post"/);
            assert.ok(!/<script/i.test(text), "no script that could auto-submit");
          }
        }
      }
    }
    const incidentId = (await stack.worker.incidents(spec.id, "active"))[0]?.id ?? "";
    const after = await stack.worker.incident(incidentId);
    assert.equal(after.status, "open", "still open after the bots");
    assert.equal(after.acknowledgedAt, undefined);
    assert.ok(!after.timeline.some((e) => e.kind === "acknowledged" || e.kind === "resolved"));
    // The escalation agrees nobody acknowledged: L2 is paged at +4 s.
    await waitFor("L2 paged because nothing was acknowledged", () =>
      mailFor(stack, name).find((m) => m.to.includes(CONTACTS.L2)),
    );
    const ack = await postAction(links[0] ?? "", { name: "dave" });
    assert.equal(ack.status, 200);
    assert.equal((await stack.worker.incident(incidentId)).status, "acknowledged", "a real POST still works");
    await recover(stack, spec.id, incidentId);
  },
};
