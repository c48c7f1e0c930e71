import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { TEST_SECRETS, workerConfig } from "./test/support/test-config.ts";
import configs from "./watchdog.config.ts";

/** The committed demo config (watchdog.config.ts `default`) as JSON text: what `npm start` runs. */
function demoConfig(): string {
  return JSON.stringify(configs.default);
}

export default defineConfig({
  test: {
    projects: [
      {
        plugins: [
          // A function, so the config can point at the loopback fake globalSetup started.
          cloudflareTest(({ inject }) => ({
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: {
              bindings: {
                ...TEST_SECRETS,
                WATCHDOG_CONFIG: workerConfig(inject("fakes").baseUrl, inject("tcpFakes")),
                DEMO_CONFIG: demoConfig(),
              },
            },
          })),
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
