import { describe, expect, it } from "vitest";
import { AgentConfigError, loadAgentConfig } from "../src/config.ts";

const SECRET = "s3cret-value-that-must-not-leak";

describe("agent config", () => {
  it("applies the runbook's defaults", () => {
    const c = loadAgentConfig({ AGENT_HMAC_SECRET: SECRET });
    expect(c.AGENT_LISTEN).toEqual({ hostname: "127.0.0.1", port: 9100 });
    expect(c.AGENT_PATH).toBe("/status");
    expect(c.AGENT_CONTAINERS).toEqual(["telegram-bot", "calendar-redis", "radicale-calendar"]);
    expect(c.AGENT_APP_CONTAINER).toBe("telegram-bot");
    expect(c.AGENT_MOUNTS).toEqual(["/"]);
    expect(c.AGENT_BACKUP_DIR).toBe("/root/backups/calendar");
    expect(c.AGENT_REDIS).toEqual({ kind: "docker", container: "calendar-redis" });
    expect(c.AGENT_CACHE_SECONDS).toBe(10);
    expect(c.AGENT_PROMETHEUS_URL).toBeUndefined();
    expect(c.AGENT_TRUST_PROXY).toBe(false);
  });

  it("parses lists, addresses and the Redis target", () => {
    const c = loadAgentConfig({
      AGENT_HMAC_SECRET: SECRET,
      AGENT_LISTEN: "[::1]:9200",
      AGENT_CONTAINERS: " telegram-bot , calendar-redis ,",
      AGENT_MOUNTS: "/,/root/backups",
      AGENT_REDIS: "127.0.0.1:6379",
      AGENT_CACHE_SECONDS: "30",
      AGENT_PROMETHEUS_URL: "http://127.0.0.1:9090",
      AGENT_GRAFANA_URL: "",
    });
    expect(c.AGENT_LISTEN).toEqual({ hostname: "::1", port: 9200 });
    expect(c.AGENT_CONTAINERS).toEqual(["telegram-bot", "calendar-redis"]);
    expect(c.AGENT_MOUNTS).toEqual(["/", "/root/backups"]);
    expect(c.AGENT_REDIS).toEqual({ kind: "tcp", host: "127.0.0.1", port: 6379 });
    expect(c.AGENT_CACHE_SECONDS).toBe(30);
    expect(c.AGENT_PROMETHEUS_URL).toBe("http://127.0.0.1:9090");
    expect(c.AGENT_GRAFANA_URL).toBeUndefined();
  });

  it("issue 13 item 6: refuses container names Docker would not accept, naming each variable", () => {
    const bad = {
      AGENT_REDIS: "--privileged",
      AGENT_CONTAINERS: "telegram-bot,--help",
      AGENT_APP_CONTAINER: "-v",
      AGENT_RADICALE_CONTAINER: "radicale calendar",
    };
    for (const [name, value] of Object.entries(bad)) {
      const load = () => loadAgentConfig({ AGENT_HMAC_SECRET: SECRET, [name]: value });
      expect(load, name).toThrow(AgentConfigError);
      expect(load, name).toThrow(new RegExp(`${name}.*: .*container name: a letter or digit`));
    }
    const c = loadAgentConfig({
      AGENT_HMAC_SECRET: SECRET,
      AGENT_CONTAINERS: "bot_1,redis.main,2f7d0c9e8b1a",
      AGENT_APP_CONTAINER: " bot_1 ",
      AGENT_REDIS: "redis.main",
    });
    expect(c.AGENT_CONTAINERS).toEqual(["bot_1", "redis.main", "2f7d0c9e8b1a"]);
    expect(c.AGENT_APP_CONTAINER).toBe("bot_1");
    expect(c.AGENT_REDIS).toEqual({ kind: "docker", container: "redis.main" });
  });

  it("takes AGENT_EXPECTED_HOST as a host the way signatures compare it, and refuses a URL", () => {
    expect(loadAgentConfig({ AGENT_HMAC_SECRET: SECRET }).AGENT_EXPECTED_HOST).toBeUndefined();
    expect(
      loadAgentConfig({ AGENT_HMAC_SECRET: SECRET, AGENT_EXPECTED_HOST: "" }).AGENT_EXPECTED_HOST,
    ).toBeUndefined();
    const host = (value: string) =>
      loadAgentConfig({ AGENT_HMAC_SECRET: SECRET, AGENT_EXPECTED_HOST: value }).AGENT_EXPECTED_HOST;
    expect(host("Calendar.Example.com")).toBe("calendar.example.com");
    expect(host("calendar.example.com:443")).toBe("calendar.example.com");
    expect(host("calendar.example.com:8443")).toBe("calendar.example.com:8443");
    expect(() => host("https://calendar.example.com/status")).toThrow(
      /AGENT_EXPECTED_HOST: must be a host name, optionally with :port/,
    );
  });

  it("requires the secret", () => {
    expect(() => loadAgentConfig({})).toThrow(/AGENT_HMAC_SECRET: is required/);
  });

  it("names every bad variable and never echoes the secret", () => {
    let error: unknown;
    try {
      loadAgentConfig({
        AGENT_HMAC_SECRET: "short-secret",
        AGENT_LISTEN: "9100",
        AGENT_PATH: "status",
        AGENT_LOKI_URL: "ftp://loki",
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AgentConfigError);
    const message = (error as Error).message;
    for (const name of ["AGENT_HMAC_SECRET", "AGENT_LISTEN", "AGENT_PATH", "AGENT_LOKI_URL"]) {
      expect(message).toContain(name);
    }
    expect(message).not.toContain("short-secret");
  });
});
