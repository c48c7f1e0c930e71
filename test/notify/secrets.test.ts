import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import {
  createCloudflareEmailNotifier,
  createHttpEmailNotifier,
  createOutboxNotifier,
  createTelegramNotifier,
  type DeliveryResult,
  deliver,
  type Notifier,
} from "../../src/escalation/notify";
import { Fake } from "../support/fake-client";
import { config, consoleLines, incident, LINKS, NOW, outgoingFor, recordingSleep } from "./fixtures";

const TOKEN = env.TELEGRAM_BOT_TOKEN;
const KEY = env.EMAIL_API_KEY;
const SECRETS = [TOKEN, encodeURIComponent(TOKEN), KEY, TOKEN.split(":")[1] ?? TOKEN];
const TG = { channel: "telegram" as const, chatId: "100001" };
const MAIL = { channel: "email" as const, to: "tech-lead@example.com" };

/** Every failure path a notifier has, with the secret echoed back by the other side where it can be. */
async function scenarios(): Promise<
  { name: string; notifier: Notifier; contact: typeof TG | typeof MAIL }[]
> {
  const fake = new Fake();
  const sleep = recordingSleep().sleep;
  // Providers that echo the request URL or key back in their error text.
  await fake.script(`/tg-400/bot${TOKEN}/sendMessage`, {
    status: 400,
    body: {
      ok: false,
      error_code: 400,
      description: `Bad Request: chat not found (https://api.telegram.org/bot${TOKEN}/sendMessage)`,
    },
  });
  await fake.script(`/tg-500/bot${TOKEN}/sendMessage`, {
    status: 500,
    body: `upstream error for token ${TOKEN}`,
  });
  await fake.script(`/tg-hang/bot${TOKEN}/sendMessage`, { hangUp: true });
  await fake.script("/mail-401/emails", { status: 401, body: { message: `API key ${KEY} is invalid` } });
  await fake.script("/mail-500/emails", { status: 500, body: `internal: Bearer ${KEY}` });
  const tg = (base: string) => createTelegramNotifier({ token: TOKEN, apiBase: base, sleep });
  const mail = (base: string) =>
    createHttpEmailNotifier({ apiBase: base, apiKey: KEY, from: "w@example.com", sleep });
  const throwing = {
    async send(): Promise<{ messageId: string }> {
      throw Object.assign(new Error("E_DELIVERY_FAILED: recipient server said no"), {
        code: "E_DELIVERY_FAILED",
      });
    },
  };
  return [
    { name: "telegram 400 echoing the URL", notifier: tg(fake.url("/tg-400")), contact: TG },
    { name: "telegram 500 echoing the token", notifier: tg(fake.url("/tg-500")), contact: TG },
    { name: "telegram hang-up", notifier: tg(fake.url("/tg-hang")), contact: TG },
    { name: "telegram closed port", notifier: tg("http://127.0.0.1:1"), contact: TG },
    { name: "email http 401 echoing the key", notifier: mail(fake.url("/mail-401")), contact: MAIL },
    { name: "email http 500 echoing the header", notifier: mail(fake.url("/mail-500")), contact: MAIL },
    { name: "email http closed port", notifier: mail("http://127.0.0.1:1"), contact: MAIL },
    {
      name: "email send_email throwing",
      notifier: createCloudflareEmailNotifier({ binding: throwing, from: "w@example.com" }),
      contact: MAIL,
    },
    {
      name: "outbox store throwing",
      notifier: createOutboxNotifier({
        store: () => Promise.reject(new Error("storage full")),
        now: () => NOW,
      }),
      contact: MAIL,
    },
  ];
}

describe("no notifier leaks the bot token or the email API key", () => {
  it("in any result detail or console line, on every failure path", async () => {
    const list = await scenarios();
    for (const s of list) {
      const { value, lines } = await consoleLines(() => s.notifier.send(outgoingFor(), s.contact));
      expect(value.ok, s.name).toBe(false);
      const seen = `${JSON.stringify(value)}\n${lines}`;
      for (const secret of SECRETS) expect(seen, s.name).not.toContain(secret);
    }
  });

  it("the scrubbed detail still says what went wrong", async () => {
    const [first] = await scenarios();
    const result = (await first?.notifier.send(outgoingFor(), TG)) as Extract<DeliveryResult, { ok: false }>;
    expect(result.detail).toContain("chat not found");
    expect(result.detail).toContain("/bot[redacted]/");
  });

  it("nor through deliver(), which logs and reports failures to L1", async () => {
    const fake = new Fake();
    await fake.script(`/bot${TOKEN}/sendMessage`, {
      status: 401,
      body: { ok: false, description: `token ${TOKEN} revoked` },
    });
    await fake.script("/emails", { status: 403, body: { message: `key ${KEY} not allowed` } });
    const cfg = config({ L1: [TG, MAIL], L2: [MAIL] });
    const sleep = recordingSleep().sleep;
    const notifiers = {
      telegram: createTelegramNotifier({ token: TOKEN, apiBase: fake.url(""), sleep }),
      email: createHttpEmailNotifier({ apiBase: fake.url(""), apiKey: KEY, from: "w@example.com", sleep }),
    };
    const action = {
      type: "notify" as const,
      key: "k1",
      kind: "page" as const,
      level: "L1" as const,
      incidentId: "ai-calendar:1",
      epoch: 1,
    };
    const { value, lines } = await consoleLines(() =>
      deliver(action, incident(), { config: cfg, notifiers, links: () => LINKS, now: () => NOW }),
    );
    expect(value.length).toBeGreaterThan(1);
    const bodies = (await fake.calls()).map((c) => c.body).join("\n");
    for (const secret of SECRETS) {
      expect(`${JSON.stringify(value)}\n${lines}`).not.toContain(secret);
      // Nor is the secret forwarded to people in the delivery_failed notice.
      expect(bodies).not.toContain(secret);
    }
  });
});
