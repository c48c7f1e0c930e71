import { describe, expect, it } from "vitest";
import type { OutboxEntry } from "../../src/durable/state-api";
import { testConfig } from "../support/test-config";
import { T0 } from "../support/time";
import { ADMIN, DOOR_CONFIG, harness } from "./fakes";

const entry: OutboxEntry = {
  id: "ob-1",
  key: "calendar-bot:1:page:L1",
  at: T0,
  channel: "telegram",
  recipient: "100001",
  level: "L1",
  kind: "page",
  subject: "P1 Calendar bot",
  text: "Calendar bot is down",
  telegramHtml: "<b>Calendar bot</b> is down",
  html: "<p>Calendar bot is down</p>",
  links: [{ action: "resolve", label: "Resolve", url: "https://watchdog.example.com/a/live-resolve-link" }],
};

function withOutbox(extra: { localOnly?: boolean } = {}) {
  const h = harness({ config: testConfig({ ...DOOR_CONFIG, notify: { outbox: true }, ...extra }) });
  h.state.box.push(entry);
  return h;
}

const bearer = { headers: { Authorization: `Bearer ${ADMIN}` } };

describe("issue 13 item 2: /outbox", () => {
  it("is 401 off loopback without the admin token, as HTML and as JSON", async () => {
    const h = withOutbox();
    for (const path of ["/outbox", "/outbox?format=json"]) {
      const res = await h.app.request(`https://watchdog.example.com${path}`);
      expect(res.status, path).toBe(401);
      expect(await res.text()).not.toContain("live-resolve-link");
    }
    const wrong = await h.app.request("https://watchdog.example.com/outbox", {
      headers: { Authorization: "Bearer wrong" },
    });
    expect(wrong.status).toBe(401);
    // A loopback host name relayed from elsewhere (CF-Connecting-IP is the real client) is not loopback.
    const relayed = await h.app.request("http://127.0.0.1:8787/outbox", {
      headers: { "CF-Connecting-IP": "203.0.113.7" },
    });
    expect(relayed.status).toBe(401);
  });

  it("opens on loopback, or with the admin token, and its JSON is not cached", async () => {
    const h = withOutbox();
    for (const origin of ["http://127.0.0.1:8787", "http://localhost:8787", "http://[::1]:8787"]) {
      const res = await h.app.request(`${origin}/outbox`, { headers: { "CF-Connecting-IP": "127.0.0.1" } });
      expect(res.status, origin).toBe(200);
      expect(await res.text()).toContain("live-resolve-link");
    }
    const json = await h.app.request("https://watchdog.example.com/outbox?format=json", bearer);
    expect(json.status).toBe(200);
    expect(json.headers.get("Cache-Control")).toBe("no-store");
    expect(json.headers.get("Referrer-Policy")).toBe("no-referrer");
    expect(await json.json()).toEqual([entry]);
    const page = await h.app.request("https://watchdog.example.com/outbox", bearer);
    expect(page.status).toBe(200);
    expect(page.headers.get("Cache-Control")).toBe("no-store");
  });

  it("does not exist without notify.outbox", async () => {
    const h = harness();
    expect((await h.app.request("http://127.0.0.1:8787/outbox")).status).toBe(404);
    expect((await h.app.request("https://watchdog.example.com/outbox", bearer)).status).toBe(404);
  });
});

describe("issue 13 item 2: a localOnly config", () => {
  it("answers 503 demo_config to every request off loopback, whatever it carries", async () => {
    const h = withOutbox({ localOnly: true });
    for (const path of ["/health", "/outbox", "/api/services", "/metrics", "/nowhere"]) {
      const res = await h.app.request(`https://watchdog.example.com${path}`, bearer);
      expect(res.status, path).toBe(503);
      expect(await res.json()).toMatchObject({ error: "demo_config" });
    }
    for (const path of ["/status", "/a/x.y"]) {
      const res = await h.app.request(`https://watchdog.example.com${path}`);
      expect(res.status, path).toBe(503);
      expect(await res.text()).toContain("Демонстрационная конфигурация");
    }
  });

  it("works as before on loopback", async () => {
    const h = withOutbox({ localOnly: true });
    await h.state.recordTick({ at: T0 - 20_000, durationMs: 800, services: 2, failures: 0 }, 180_000);
    expect((await h.app.request("http://127.0.0.1:8787/health")).status).toBe(200);
    expect((await h.app.request("http://127.0.0.1:8787/outbox")).status).toBe(200);
    expect((await h.app.request("http://127.0.0.1:8787/api/services", bearer)).status).toBe(200);
  });
});
