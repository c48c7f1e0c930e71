import { describe, expect, it } from "vitest";
import type { ConfigInput } from "../src/config/schema";
import {
  isStrongSecret,
  missingSecrets,
  type SecretEnv,
  secretWeakness,
  weakSecrets,
} from "../src/config/secrets";
import { testConfig } from "./support/test-config";

const ALL: SecretEnv = {
  TELEGRAM_BOT_TOKEN: "123:abc",
  AGENT_HMAC_SECRET: "s",
  LINK_SIGNING_KEY: "k",
  EMAIL_API_KEY: "re_x",
  ADMIN_TOKEN: "t",
  TELEGRAM_WEBHOOK_SECRET: "w",
  EMAIL: {},
};

/** `testConfig` using every secret: a signed agent check, Telegram and email over HTTP; `change` replaces fields. */
function config(change: Partial<ConfigInput> = {}) {
  return testConfig({
    services: [
      {
        id: "bot",
        name: "Bot",
        healthUrl: "https://bot.example.com/health",
        agentUrl: "https://bot.example.com/agent",
      },
    ],
    escalation: {
      levels: {
        L1: [{ channel: "telegram", chatId: "1" }],
        L2: [{ channel: "email", to: "lead@example.com" }],
      },
    },
    notify: { email: { provider: "http", from: "w@example.com", apiBase: "https://mail.example.com" } },
    ...change,
  });
}

const without = (...names: (keyof SecretEnv)[]) =>
  Object.fromEntries(Object.entries(ALL).filter(([k]) => !names.includes(k as keyof SecretEnv)));

describe("missingSecrets", () => {
  it("finds nothing missing when every secret the config needs is there", () => {
    expect(missingSecrets(config(), ALL)).toEqual([]);
  });

  it.each([
    ["TELEGRAM_BOT_TOKEN", /Telegram pages cannot be sent/],
    ["AGENT_HMAC_SECRET", /agent checks cannot be signed/],
    ["LINK_SIGNING_KEY", /no Acknowledge/],
    ["EMAIL_API_KEY", /email cannot be sent/],
    ["ADMIN_TOKEN", /refuse everyone/],
  ] as const)("names a missing %s and why it matters", (name, why) => {
    const problems = missingSecrets(config(), without(name));
    expect(problems).toEqual([{ path: name, message: expect.stringMatching(why) }]);
  });

  it("asks only for what the config uses", () => {
    const noAgent = config({
      services: [{ id: "bot", name: "Bot", healthUrl: "https://bot.example.com/health" }],
    });
    expect(missingSecrets(noAgent, without("AGENT_HMAC_SECRET", "TELEGRAM_WEBHOOK_SECRET"))).toEqual([]);
    // The local outbox needs no channel secrets.
    const outbox = config({ notify: { outbox: true, email: { provider: "none" } } });
    expect(missingSecrets(outbox, without("TELEGRAM_BOT_TOKEN", "EMAIL_API_KEY", "EMAIL"))).toEqual([]);
  });

  it("reports email contacts without any provider, and a cloudflare provider without its binding", () => {
    expect(missingSecrets(config({ notify: { email: { provider: "none" } } }), ALL)).toEqual([
      { path: "notify.email", message: expect.stringMatching(/no email provider/) },
    ]);
    const cf = config({ notify: { email: { provider: "cloudflare", from: "w@example.com" } } });
    expect(missingSecrets(cf, without("EMAIL"))).toEqual([
      { path: "EMAIL", message: expect.stringMatching(/send_email/) },
    ]);
  });
});

/** `openssl rand -hex <bytes>` in the runtime. */
function randomHex(bytes: number): string {
  return [...crypto.getRandomValues(new Uint8Array(bytes))]
    .map((b) => b.toString(16).padStart(2, "0"))
    .join("");
}

describe("issue 13 item 5: weak secrets", () => {
  it.each([
    ["a", /^1 characters; needs at least 32$/],
    ["local-demo-admin-token", /^22 characters/],
    ["x".repeat(31), /^31 characters/],
    ["a".repeat(64), /^only 1 distinct characters; needs at least 8$/],
    ["password".repeat(4), /^only 7 distinct characters/],
    ["abcdefgh".repeat(4), /^one short string repeated$/],
    ["0123456789abcdef".repeat(2), /^one short string repeated$/],
    ["changeme-".repeat(4).slice(0, 33), /^one short string repeated$/],
  ])("refuses %j (%s)", (secret, why) => {
    expect(secretWeakness(secret)).toMatch(why);
    expect(isStrongSecret(secret)).toBe(false);
  });

  it("accepts what the README tells people to generate, every time", () => {
    for (let i = 0; i < 200; i++) {
      expect(secretWeakness(randomHex(16))).toBeUndefined();
      expect(secretWeakness(randomHex(32))).toBeUndefined();
      expect(
        secretWeakness(btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))))),
      ).toBeUndefined();
    }
    expect(isStrongSecret(undefined)).toBe(false);
  });

  it("names each weak secret the config relies on, and never its value", () => {
    const weak: SecretEnv = {
      ...ALL,
      ADMIN_TOKEN: "hunter2",
      LINK_SIGNING_KEY: "k".repeat(40),
      AGENT_HMAC_SECRET: "agent-secret",
      TELEGRAM_WEBHOOK_SECRET: "w",
    };
    const webhook = config({ notify: { telegramWebhook: { allowedUserIds: [1] } } });
    const problems = weakSecrets(webhook, weak);
    expect(problems.map((p) => p.path)).toEqual([
      "ADMIN_TOKEN",
      "LINK_SIGNING_KEY",
      "AGENT_HMAC_SECRET",
      "TELEGRAM_WEBHOOK_SECRET",
    ]);
    expect(problems.every((p) => p.message.startsWith("too weak: "))).toBe(true);
    expect(JSON.stringify(problems)).not.toMatch(/hunter2|kkkk|agent-secret/);
    // Secrets the config does not use, and unset ones (missingSecrets reports those), are not named.
    const plain = config({
      services: [{ id: "bot", name: "Bot", healthUrl: "https://bot.example.com/health" }],
    });
    expect(weakSecrets(plain, weak).map((p) => p.path)).toEqual(["ADMIN_TOKEN", "LINK_SIGNING_KEY"]);
    expect(weakSecrets(plain, {})).toEqual([]);
    const strong = { ADMIN_TOKEN: randomHex(16), LINK_SIGNING_KEY: randomHex(32) };
    expect(weakSecrets(plain, strong)).toEqual([]);
  });
});
