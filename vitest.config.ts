import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { experimental_readRawConfig } from "wrangler";
import { TEST_SECRETS, workerConfig } from "./test/support/test-config.ts";

/** The committed demo config as JSON text, so tests can still check what `npm start` runs. */
function demoConfig(): string {
  const { rawConfig } = experimental_readRawConfig({ config: "./wrangler.toml" });
  return JSON.stringify((rawConfig.vars as Record<string, unknown> | undefined)?.WATCHDOG_CONFIG ?? null);
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
                WATCHDOG_CONFIG: workerConfig(inject("fakes").baseUrl),
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
