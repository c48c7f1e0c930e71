import { describe, expect, it } from "vitest";
import type { ConfigInput } from "../src/config/schema";
import { missingSecrets, type SecretEnv } from "../src/config/secrets";
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
