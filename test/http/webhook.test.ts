import { describe, expect, it, vi } from "vitest";
import { callbackData, parseCallbackData } from "../../src/escalation/notify/callback-data";
import { testConfig } from "../support/test-config";
import { DOOR_CONFIG, harness, incidentOf, WEBHOOK_SECRET } from "./fakes";

function update(data: string | undefined, userId = 111, extra: Record<string, unknown> = {}) {
  return {
    update_id: 5,
    callback_query: {
      id: "cbq-1",
      from: { id: userId, is_bot: false, first_name: "Anna", username: "anna_oncall" },
      chat_instance: "x",
      ...(data === undefined ? {} : { data }),
      ...extra,
    },
  };
}

function send(body: unknown, secret: string | null = WEBHOOK_SECRET): RequestInit {
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  if (secret !== null) headers["X-Telegram-Bot-Api-Secret-Token"] = secret;
  return { method: "POST", headers, body: typeof body === "string" ? body : JSON.stringify(body) };
}

function setup() {
  const h = harness();
  h.monitor("calendar-bot").add(incidentOf("calendar-bot", 1));
  const incident = () => h.monitor("calendar-bot").incidents.get("calendar-bot:1");
  return { ...h, incident };
}

describe("callback data", () => {
  it("round-trips incident ids that contain colons", () => {
    const data = callbackData("resolve", "calendar-bot:1741000000", 3);
    expect(data).toBe("res:calendar-bot:1741000000:3");
    expect(parseCallbackData(data)).toEqual({
      action: "resolve",
      target: { incidentId: "calendar-bot:1741000000", epoch: 3 },
    });
    for (const bad of ["", "ack", "ack:x", "del:svc:1:1", "ack:svc:1:x", "ack::1"]) {
      expect(parseCallbackData(bad), bad).toBeUndefined();
    }
  });
});

describe("POST /telegram/webhook", () => {
  it("acknowledges for an allow-listed user and answers the callback", async () => {
    const h = setup();
    const res = await h.app.request("/telegram/webhook", send(update("ack:calendar-bot:1:1")));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, status: "acknowledged" });
    expect(h.incident()?.status).toBe("acknowledged");
    expect(h.incident()?.acknowledgedBy).toBe("@anna_oncall (telegram:111)");
    expect(h.telegramCalls).toHaveLength(1);
    expect(h.telegramCalls[0]?.method).toBe("answerCallbackQuery");
    expect(h.telegramCalls[0]?.body).toMatchObject({ callback_query_id: "cbq-1" });
    expect(String(h.telegramCalls[0]?.body.text)).toContain("Подтверждено: @anna_oncall (telegram:111)");

    const again = await h.app.request("/telegram/webhook", send(update("ack:calendar-bot:1:1")));
    expect(await again.json()).toEqual({ ok: false, refusal: "already_acknowledged" });
    expect(String(h.telegramCalls[1]?.body.text)).toContain("Уже подтверждено");
  });

  it("resolves with res: and refuses a stale epoch without change", async () => {
    const h = setup();
    const stale = await h.app.request("/telegram/webhook", send(update("res:calendar-bot:1:0")));
    expect(await stale.json()).toEqual({ ok: false, refusal: "stale_epoch" });
    expect(h.incident()?.status).toBe("open");
    const res = await h.app.request("/telegram/webhook", send(update("res:calendar-bot:1:1")));
    expect(await res.json()).toEqual({ ok: true, status: "resolved" });
  });

  const refused: [string, RequestInit, number][] = [
    ["missing secret header", send(update("ack:calendar-bot:1:1"), null), 401],
    ["wrong secret header", send(update("ack:calendar-bot:1:1"), "guess"), 401],
    ["secret with a different length", send(update("ack:calendar-bot:1:1"), `${WEBHOOK_SECRET}x`), 401],
    ["body that is not JSON", send("{not json"), 400],
    [
      "update without update_id",
      send({ callback_query: update("ack:calendar-bot:1:1").callback_query }),
      400,
    ],
    ["user id of the wrong type", send(update("ack:calendar-bot:1:1", "111" as unknown as number)), 400],
  ];
  for (const [name, init, status] of refused) {
    it(`refuses a ${name} with ${status} and changes nothing`, async () => {
      const h = setup();
      const before = JSON.stringify(h.incident());
      const res = await h.app.request("/telegram/webhook", init);
      expect(res.status).toBe(status);
      expect(h.mutations()).toBe(0);
      expect(JSON.stringify(h.incident())).toBe(before);
    });
  }

  // Telegram re-sends an update it got no 2xx for (for up to a day) and holds that chat's
  // later updates behind it, so an authentic press that is refused still answers 200.
  const authenticRefusals: [string, RequestInit, string, string][] = [
    ["a user who is not allow-listed", send(update("ack:calendar-bot:1:1", 999)), "forbidden", "Нет доступа"],
    ["unknown callback data", send(update("del:calendar-bot:1:1")), "malformed", "Неверная"],
    ["a callback without data", send(update(undefined)), "malformed", "Неверная"],
  ];
  for (const [name, init, refusal, said] of authenticRefusals) {
    it(`answers ${name} with 200 and a refusal, so Telegram does not retry, and changes nothing`, async () => {
      const h = setup();
      const res = await h.app.request("/telegram/webhook", init);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ ok: false, refusal });
      expect(h.mutations()).toBe(0);
      expect(h.incident()?.status).toBe("open");
      expect(h.telegramCalls.map((c) => c.method)).toEqual(["answerCallbackQuery"]);
      expect(String(h.telegramCalls[0]?.body.text)).toContain(said);
    });
  }

  it("accepts a press on a long Russian page (the Bot API escapes every non-ASCII character as \\uXXXX)", async () => {
    const h = setup();
    const text = "Сервис недоступен, проверьте контейнер и журнал. ".repeat(80).slice(0, 4000);
    const message = {
      message_id: 77,
      date: 1741000000,
      chat: { id: -100123, type: "supergroup", title: "Дежурные" },
      text,
      entities: Array.from({ length: 40 }, (_, i) => ({ offset: i * 90, length: 20, type: "bold" })),
      reply_markup: {
        inline_keyboard: [
          [
            { text: "Подтвердить", callback_data: "ack:calendar-bot:1:1" },
            { text: "Решено", callback_data: "res:calendar-bot:1:1" },
          ],
        ],
      },
    };
    // What the Bot API sends: JSON with \uXXXX for every character outside ASCII.
    const body = JSON.stringify(update("ack:calendar-bot:1:1", 111, { message })).replace(
      /[\u0080-\uffff]/g,
      (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`,
    );
    expect(body.length).toBeGreaterThan(16 * 1024);
    const res = await h.app.request("/telegram/webhook", send(body));
    expect(res.status).toBe(200);
    expect(h.incident()?.status).toBe("acknowledged");
  });

  it("never logs the bot token when answering the callback fails", async () => {
    const h = setup();
    h.deps.telegram = async () => {
      throw new TypeError(
        "Fetch API cannot load: https://api.telegram.org/bot123456:AAH-secret_token/answerCallbackQuery",
      );
    };
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      const res = await h.app.request("/telegram/webhook", send(update("ack:calendar-bot:1:1")));
      expect(res.status).toBe(200);
      expect(h.incident()?.status).toBe("acknowledged");
      const logged = JSON.stringify(warn.mock.calls);
      expect(logged).toContain("answerCallbackQuery");
      expect(logged).not.toContain("AAH-secret_token");
    } finally {
      warn.mockRestore();
    }
  });

  // Telegram refuses an answer text that is not valid UTF-8, so a cut through an emoji loses the answer.
  it("issue 13 item 13: the callback answer is cut to 200 units without splitting an emoji", async () => {
    const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
    const problems: string[] = [];
    for (const emoji of ["🔥", "👩‍💻"]) {
      // Shifting the name by one unit at a time puts every part of an emoji on the 200th unit once.
      for (let shift = 0; shift < emoji.length; shift++) {
        const h = setup();
        const firstName = `${"x".repeat(shift)}${emoji.repeat(Math.ceil(240 / emoji.length))}`;
        const from = { id: 111, is_bot: false, first_name: firstName };
        await h.app.request("/telegram/webhook", send(update("ack:calendar-bot:1:1", 111, { from })));
        const text = String(h.telegramCalls[0]?.body.text);
        const name = text.replace(/^Подтверждено: /, "").replace(/…$/, "");
        // JSON.stringify escapes a lone surrogate, so the report itself stays valid UTF-8.
        const seen = `${JSON.stringify(emoji)} shifted ${shift}: ${JSON.stringify(text.slice(-12))}`;
        if (text.length > 200) problems.push(`${seen}: ${text.length} units`);
        if (loneSurrogate.test(text)) problems.push(`${seen}: a lone surrogate`);
        if (!new RegExp(`^x*(?:${emoji})+$`, "u").test(name)) problems.push(`${seen}: a split emoji`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("ignores updates that are not button presses", async () => {
    const h = setup();
    const res = await h.app.request(
      "/telegram/webhook",
      send({ update_id: 9, message: { message_id: 1, text: "/start" } }),
    );
    expect(res.status).toBe(200);
    expect(h.mutations()).toBe(0);
  });

  it("refuses everything with 503 when the webhook secret is not set", async () => {
    const h = setup();
    h.deps.secrets.telegramWebhookSecret = undefined;
    const res = await h.app.request("/telegram/webhook", send(update("ack:calendar-bot:1:1"), ""));
    expect(res.status).toBe(503);
    expect(h.mutations()).toBe(0);
  });

  it("issue 13 item 5: refuses everything with 503 when the webhook secret is too weak", async () => {
    const h = setup();
    h.deps.secrets.telegramWebhookSecret = "secret";
    const res = await h.app.request("/telegram/webhook", send(update("ack:calendar-bot:1:1"), "secret"));
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ message: expect.stringMatching(/too weak/) });
    expect(h.mutations()).toBe(0);
  });

  it("does not exist when the webhook is not configured", async () => {
    const config = testConfig(DOOR_CONFIG);
    const h = harness({ config: { ...config, notify: { ...config.notify, telegramWebhook: undefined } } });
    const res = await h.app.request("/telegram/webhook", send(update("ack:calendar-bot:1:1")));
    expect(res.status).toBe(404);
  });
});
