import { env } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { verifyLink } from "../../src/escalation/links";
import { alarmAt, healedAfterEach, setClock, type TelegramBody, tick, Watched } from "../support/runtime";
import { TEST_CONTACTS, TEST_PUBLIC_URL } from "../support/test-config";

/**
 * End to end inside the Workers runtime: the real Worker (cron tick, Durable Object alarms,
 * HTTP door) against the loopback fake standing in for the service, Telegram and the mail API.
 */
const MIN = 60_000;

/** The URL behind a keyboard button of a Telegram message. */
function button(message: TelegramBody | undefined, label: RegExp): string {
  const row = message?.reply_markup?.inline_keyboard.flat() ?? [];
  const url = row.find((b) => label.test(b.text))?.url;
  if (!url) throw new Error(`no ${label} button in ${JSON.stringify(message?.reply_markup)}`);
  return url;
}

async function post(url: string, form: Record<string, string>): Promise<Response> {
  return exports.default.fetch(url, { method: "POST", body: new URLSearchParams(form) });
}

describe("end to end: outage → page → escalation → acknowledge → recovery", () => {
  const healed = healedAfterEach();
  const watch = (id: ConstructorParameters<typeof Watched>[0]) => healed(new Watched(id));

  it("pages L1 exactly once in Telegram after confirmation, with signed links; L2 by email at 15 minutes", async () => {
    const w = watch("e2e-page");
    let at = await w.failUntilThreshold();
    expect(await w.telegram("sendMessage")).toEqual([]);
    at += 6_000;
    await alarmAt(w.stub, at);
    const incident = await w.incident();

    const pages = await w.telegram("sendMessage");
    expect(pages).toHaveLength(1);
    const page = pages[0];
    expect(page).toMatchObject({
      chat_id: TEST_CONTACTS.l1Chat,
      parse_mode: "HTML",
      link_preview_options: { is_disabled: true },
    });
    expect(page?.text).toContain("P1");
    expect(page?.text).toContain(incident.id);
    const ack = button(page, /acknowledge/i);
    expect(ack.startsWith(`${TEST_PUBLIC_URL}/a/`)).toBe(true);
    const claims = await verifyLink(
      env.LINK_SIGNING_KEY,
      ack.split("/a/")[1] ?? "",
      Date.now(),
      "acknowledge",
    );
    expect(claims).toMatchObject({ i: incident.id, e: 1, l: "L1" });
    expect(button(page, /resolve/i)).toContain("/a/");
    expect(button(page, /open/i)).toContain(`/status/incidents/${encodeURIComponent(incident.id)}`);
    expect(await w.emails()).toEqual([]);

    await alarmAt(w.stub, incident.openedAt + 15 * MIN);
    const mails = await w.emails();
    expect(mails.map((m) => m.to)).toEqual([[TEST_CONTACTS.l2]]);
    const mail = mails[0];
    expect(mail).toMatchObject({ from: TEST_CONTACTS.from, key: `${incident.id}/1/escalation/L2/P1.1` });
    expect(mail?.subject).toContain("P1");
    expect(mail?.text).toContain(incident.id);
    expect(mail?.html).toContain("/a/");
  });

  it("acknowledging through the link's POST stops the L2 step; the GET of the same link changes nothing", async () => {
    const w = watch("e2e-ack");
    const { incident, openedAt } = await w.openIncident();
    const ack = button((await w.telegram("sendMessage"))[0], /acknowledge/i);
    await setClock(w.stub, openedAt + 3 * MIN);

    const preview = await exports.default.fetch(ack);
    expect(preview.status).toBe(200);
    expect(await preview.text()).toContain('method="post"');
    expect(await w.incident()).toEqual(incident);

    const done = await post(ack, { name: "alice", action: "acknowledge" });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain("Acknowledged by alice (L1)");
    expect(await w.incident()).toMatchObject({ status: "acknowledged", acknowledgedBy: "alice (L1)" });
    const again = await post(ack, { name: "bob" });
    expect(await again.text()).toContain("Already acknowledged by alice (L1)");

    const l1Before = (await w.telegram("sendMessage")).length;
    await alarmAt(w.stub, openedAt + 16 * MIN);
    expect(await w.emailsTo(TEST_CONTACTS.l2)).toEqual([]);
    // No reminders either once someone is on it.
    expect(await w.telegram("sendMessage")).toHaveLength(l1Before);
  });

  it("recovery resolves it: everyone paged is told, and the original Telegram page is edited", async () => {
    const w = watch("e2e-resolve");
    const { incident, openedAt } = await w.openIncident();
    await alarmAt(w.stub, openedAt + 15 * MIN);
    expect((await w.incident()).paged).toEqual(["L1", "L2"]);
    const l1Before = (await w.telegram("sendMessage")).length;

    await w.heal();
    await tick();
    await alarmAt(w.stub, openedAt + 15 * MIN + 6_000);
    const resolved = await w.api.incident(incident.id);
    expect(resolved).toMatchObject({ status: "resolved", resolvedBy: "auto" });
    expect((await w.api.snapshot()).incident).toBeUndefined();

    const notices = (await w.telegram("sendMessage")).slice(l1Before);
    expect(notices).toHaveLength(1);
    expect(notices[0]?.chat_id).toBe(TEST_CONTACTS.l1Chat);
    expect(notices[0]?.text).toMatch(/resolved/i);
    const edits = await w.telegram("editMessageText");
    expect(edits.map((e) => [e.chat_id, e.message_id])).toEqual([[TEST_CONTACTS.l1Chat, 7001]]);
    expect(edits[0]?.text).toMatch(/resolved/i);
    expect((await w.emailsTo(TEST_CONTACTS.l2)).map((m) => m.key)).toEqual([
      `${incident.id}/1/escalation/L2/P1.1`,
      `${incident.id}/1/resolved/L2/0`,
    ]);
    expect(await w.emailsTo(TEST_CONTACTS.l3)).toEqual([]);
  });
});
