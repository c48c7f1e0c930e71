import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { parseConfig } from "../src/config/load";
import { Fake } from "./support/fake-client";

describe("config", () => {
  it("parses the embedded default config", () => {
    const result = parseConfig(env.WATCHDOG_CONFIG);
    expect(result.ok).toBe(true);
  });

  it("the loopback fake answers scripted paths", async () => {
    const fake = new Fake();
    const url = await fake.script("/health", { body: { status: "healthy" } });
    const res = await fetch(url);
    expect(await res.json()).toEqual({ status: "healthy" });
    expect(await fake.calls()).toHaveLength(1);
  });
});
