import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/load";
import { MINUTE_MS } from "../../src/history";
import { testConfigInput } from "../support/test-config";
import { T0 } from "../support/time";
import { ADMIN, harness, incidentOf } from "./fakes";
import { historyHarness } from "./history-fixture";

const PUBLIC = { publicStatus: { enabled: true, title: "Acme status", services: ["calendar-bot"] } };

/** A door with the public page on and an ongoing P1 whose details must stay private. */
function ongoing(config: object = PUBLIC) {
  const h = historyHarness("en", config);
  h.monitor("calendar-bot").add(
    incidentOf("calendar-bot", 3, {
      status: "acknowledged",
      severity: "P1",
      openedAt: T0 - 20 * MINUTE_MS,
      findings: [
        {
          code: "health_down",
          severity: "P1",
          check: "health",
          reason: "connect ECONNREFUSED db-7.internal.acme:5432",
        },
      ],
      timeline: [
        {
          at: T0 - 20 * MINUTE_MS,
          kind: "opened",
          by: "watchdog",
          text: "health_down: secret-host.internal",
        },
        {
          at: T0 - 10 * MINUTE_MS,
          kind: "acknowledged",
          by: "alice (L1)",
          text: "Acknowledged",
          meta: { ip: "203.0.113.9" },
        },
        { at: T0 - 5 * MINUTE_MS, kind: "note", by: "alice (L1)", text: "restarting db-7 at /a/xyz" },
      ],
    }),
  );
  return h;
}

describe("issue 15 item 5: the public status page", () => {
  it("issue 15 item 5: off by default: /public, / and badges are 404", async () => {
    const h = harness();
    for (const path of ["/public", "/", "/badge/calendar-bot.svg"])
      expect((await h.app.request(path)).status).toBe(404);
  });

  it("issue 15 item 5: serves name, state, the 90-day bar and the ongoing incident's updates without a token", async () => {
    const h = ongoing();
    for (const path of ["/public", "/"]) {
      const res = await h.app.request(path);
      expect(res.status).toBe(200);
      const page = await res.text();
      expect(page).toContain("<h1>Acme status</h1>");
      expect(page).toContain("Calendar bot");
      expect(page).toContain('class="state down"');
      expect((page.match(/<rect class="day /g) ?? []).length).toBe(90);
      expect(page).toContain("Ongoing incident");
      expect(page).toContain("The team is working on it");
      expect(page).toContain("Investigating a problem");
      // Only the listed services.
      expect(page).not.toContain("alert(");
    }
  });

  it("issue 15 item 5: never finding details, hosts, agent data, timeline authors, notes, links or the token", async () => {
    const page = await (await ongoing().app.request("/public")).text();
    for (const secret of [
      "ECONNREFUSED",
      "db-7",
      "internal.acme",
      "secret-host",
      "alice",
      "203.0.113.9",
      "restarting",
      "/a/",
      "/status",
      "example",
      ADMIN,
      "health_down",
    ])
      expect(page, secret).not.toContain(secret);
  });

  it("issue 15 item 5: cacheable by a CDN for a short while, script-free", async () => {
    const res = await ongoing().app.request("/public");
    expect(res.headers.get("Cache-Control")).toBe("public, max-age=60, stale-while-revalidate=300");
    expect(res.headers.get("Content-Security-Policy")).not.toMatch(/script-src/);
    expect(await res.text()).not.toMatch(/<script/i);
  });

  it("issue 15 item 5: /badge/<id>.svg shows 90-day uptime and state; unlisted services have none", async () => {
    const h = ongoing();
    const res = await h.app.request("/badge/calendar-bot.svg");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("image/svg+xml; charset=utf-8");
    expect(res.headers.get("Cache-Control")).toContain("max-age=60");
    const svg = await res.text();
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toContain("Calendar bot: 99.");
    expect(svg).toContain("· down");
    expect((await h.app.request("/badge/evil.svg")).status).toBe(404);
    expect((await h.app.request("/badge/calendar-bot.png")).status).toBe(404);
  });

  it("issue 15 item 5: a listed service the config does not watch is refused at load", () => {
    const result = parseConfig(testConfigInput({ publicStatus: { enabled: true, services: ["nope"] } }));
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.errors).toContainEqual({
        path: "publicStatus.services[0]",
        message: "unknown service nope",
      });
  });
});
