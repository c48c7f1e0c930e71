import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { linksFor } from "../../src/escalation/links";
import { renderMessage } from "../../src/escalation/message";
import { createTelegramNotifier, type OutgoingMessage } from "../../src/escalation/notify";
import { Fake } from "../support/fake-client";
import { incident, NOW } from "./fixtures";

const TOKEN = env.TELEGRAM_BOT_TOKEN;
const PUBLIC_URL = "https://watchdog.example.com";
type Button = { text: string; url?: string; callback_data?: string };

/** A page carrying the real signed links, as the sender builds it. */
async function signedPage(view = incident()): Promise<OutgoingMessage> {
  const links = await linksFor(view, "L1", { key: "k", publicUrl: PUBLIC_URL, ttlMs: 86_400_000, now: NOW });
  const r = renderMessage({ kind: "page", view, level: "L1", links, now: NOW });
  return {
    kind: "page",
    level: "L1",
    incidentId: view.id,
    epoch: view.epoch,
    key: `${view.id}:${view.epoch}:page:L1:0`,
    subject: r.subject,
    telegramHtml: r.telegramHtml,
    text: r.text,
    html: r.html,
    links: r.model.links,
  };
}

async function buttonsSent(chatId: string, msg: OutgoingMessage, how: "send" | "edit"): Promise<Button[]> {
  const fake = new Fake();
  const method = how === "send" ? "sendMessage" : "editMessageText";
  await fake.script(`/bot${TOKEN}/${method}`, { body: { ok: true, result: { message_id: 7 } } });
  const n = createTelegramNotifier({ token: TOKEN, apiBase: fake.url(""), callbackButtons: true });
  const r =
    how === "send"
      ? await n.send(msg, { channel: "telegram", chatId })
      : await n.edit({ chatId, messageId: "7" }, msg);
  expect(r.ok).toBe(true);
  const body = JSON.parse((await fake.calls())[0]?.body ?? "{}");
  expect(body.text).not.toContain("/a/");
  return body.reply_markup.inline_keyboard[0];
}

const SIGNED = /\/a\/|[?&]link=/;

describe("Telegram buttons in a public channel", () => {
  it("issue 13 item 1: with callback buttons an @username chat gets no signed link at all", async () => {
    const msg = await signedPage();
    expect(msg.links.filter((l) => SIGNED.test(l.url))).toHaveLength(3);
    for (const how of ["send", "edit"] as const) {
      const [ack, res, open, ...rest] = await buttonsSent("@on_call_telegram", msg, how);
      expect(ack?.callback_data).toBe("ack:ai-calendar:1:1");
      expect(res?.callback_data).toBe("res:ai-calendar:1:1");
      // Open still leads to the incident, but asks for the admin token instead of carrying one.
      expect(open?.url).toBe(`${PUBLIC_URL}/status/incidents/ai-calendar%3A1`);
      expect(rest).toEqual([]);
    }
  });

  it("issue 13 item 1: a payload too long for a callback drops the button instead of linking", async () => {
    const msg = await signedPage(incident({ id: `ai-calendar:${"9".repeat(60)}` }));
    const buttons = await buttonsSent("@on_call_telegram", msg, "send");
    expect(buttons.map((b) => b.text)).toEqual([msg.links[2]?.label]);
    expect(buttons.some((b) => SIGNED.test(b.url ?? ""))).toBe(false);
  });

  it("issue 13 item 1: a private (numeric) chat keeps the signed Open link", async () => {
    const msg = await signedPage();
    const [, , open] = await buttonsSent("-1001234567890", msg, "send");
    expect(open?.url).toBe(msg.links[2]?.url);
    expect(open?.url).toMatch(/\?link=/);
  });
});
