import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      {
        plugins: [
          cloudflareTest({
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: {
              bindings: {
                TELEGRAM_BOT_TOKEN: "123456:TEST-bot-token-never-leaks",
                AGENT_HMAC_SECRET: "test-agent-secret",
                LINK_SIGNING_KEY: "test-link-signing-key",
                EMAIL_API_KEY: "re_test_email_api_key_never_leaks",
                ADMIN_TOKEN: "test-admin-token",
              },
            },
          }),
        ],
        test: {
          name: "worker",
          include: ["test/**/*.test.ts"],
          globalSetup: ["./test/support/global-setup.ts"],
        },
      },
      {
        test: {
          name: "node",
          environment: "node",
          include: ["agent/test/**/*.test.ts", "scripts/test/**/*.test.ts"],
        },
      },
    ],
  },
});
