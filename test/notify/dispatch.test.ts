import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import {
  createHttpEmailNotifier,
  createRegistry,
  createTelegramNotifier,
  deliver,
  type OutboxEntry,
} from "../../src/escalation/notify";
import type { Action, NotifyKind } from "../../src/escalation/types";
import { Fake } from "../support/fake-client";
import { config, incident, LINKS, NOW, OPENED, recordingSleep } from "./fixtures";

const TOKEN = env.TELEGRAM_BOT_TOKEN;
const SEND = `/bot${TOKEN}/sendMessage`;
const tgOk = (id: number) => ({ body: { ok: true, result: { message_id: id } } });
/** Telegram's flood control: 429 with the wait in `parameters.retry_after`. */
const tooMany = (seconds: number) => ({
  status: 429,
  body: {
    ok: false,
    error_code: 429,
    description: `Too Many Requests: retry after ${seconds}`,
    parameters: { retry_after: seconds },
  },
});
const action = (
  kind: NotifyKind,
  level: Action["level"],
  key = `ai-calendar:1:1:${kind}:${level}`,
): Action => ({
  type: "notify",
  key,
  kind,
  level,
  incidentId: "ai-calendar:1",
  epoch: 1,
});

async function setup(levels: Record<string, unknown>, notify: Record<string, unknown> = {}) {
  const fake = new Fake();
  const sleep = recordingSleep().sleep;
  const cfg = config(levels, notify);
  const notifiers = {
    telegram: createTelegramNotifier({ token: TOKEN, apiBase: fake.url(""), sleep, log: () => {} }),
    email: createHttpEmailNotifier({
      apiBase: fake.url(""),
      apiKey: env.EMAIL_API_KEY,
      from: "w@example.com",
      sleep,
      log: () => {},
    }),
  };
  const deps = { config: cfg, notifiers, links: () => LINKS, now: () => NOW, log: () => {} };
  return { fake, deps };
}

describe("deliver", () => {
  it("sends the page to the level's contacts on its primary channel only", async () => {
    const { fake, deps } = await setup({
      L1: [
        { channel: "telegram", chatId: "100001" },
        { channel: "email", to: "oncall@example.com" },
      ],
    });
    await fake.script(SEND, tgOk(5));
    const results = await deliver(action("page", "L1"), incident(), deps);
    expect(results).toEqual([{ ok: true, channel: "telegram", messageId: "5", recipient: "100001" }]);
    expect(await fake.calls("/emails")).toHaveLength(0);
    const body = JSON.parse((await fake.calls(SEND))[0]?.body ?? "{}");
    expect(body.text).toContain("Новый инцидент");
    expect(body.reply_markup.inline_keyboard[0]).toHaveLength(3);
  });

  it("Telegram permanent failure → email to the same level, and a delivery_failed notice to L1", async () => {
    const { fake, deps } = await setup({
      L1: [{ channel: "telegram", chatId: "100001" }],
      L2: [
        { channel: "telegram", chatId: "200002" },
        { channel: "email", to: "tech-lead@example.com" },
      ],
    });
    await fake.script(
      SEND,
      { status: 403, body: { ok: false, description: "Forbidden: bot was blocked by the user" } },
      tgOk(6),
    );
    await fake.script("/emails", { body: { id: "em_1" } });
    const results = await deliver(action("escalation", "L2"), incident(), deps);
    expect(results).toMatchObject([
      { ok: false, channel: "telegram", recipient: "200002", retryable: false, reason: "recipient_gone" },
      { ok: true, channel: "email", recipient: "tech-lead@example.com", fallback: true },
      { ok: true, channel: "telegram", recipient: "100001" },
    ]);
    const [, notice] = await fake.calls(SEND);
    const body = JSON.parse(notice?.body ?? "{}");
    expect(body.chat_id).toBe("100001");
    expect(body.text).toContain("Уведомление не доставлено");
    expect(body.text).toContain("L2");
    expect(body.text).toContain("recipient_gone");
    const mail = JSON.parse((await fake.calls("/emails"))[0]?.body ?? "{}");
    expect(mail.to).toEqual(["tech-lead@example.com"]);
    expect(mail.subject).toContain("Эскалация");
  });

  it("an L1 failure is reported to L1's other contact, never to the one that failed", async () => {
    const { fake, deps } = await setup({
      L1: [
        { channel: "telegram", chatId: "100001" },
        { channel: "email", to: "oncall@example.com" },
      ],
    });
    await fake.script(SEND, { status: 400, body: { ok: false, description: "Bad Request: chat not found" } });
    await fake.script("/emails", { body: { id: "em_2" } });
    const results = await deliver(action("page", "L1"), incident(), deps);
    expect(results.map((r) => [r.channel, r.recipient, r.ok])).toEqual([
      ["telegram", "100001", false],
      ["email", "oncall@example.com", true],
      ["email", "oncall@example.com", true],
    ]);
    expect(await fake.calls(SEND)).toHaveLength(1);
    const keys = (await fake.calls("/emails")).map((c) => c.headers["idempotency-key"]);
    expect(keys).toEqual(["ai-calendar:1:1:page:L1", "ai-calendar:1:1:page:L1:delivery_failed:0"]);
  });

  it("a retryable failure neither falls back nor reports: the caller retries the step", async () => {
    const { fake, deps } = await setup({
      L1: [{ channel: "telegram", chatId: "100001" }],
      L2: [
        { channel: "telegram", chatId: "200002" },
        { channel: "email", to: "tech-lead@example.com" },
      ],
    });
    await fake.script(SEND, { status: 502, body: "bad gateway" });
    const results = await deliver(action("escalation", "L2"), incident(), deps);
    expect(results).toMatchObject([{ ok: false, retryable: true, reason: "server", recipient: "200002" }]);
    expect(await fake.calls("/emails")).toHaveLength(0);
  });

  // Telegram's retry_after can be 30 s or more; a P1 page must not wait that long with email at hand.
  it("issue 13 item 7: a P1 page held back longer than 10 s goes to the level's other channel now", async () => {
    const { fake, deps } = await setup({
      L1: [
        { channel: "telegram", chatId: "100001" },
        { channel: "email", to: "oncall@example.com" },
      ],
    });
    await fake.script(SEND, tooMany(42));
    await fake.script("/emails", { body: { id: "em_3" } });
    const targets = new Map<string, "delivered" | "failed" | "retry">();
    const results = await deliver(action("page", "L1"), incident(), { ...deps, targets });
    expect(results).toMatchObject([
      { ok: false, channel: "telegram", retryable: true, reason: "rate_limited", retryAfterMs: 42_000 },
      { ok: true, channel: "email", recipient: "oncall@example.com", fallback: true },
    ]);
    // The page still goes to Telegram when the wait is over: its target stays open for the retry.
    expect(Object.fromEntries(targets)).toEqual({
      "telegram:100001": "retry",
      "email:oncall@example.com": "delivered",
    });
  });

  it.each([
    ["a P2 page held back 42 s", "P2", 42],
    ["a P1 page held back 10 s", "P1", 10],
  ] as const)("issue 13 item 7: %s waits for its own channel", async (_name, severity, seconds) => {
    const { fake, deps } = await setup({
      L1: [
        { channel: "telegram", chatId: "100001" },
        { channel: "email", to: "oncall@example.com" },
      ],
    });
    await fake.script(SEND, tooMany(seconds));
    await fake.script("/emails", { body: { id: "em_4" } });
    const results = await deliver(action("page", "L1"), incident({ severity }), deps);
    expect(results).toMatchObject([{ ok: false, retryable: true, retryAfterMs: seconds * 1000 }]);
    expect(await fake.calls("/emails")).toHaveLength(0);
  });

  it("a retry of the step reaches only the targets left open: the fallback, not the chat that failed for good", async () => {
    const { fake, deps } = await setup({
      L1: [{ channel: "telegram", chatId: "100001" }],
      L2: [
        { channel: "telegram", chatId: "200002" },
        { channel: "email", to: "tech-lead@example.com" },
      ],
    });
    await fake.script("/emails", { status: 503, body: { message: "busy" } }, { body: { id: "em_5" } });
    await fake.script(SEND, tgOk(1));
    // The first attempt: the chat is gone for good (L1 was told), the fallback email was busy.
    const targets = new Map([
      ["telegram:200002", "failed" as const],
      ["email:tech-lead@example.com", "retry" as const],
    ]);
    const results = await deliver(action("escalation", "L2"), incident(), { ...deps, targets });
    expect(results).toMatchObject([{ ok: true, channel: "email", fallback: true }]);
    expect(await fake.calls(SEND)).toHaveLength(0);
    expect(Object.fromEntries(targets)).toEqual({
      "telegram:200002": "failed",
      "email:tech-lead@example.com": "delivered",
    });
  });

  it("a level on a channel that is not configured falls back and is reported", async () => {
    const { fake, deps } = await setup({
      L1: [{ channel: "telegram", chatId: "100001" }],
      L3: [{ channel: "email", to: "devops@example.com" }],
    });
    await fake.script(SEND, tgOk(9));
    const results = await deliver(action("escalation", "L3"), incident(), {
      ...deps,
      notifiers: { telegram: deps.notifiers.telegram },
    });
    expect(results).toMatchObject([
      { ok: false, channel: "email", reason: "bad_request", detail: "no email channel configured" },
      { ok: true, channel: "telegram", recipient: "100001" },
    ]);
  });

  it("gives each of several email contacts of a level its own Idempotency-Key", async () => {
    const { fake, deps } = await setup({
      L1: [{ channel: "telegram", chatId: "100001" }],
      L4: [
        { channel: "email", to: "cto@example.com" },
        { channel: "email", to: "ceo@example.com" },
      ],
    });
    await fake.script("/emails", { body: { id: "em" } });
    await deliver(action("escalation", "L4", "k-l4"), incident(), deps);
    const keys = (await fake.calls("/emails")).map((c) => c.headers["idempotency-key"]);
    expect(keys).toEqual(["k-l4:cto@example.com", "k-l4:ceo@example.com"]);
  });

  it("on acknowledge edits the original L1 page and also sends the notice", async () => {
    const { fake, deps } = await setup({ L1: [{ channel: "telegram", chatId: "100001" }] });
    const edit = `/bot${TOKEN}/editMessageText`;
    await fake.script(edit, {
      status: 400,
      body: { ok: false, description: "Bad Request: message is not modified" },
    });
    await fake.script(SEND, tgOk(12));
    const view = incident({
      status: "acknowledged",
      acknowledgedAt: OPENED + 60_000,
      acknowledgedBy: "alice",
    });
    const results = await deliver(action("acknowledged", "L1"), view, {
      ...deps,
      telegramOriginals: [{ chatId: "100001", messageId: "5" }],
    });
    expect(results).toMatchObject([
      { ok: true, edited: true, messageId: "5" },
      { ok: true, messageId: "12" },
    ]);
    const body = JSON.parse((await fake.calls(edit))[0]?.body ?? "{}");
    expect(body.message_id).toBe(5);
    expect(body.text).toContain("В работе (alice");
    // Acknowledged: the keyboard no longer offers Acknowledge.
    expect(body.reply_markup.inline_keyboard[0].map((b: { url: string }) => b.url)).toEqual([
      LINKS.resolve,
      LINKS.open,
    ]);
  });

  it("with notify.outbox every delivery goes to the outbox and nothing leaves the Worker", async () => {
    const fake = new Fake();
    const entries: OutboxEntry[] = [];
    const cfg = config(
      {
        L1: [{ channel: "telegram", chatId: "100001" }],
        L2: [{ channel: "email", to: "tech-lead@example.com" }],
      },
      { outbox: true, telegramApiBase: fake.url("") },
    );
    const notifiers = createRegistry({
      config: cfg,
      secrets: { telegramBotToken: TOKEN, emailApiKey: env.EMAIL_API_KEY },
      store: (e) => {
        entries.push(e);
      },
      now: () => NOW,
    });
    const deps = { config: cfg, notifiers, links: () => LINKS, now: () => NOW };
    const page = await deliver(action("page", "L1"), incident(), deps);
    const esc = await deliver(action("escalation", "L2"), incident(), deps);
    expect([...page, ...esc].every((r) => r.ok && r.channel === "outbox")).toBe(true);
    expect(entries.map((e) => [e.channel, e.recipient, e.kind, e.level])).toEqual([
      ["telegram", "100001", "page", "L1"],
      ["email", "tech-lead@example.com", "escalation", "L2"],
    ]);
    expect(entries[0]?.telegramHtml).toContain("AI Calendar Assistant");
    expect(entries[1]?.text).toContain("docker logs telegram-bot --tail 50");
    expect(await fake.calls()).toHaveLength(0);
  });
});

describe("createRegistry", () => {
  it("builds exactly the channels whose secrets and bindings exist", () => {
    const http = config({ L1: [{ channel: "telegram", chatId: "1" }] });
    expect(Object.keys(createRegistry({ config: http, secrets: {}, now: () => NOW }))).toEqual([]);
    const full = createRegistry({
      config: http,
      secrets: { telegramBotToken: TOKEN, emailApiKey: "re_x" },
      store: () => {},
      now: () => NOW,
    });
    expect(Object.keys(full).sort()).toEqual(["email", "outbox", "telegram"]);
    const cf = config(
      { L1: [{ channel: "telegram", chatId: "1" }] },
      { email: { provider: "cloudflare", from: "w@example.com" } },
    );
    const binding = { send: async () => ({ messageId: "m" }) };
    expect(
      createRegistry({ config: cf, secrets: {}, emailBinding: binding, now: () => NOW }).email?.channel,
    ).toBe("email");
  });

  it("leaves out a malformed channel without silencing the others", () => {
    const http = config({ L1: [{ channel: "telegram", chatId: "1" }] });
    const lines: string[] = [];
    const registry = createRegistry({
      config: http,
      secrets: { telegramBotToken: "not a bot token", emailApiKey: "re_x" },
      now: () => NOW,
      log: (line) => lines.push(line),
    });
    expect(Object.keys(registry)).toEqual(["email"]);
    expect(lines.join("\n")).toMatch(/telegram channel disabled/);
    expect(lines.join("\n")).not.toContain("not a bot token");
  });
});
