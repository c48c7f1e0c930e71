import { describe, expect, it } from "vitest";
import { rawConfigOf } from "../../src/config/bundled";
import { defineConfig } from "../../src/config/define";
import { configFromEnv } from "../../src/config/load";
import configs from "../../watchdog.config";
import { testConfigInput } from "../support/test-config";

describe("issue 17 item 1: the config as a file in the bundle", () => {
  it("issue 17 item 1: the Worker runs the bundled section its WATCHDOG_ENV names, the default without one", () => {
    const top = configFromEnv({});
    const production = configFromEnv({ WATCHDOG_ENV: "production" });
    if (!top.ok || !production.ok) throw new Error("the bundled configs must parse");
    expect(top.config.localOnly).toBe(true);
    expect(top.config.services.map((s) => s.id)).toEqual(["calendar-bot"]);
    expect(production.config.localOnly).toBe(false);
    expect(production.config.services.map((s) => s.id)).toEqual(["ai-calendar"]);
    // Parsed once per isolate: the bundled objects are module constants.
    expect(configFromEnv({ WATCHDOG_ENV: "production" })).toBe(production);
  });

  it("issue 17 item 1: WATCHDOG_CONFIG still overrides the file (local runs, tests)", () => {
    const override = testConfigInput();
    expect(rawConfigOf({ WATCHDOG_CONFIG: override, WATCHDOG_ENV: "production" })).toBe(override);
    const parsed = configFromEnv({ WATCHDOG_CONFIG: JSON.stringify(override) });
    expect(parsed.ok && parsed.config.services.map((s) => s.id)).toEqual(["calendar-bot"]);
  });

  it("issue 17 item 1: an environment with no section is a clear error, not a silent default", () => {
    const result = configFromEnv({ WATCHDOG_ENV: "staging" });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors).toEqual([
      {
        path: "(root)",
        message: 'watchdog.config.ts has no "staging" section (WATCHDOG_ENV) and WATCHDOG_CONFIG is not set',
      },
    ]);
  });

  it("issue 17 item 1: defineConfig types every section (a wrong field does not compile)", () => {
    const typed = defineConfig({
      default: testConfigInput(),
      // @ts-expect-error the locale is "ru" or "en": an editor flags "de" as it is typed
      staging: { ...testConfigInput(), locale: "de" },
    });
    expect(configFromEnv({ WATCHDOG_ENV: "staging" }).ok).toBe(false);
    expect(Object.keys(typed)).toEqual(["default", "staging"]);
    expect(Object.keys(configs)).toEqual(["default", "production"]);
  });
});
