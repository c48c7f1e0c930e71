import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/load";
import { testConfigInput } from "../support/test-config";

/** The tests' config with these levels, and callback buttons when `webhook` is set. */
function withLevels(levels: Record<string, unknown>, webhook?: { allowedUserIds: number[] }): unknown {
  return {
    ...testConfigInput(),
    escalation: { levels },
    ...(webhook ? { notify: { telegramWebhook: webhook } } : {}),
  };
}

const PUBLIC = { channel: "telegram", chatId: "@on_call_telegram" };
const MAIL = { channel: "email", to: "lead@example.com" };

describe("a public @username chat receives no action links", () => {
  it("issue 13 item 1: an @username chat is refused on every level while messages carry links", () => {
    const result = parseConfig(
      withLevels({ L1: [PUBLIC], L2: [MAIL], L3: [MAIL, { channel: "telegram", chatId: "@ops_room" }] }),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.path)).toEqual([
      "escalation.levels.L1[0].chatId",
      "escalation.levels.L3[1].chatId",
    ]);
    expect(result.errors[0]?.message).toMatch(/@on_call_telegram is a public channel or group/);
    expect(result.errors[0]?.message).toMatch(/numeric id of a private chat.*notify\.telegramWebhook/);
  });

  it("issue 13 item 1: the refusal is reported together with the config's other mistakes", () => {
    const raw = { ...(withLevels({ L1: [PUBLIC] }) as object), publicUrl: "not a url" };
    const result = parseConfig(raw);
    expect(result.ok === false && result.errors.map((e) => e.path)).toEqual([
      "publicUrl",
      "escalation.levels.L1[0].chatId",
    ]);
  });

  it("issue 13 item 1: an @username chat is allowed with callback buttons and their allow-list", () => {
    const result = parseConfig(withLevels({ L1: [PUBLIC] }, { allowedUserIds: [4242] }));
    expect(result.ok).toBe(true);
    // Without an allow-list there are no buttons, so no way around the refusal.
    expect(parseConfig(withLevels({ L1: [PUBLIC] }, { allowedUserIds: [] })).ok).toBe(false);
  });

  it("issue 13 item 1: numeric chat ids (private chats and groups) need no buttons", () => {
    for (const chatId of [100001, "100001", "-1001234567890"]) {
      expect(parseConfig(withLevels({ L1: [{ channel: "telegram", chatId }] })).ok, String(chatId)).toBe(
        true,
      );
    }
  });
});
