import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import configs from "../../watchdog.config.ts";
import { configCheck } from "./config-check-run";

describe("config:check", () => {
  it("issue 13 item 1: the production example passes, and pages a numeric private chat", async () => {
    const { code, out } = await configCheck("wrangler.toml", "--env", "production");
    expect(out).toContain("✓ wrangler.toml [env.production]");
    expect(code).toBe(0);
    const config = configs.production;
    expect(config?.escalation.levels.L1?.[0]?.chatId).toMatch(/^-?\d+$/);
  }, 90_000);

  it("issue 13 item 1: refuses an @username chat that would receive action links", async () => {
    const dir = await mkdtemp(join(tmpdir(), "config-check-"));
    try {
      const file = join(dir, "config.json");
      await writeFile(
        file,
        JSON.stringify({
          publicUrl: "https://watchdog.example.com",
          services: [{ id: "bot", name: "Bot", healthUrl: "https://bot.example.com/health" }],
          escalation: { levels: { L1: [{ channel: "telegram", chatId: "@on_call_telegram" }] } },
        }),
      );
      const { code, out } = await configCheck(file);
      expect(code).toBe(1);
      expect(out).toMatch(/escalation\.levels\.L1\[0\]\.chatId: @on_call_telegram is a public channel/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
