import { describe, expect, it } from "vitest";
import { linksFor } from "../../src/escalation/links";
import { T0 } from "../support/time";
import { ADMIN, harness, incidentOf, LINK_KEY } from "./fakes";

async function seeded() {
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
  // The service list shows what a tick brought back from the objects (issue 17 item 5).
  await h.summarize();
  return h;
}

const B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/** Posts the login form; returns the response and the `name=value` of the cookie it set, if any. */
async function login(
  h: ReturnType<typeof harness>,
  token: string,
  { origin = "https://watchdog.example.com", next }: { origin?: string; next?: string } = {},
) {
  const body = new URLSearchParams({ token, ...(next === undefined ? {} : { next }) });
  const res = await h.app.request(`${origin}/status/login`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body,
  });
  const setCookie = res.headers.get("Set-Cookie") ?? "";
  return { res, setCookie, jar: setCookie.split(";")[0] ?? "" };
}

describe("GET /status", () => {
  it("issue 13 item 4: a browser logs in by POST form; the cookie holds a derived session, never the token", async () => {
    const h = await seeded();
    const ask = await h.app.request("https://watchdog.example.com/status");
    expect(ask.status).toBe(401);
    expect(ask.headers.get("Content-Type")).toMatch(/text\/html/);
    const form = await ask.text();
    expect(form).toContain('<form method="post" action="/status/login">');
    expect(form).toContain('name="token" type="password"');
    expect(form).toContain('name="next" value="/status"');

    const wrong = await login(h, "wrong");
    expect(wrong.res.status).toBe(401);
    expect(await wrong.res.text()).toContain("Неверный токен.");
    expect(wrong.setCookie).toBe("");

    const { res, setCookie, jar } = await login(h, ADMIN, { next: "/status/incidents/evil%3A2" });
    expect(res.status).toBe(303);
    expect(res.headers.get("Location")).toBe("/status/incidents/evil%3A2");
    expect(setCookie).toMatch(/^watchdog_session=\d+\.[\w-]{22}\.[\w-]{43};/);
    for (const attribute of ["HttpOnly", "SameSite=Strict", "Secure", "Path=/status", "Max-Age=43200"])
      expect(setCookie).toContain(attribute);
    expect(setCookie).not.toContain(ADMIN);
    expect(
      (await h.app.request("https://watchdog.example.com/status", { headers: { Cookie: jar } })).status,
    ).toBe(200);
    // The session is for the HTML pages only, never the API.
    expect((await h.app.request("/api/services", { headers: { Cookie: jar } })).status).toBe(401);
  });

  it("issue 13 item 4: the raw token is no longer taken from a cookie or from ?token=", async () => {
    const h = await seeded();
    for (const cookie of [`watchdog_session=${ADMIN}`, `watchdog_admin=${ADMIN}`]) {
      expect((await h.app.request("/status", { headers: { Cookie: cookie } })).status).toBe(401);
    }
    const query = await h.app.request(`https://watchdog.example.com/status?token=${ADMIN}`);
    expect(query.status).toBe(401);
    expect(query.headers.get("Set-Cookie")).toBeNull();
    // Bearer headers still work, for scripts.
    expect((await h.app.request("/status", { headers: { Authorization: `Bearer ${ADMIN}` } })).status).toBe(
      200,
    );
  });

  it("issue 13 item 4: a session expires after 12 hours, and rotating ADMIN_TOKEN revokes it", async () => {
    const h = await seeded();
    const { jar } = await login(h, ADMIN);
    const open = async () => (await h.app.request("/status", { headers: { Cookie: jar } })).status;
    expect(await open()).toBe(200);
    h.clock.now = T0 + 12 * 3_600_000 - 1;
    expect(await open()).toBe(200);
    h.clock.now = T0 + 12 * 3_600_000;
    expect(await open()).toBe(401);

    h.clock.now = T0;
    const second = await login(h, ADMIN);
    h.deps.secrets.adminToken = `${ADMIN}-rotated`;
    expect((await h.app.request("/status", { headers: { Cookie: second.jar } })).status).toBe(401);
  });

  it("issue 13 item 4: a forged or altered session is refused", async () => {
    const h = await seeded();
    const { jar } = await login(h, ADMIN);
    const [, value = ""] = jar.split("=");
    const [expiry = "", id = "", mac = ""] = value.split(".");
    const flip = (text: string, at: number) =>
      `${text.slice(0, at)}${text[at] === "A" ? "B" : "A"}${text.slice(at + 1)}`;
    const forged = [
      `${Number(expiry) + 3_600_000}.${id}.${mac}`,
      `${expiry}.${flip(id, 0)}.${mac}`,
      `${expiry}.${id}.${flip(mac, 0)}`,
      // The last base64url character carries two unused bits: a variant is not the value issued.
      `${expiry}.${id}.${mac.slice(0, -1)}${B64URL[(B64URL.indexOf(mac.slice(-1)) ^ 1) % 64]}`,
      `${expiry}.${id}`,
      "",
    ];
    for (const session of forged) {
      const res = await h.app.request("/status", { headers: { Cookie: `watchdog_session=${session}` } });
      expect(res.status, session).toBe(401);
    }
  });

  it("issue 13 item 4: the cookie is Secure everywhere but on loopback; a login returns only to a status page", async () => {
    const h = await seeded();
    expect((await login(h, ADMIN, { origin: "http://127.0.0.1:8787" })).setCookie).not.toContain("Secure");
    expect((await login(h, ADMIN, { origin: "http://localhost:8787" })).setCookie).not.toContain("Secure");
    expect((await login(h, ADMIN, { origin: "http://watchdog.example.com" })).setCookie).toContain("Secure");
    for (const next of [
      "https://evil.example.com/",
      "//evil.example.com",
      "/status/../api",
      "/a/x",
      "/status?x=1",
    ]) {
      expect((await login(h, ADMIN, { next })).res.headers.get("Location"), next).toBe("/status");
    }
  });

  it("shows services, open incidents, history and maintenance, all escaped", async () => {
    const h = await seeded();
    const res = await h.app.request("/status", { headers: { Cookie: (await login(h, ADMIN)).jar } });
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
    // Links carry no token: the session cookie does the work.
    expect(page).toContain('href="/status/incidents/evil%3A2"');
    expect(page).not.toContain(ADMIN);
  });

  it("does not copy a header token into links", async () => {
    const h = await seeded();
    const page = await (
      await h.app.request("/status", { headers: { Authorization: `Bearer ${ADMIN}` } })
    ).text();
    expect(page).toContain('href="/status/incidents/evil%3A2"');
    expect(page).not.toContain(ADMIN);
  });
});

describe("GET /status/incidents/:id", () => {
  it("shows the timeline with hostile names and notes escaped", async () => {
    const h = await seeded();
    const page = await (
      await h.app.request("/status/incidents/evil:2", { headers: { Cookie: (await login(h, ADMIN)).jar } })
    ).text();
    expect(page).toContain("&lt;script&gt;steal()&lt;/script&gt;");
    expect(page).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(page).not.toMatch(/<script|<img/);
  });

  it("opens through the Open link of a message, but only for its own incident", async () => {
    const h = await seeded();
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
    const h = await seeded();
    const res = await h.app.request("/status/incidents/calendar-bot:404", {
      headers: { Cookie: (await login(h, ADMIN)).jar },
    });
    expect(res.status).toBe(404);
  });
});
