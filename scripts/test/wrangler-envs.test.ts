import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { experimental_readRawConfig } from "wrangler";

type Section = Record<string, unknown>;
const list = (v: unknown): Section[] => (Array.isArray(v) ? (v as Section[]) : []);
const names = (v: unknown, key = "name") => list(v).map((b) => String(b[key]));

/** Bindings wrangler does not inherit into `[env.*]`: the names each section declares, per kind. */
function bindingsOf(section: Section): Record<string, string[]> {
  const dos = section.durable_objects as Section | undefined;
  const queues = section.queues as Section | undefined;
  return {
    durable_objects: names(dos?.bindings),
    send_email: names(section.send_email),
    ratelimits: names(section.ratelimits),
    kv_namespaces: names(section.kv_namespaces, "binding"),
    r2_buckets: names(section.r2_buckets, "binding"),
    d1_databases: names(section.d1_databases, "binding"),
    services: names(section.services, "binding"),
    queues: names(queues?.producers, "binding"),
    analytics_engine_datasets: names(section.analytics_engine_datasets, "binding"),
    // WATCHDOG_ENV is the one var each environment sets for itself: it picks its config section.
    vars: Object.keys((section.vars as Section | undefined) ?? {}).filter((k) => k !== "WATCHDOG_ENV"),
  };
}

describe("wrangler.toml environments", () => {
  const { rawConfig } = experimental_readRawConfig({ config: "wrangler.toml" });
  const envs = Object.entries((rawConfig.env ?? {}) as Record<string, Section>);

  it("issue 13 item 13: every [env.*] declares each binding of the top level (none is inherited)", () => {
    expect(envs.map(([name]) => name)).toContain("production");
    const top = bindingsOf(rawConfig as Section);
    expect(top.durable_objects).toEqual(["SERVICE_MONITOR", "WATCHDOG_STATE", "VANTAGE", "TICK_SHARD"]);
    for (const [name, section] of envs) expect(bindingsOf(section), `[env.${name}]`).toEqual(top);
  });

  it("issue 13 item 13: the comments do not claim Durable Object bindings are inherited", () => {
    const comments = readFileSync("wrangler.toml", "utf8")
      .split("\n")
      .filter((l) => l.trimStart().startsWith("#"))
      .join(" ");
    expect(comments).not.toMatch(/Durable Object bindings(?: and \w+)? are inherited/i);
    expect(comments).toMatch(/bindings[^.]*are not inherited/i);
  });
});
