import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createTelegramNotifier, type DeliveryResult } from "../../src/escalation/notify";
import { Fake, type FakeResponse } from "../support/fake-client";
import { outgoingFor, recordingSleep } from "./fixtures";

const TOKEN = env.TELEGRAM_BOT_TOKEN;
const CHAT = { channel: "telegram" as const, chatId: "100001" };
const SEND = `/bot${TOKEN}/sendMessage`;
const ok = (id = 42): FakeResponse => ({
  body: { ok: true, result: { message_id: id, chat: { id: 100001 } } },
});
const err = (status: number, description: string, parameters?: object): FakeResponse => ({
  status,
  body: { ok: false, error_code: status, description, ...(parameters ? { parameters } : {}) },
});

function notifier(apiBase: string, extra: Partial<Parameters<typeof createTelegramNotifier>[0]> = {}) {
  const sleep = recordingSleep();
  return { sleep, n: createTelegramNotifier({ token: TOKEN, apiBase, sleep: sleep.sleep, ...extra }) };
}

describe("Telegram: status → retry or not", () => {
  const table: {
    name: string;
    responses: FakeResponse[];
    calls: number;
    waits: number[];
    expect: Partial<DeliveryResult>;
  }[] = [
    { name: "200 delivered", responses: [ok(7)], calls: 1, waits: [], expect: { ok: true, messageId: "7" } },
    {
      name: "400 permanent",
      responses: [err(400, "Bad Request: can't parse entities")],
      calls: 1,
      waits: [],
      expect: { ok: false, retryable: false, reason: "bad_request" },
    },
    {
      name: "401 permanent",
      responses: [err(401, "Unauthorized")],
      calls: 1,
      waits: [],
      expect: { ok: false, retryable: false, reason: "auth" },
    },
    {
      name: "403 bot blocked",
      responses: [err(403, "Forbidden: bot was blocked by the user")],
      calls: 1,
      waits: [],
      expect: { ok: false, retryable: false, reason: "recipient_gone" },
    },
    {
      name: "404 wrong token",
      responses: [err(404, "Not Found")],
      calls: 1,
      waits: [],
      expect: { ok: false, retryable: false, reason: "auth" },
    },
    {
      name: "429 waits retry_after then delivers",
      responses: [err(429, "Too Many Requests: retry after 3", { retry_after: 3 }), ok(8)],
      calls: 2,
      waits: [3000],
      expect: { ok: true, messageId: "8" },
    },
    {
      name: "429 longer than the bound fails now, retryable",
      responses: [err(429, "Too Many Requests: retry after 60", { retry_after: 60 })],
      calls: 1,
      waits: [],
      expect: { ok: false, retryable: true, reason: "rate_limited" },
    },
    {
      name: "500 retried with backoff, then gives up",
      responses: [err(500, "Internal Server Error")],
      calls: 3,
      waits: [500, 1000],
      expect: { ok: false, retryable: true, reason: "server" },
    },
    {
      name: "502 then 200",
      responses: [{ status: 502, body: "<html>Bad Gateway</html>" }, ok(9)],
      calls: 2,
      waits: [500],
      expect: { ok: true, messageId: "9" },
    },
  ];

  it.each(table)("$name", async (row) => {
    const fake = new Fake();
    await fake.script(SEND, ...row.responses);
    const { n, sleep } = notifier(fake.url(""));
    const result = await n.send(outgoingFor(), CHAT);
    expect(result).toMatchObject({ channel: "telegram", recipient: "100001", ...row.expect });
    expect(await fake.calls()).toHaveLength(row.calls);
    expect(sleep.waits).toEqual(row.waits);
  });

  it("network error (closed port) is retryable and retried", async () => {
    const { n, sleep } = notifier("http://127.0.0.1:1");
    const result = await n.send(outgoingFor(), CHAT);
    expect(result).toMatchObject({ ok: false, retryable: true, reason: "network" });
    expect(sleep.waits).toEqual([500, 1000]);
  });
});

describe("Telegram: the request", () => {
  it("sends HTML with previews off and Acknowledge / Resolve / Open link buttons", async () => {
    const fake = new Fake();
    await fake.script(SEND, ok());
    const msg = outgoingFor();
    await notifier(fake.url("")).n.send(msg, CHAT);
    const [call] = await fake.calls();
    const body = JSON.parse(call?.body ?? "{}");
    expect(body).toMatchObject({
      chat_id: "100001",
      parse_mode: "HTML",
      link_preview_options: { is_disabled: true },
    });
    expect(body.text).toBe(msg.telegramHtml);
    const row = body.reply_markup.inline_keyboard[0];
    expect(row.map((b: { url: string }) => b.url)).toEqual(msg.links.map((l) => l.url));
  });

  it("in webhook mode Acknowledge / Resolve are callback buttons carrying incident and epoch", async () => {
    const fake = new Fake();
    await fake.script(SEND, ok());
    await notifier(fake.url(""), { callbackButtons: true }).n.send(outgoingFor(), CHAT);
    const body = JSON.parse((await fake.calls())[0]?.body ?? "{}");
    const [ack, res, open] = body.reply_markup.inline_keyboard[0];
    expect(ack.callback_data).toBe("ack:ai-calendar:1:1");
    expect(res.callback_data).toBe("res:ai-calendar:1:1");
    expect(open.url).toContain("/incidents/");
  });

  it("follows migrate_to_chat_id once and reports the new chat", async () => {
    const fake = new Fake();
    await fake.script(
      SEND,
      err(400, "Bad Request: group chat was upgraded to a supergroup chat", { migrate_to_chat_id: -1001234 }),
      ok(11),
    );
    const result = await notifier(fake.url("")).n.send(outgoingFor(), CHAT);
    expect(result).toMatchObject({
      ok: true,
      messageId: "11",
      migratedTo: "-1001234",
      recipient: "-1001234",
    });
    const calls = await fake.calls();
    expect(calls.map((c) => JSON.parse(c.body).chat_id)).toEqual(["100001", "-1001234"]);
  });

  it("edits the original message; 'message is not modified' counts as success", async () => {
    const fake = new Fake();
    const path = `/bot${TOKEN}/editMessageText`;
    await fake.script(
      path,
      err(
        400,
        "Bad Request: message is not modified: specified new message content and reply markup are exactly the same",
      ),
    );
    const msg = outgoingFor("acknowledged");
    const result = await notifier(fake.url("")).n.edit({ chatId: "100001", messageId: "42" }, msg);
    expect(result).toMatchObject({ ok: true, edited: true, messageId: "42" });
    const body = JSON.parse((await fake.calls(path))[0]?.body ?? "{}");
    expect(body).toMatchObject({ chat_id: "100001", message_id: 42, parse_mode: "HTML" });
    expect(body.text).toBe(msg.telegramHtml);
  });

  it("an edit that really fails is reported", async () => {
    const fake = new Fake();
    await fake.script(`/bot${TOKEN}/editMessageText`, err(400, "Bad Request: message to edit not found"));
    const result = await notifier(fake.url("")).n.edit(
      { chatId: "100001", messageId: "42" },
      outgoingFor("resolved"),
    );
    expect(result).toMatchObject({ ok: false, reason: "bad_request", edited: true });
  });

  it("refuses a malformed token at construction without echoing it", () => {
    expect(() =>
      createTelegramNotifier({ token: "not a token secretXYZ", apiBase: "https://api.telegram.org" }),
    ).toThrow(/TELEGRAM_BOT_TOKEN is missing or malformed/);
    try {
      createTelegramNotifier({ token: "not a token secretXYZ", apiBase: "https://api.telegram.org" });
    } catch (e) {
      expect(String(e)).not.toContain("secretXYZ");
    }
  });
});
