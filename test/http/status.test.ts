import { describe, expect, it } from "vitest";
import { linksFor } from "../../src/escalation/links";
import { T0 } from "../support/time";
import { ADMIN, harness, incidentOf, LINK_KEY } from "./fakes";

function seeded() {
  const h = harness();
  h.monitor("calendar-bot").add(incidentOf("calendar-bot", 1));
  h.monitor("calendar-bot").snap = {
    lastProbe: {
      serviceId: "calendar-bot",
      at: T0 - 5_000,
      health: { ok: true, latencyMs: 87 },
      findings: [],
    },
  };
  h.monitor("evil").add(
    incidentOf("evil", 2, {
      timeline: [
        { at: T0, kind: "note", by: "<img src=x onerror=alert(1)>", text: "<script>steal()</script>" },
      ],
    }),
  );
  h.state.windows.push({
    id: "mw-1",
    serviceId: "evil",
    start: T0,
    end: T0 + 3_600_000,
    reason: "<b>patching</b>",
    createdBy: "api",
  });
  return h;
}

describe("GET /status", () => {
  it("needs the admin token as a bearer header, or as the cookie ?token= is exchanged for", async () => {
    const h = seeded();
    expect((await h.app.request("/status")).status).toBe(401);
    expect((await h.app.request("/status?token=wrong")).status).toBe(401);
    const res401 = await h.app.request("/status");
    expect(res401.headers.get("Content-Type")).toMatch(/text\/html/);
    expect((await h.app.request("/status", { headers: { Authorization: `Bearer ${ADMIN}` } })).status).toBe(
      200,
    );
    // ?token= sets an HttpOnly, SameSite=Strict cookie and drops the token from the URL.
    const exchange = await h.app.request(`https://watchdog.example.com/status?token=${ADMIN}&x=1`);
    expect(exchange.status).toBe(303);
    expect(exchange.headers.get("Location")).toBe("/status?x=1");
    const cookie = exchange.headers.get("Set-Cookie") ?? "";
    expect(cookie).toMatch(/^watchdog_admin=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Secure/);
    expect(cookie).toMatch(/Path=\/status/);
    const jar = cookie.split(";")[0] ?? "";
    expect((await h.app.request("/status", { headers: { Cookie: jar } })).status).toBe(200);
    expect((await h.app.request("/status", { headers: { Cookie: "watchdog_admin=wrong" } })).status).toBe(
      401,
    );
    // The cookie is for the HTML pages only, never the API.
    expect((await h.app.request("/api/services", { headers: { Cookie: jar } })).status).toBe(401);
  });

  it("shows services, open incidents, history and maintenance, all escaped", async () => {
    const h = seeded();
    const res = await h.app.request("/status", { headers: { Cookie: `watchdog_admin=${ADMIN}` } });
    expect(res.headers.get("Referrer-Policy")).toBe("no-referrer");
    expect(res.headers.get("Cache-Control")).toBe("no-store");
    const page = await res.text();
    expect(page).toContain("Calendar bot");
    expect(page).toContain("87 ms");
    // The page speaks the config's language (ru by default).
    expect(page).toContain("calendar-bot · каждые 60 с");
    expect(page).toContain("evil · каждые 15 с из weur, подтверждение из enam");
    expect(page).toContain("calendar-bot:1");
    expect(page).toContain("&lt;b&gt;patching&lt;/b&gt;");
    expect(page).toContain("&lt;script&gt;alert(&quot;svc&quot;)&lt;/script&gt;");
    expect(page).not.toMatch(/<script|<b>patching/);
    // Links carry no token: the cookie does the work.
    expect(page).toContain('href="/status/incidents/evil%3A2"');
    expect(page).not.toContain(ADMIN);
  });

  it("does not copy a header token into links", async () => {
    const h = seeded();
    const page = await (
      await h.app.request("/status", { headers: { Authorization: `Bearer ${ADMIN}` } })
    ).text();
    expect(page).toContain('href="/status/incidents/evil%3A2"');
    expect(page).not.toContain(ADMIN);
  });
});

describe("GET /status/incidents/:id", () => {
  it("shows the timeline with hostile names and notes escaped", async () => {
    const h = seeded();
    const page = await (
      await h.app.request("/status/incidents/evil:2", { headers: { Cookie: `watchdog_admin=${ADMIN}` } })
    ).text();
    expect(page).toContain("&lt;script&gt;steal()&lt;/script&gt;");
    expect(page).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(page).not.toMatch(/<script|<img/);
  });

  it("opens through the Open link of a message, but only for its own incident", async () => {
    const h = seeded();
    const ctx = { key: LINK_KEY, publicUrl: "https://watchdog.example.com", ttlMs: 60_000, now: T0 };
    const links = await linksFor({ id: "calendar-bot:1", epoch: 1 }, "L1", ctx);
    const open = links.open.replace("https://watchdog.example.com", "");
    const res = await h.app.request(open);
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain("calendar-bot:1");
    expect(page).toContain('href="/a/');
    const other = open.replace("calendar-bot%3A1", "evil%3A2");
    expect((await h.app.request(other)).status).toBe(403);
    h.clock.now = T0 + 60_000;
    expect((await h.app.request(open)).status).toBe(410);
    expect((await h.app.request("/status/incidents/calendar-bot:1")).status).toBe(401);
  });

  it("answers 404 for an unknown incident", async () => {
    const h = seeded();
    const res = await h.app.request("/status/incidents/calendar-bot:404", {
      headers: { Cookie: `watchdog_admin=${ADMIN}` },
    });
    expect(res.status).toBe(404);
  });
});
