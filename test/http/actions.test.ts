import { describe, expect, it } from "vitest";
import { type LinkClaims, linksFor, signLink } from "../../src/escalation/links";
import { testConfig } from "../support/test-config";
import { T0 } from "../support/time";
import { DOOR_CONFIG, harness, incidentOf, LINK_KEY } from "./fakes";

const PREVIEW_BOT = {
  headers: { "User-Agent": "TelegramBot (like TwitterBot)", Accept: "text/html" },
};

function claimsFor(overrides: Partial<LinkClaims> = {}): LinkClaims {
  return { i: "calendar-bot:1", a: "acknowledge", l: "L1", e: 1, t: T0, x: T0 + 3_600_000, ...overrides };
}

/** A validly signed acknowledge token whose payload is then edited. */
async function forge(edit: Partial<LinkClaims>): Promise<string> {
  const [, sig] = (await signLink(LINK_KEY, claimsFor())).split(".");
  const body = btoa(JSON.stringify(claimsFor(edit)))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
  return `${body}.${sig}`;
}

function post(fields: Record<string, string>, headers: Record<string, string> = {}): RequestInit {
  return {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: { "CF-Connecting-IP": "203.0.113.7", "User-Agent": "Firefox/140", ...headers },
  };
}

function setup() {
  const h = harness();
  h.monitor("calendar-bot").add(incidentOf("calendar-bot", 1));
  h.monitor("evil").add(incidentOf("evil", 2));
  const snapshot = () =>
    JSON.stringify([...h.monitor("calendar-bot").incidents, ...h.monitor("evil").incidents]);
  return { ...h, snapshot };
}

describe("GET /a/:token", () => {
  it("shows a confirmation page and changes nothing (as a link-preview bot would fetch it)", async () => {
    const h = setup();
    const before = h.snapshot();
    const token = await signLink(LINK_KEY, claimsFor());
    for (const method of ["GET", "HEAD"]) {
      const res = await h.app.request(`/a/${token}`, { method, ...PREVIEW_BOT });
      expect(res.status).toBe(200);
      expect(res.headers.get("Cache-Control")).toBe("no-store");
      expect(res.headers.get("Referrer-Policy")).toBe("no-referrer");
      expect(res.headers.get("X-Robots-Tag")).toBe("noindex");
    }
    const page = await (await h.app.request(`/a/${token}`, PREVIEW_BOT)).text();
    expect(page).toContain("Calendar bot");
    expect(page).toContain("P1");
    expect(page).toContain("2026-01-05 11:59:00 UTC");
    expect(page).toContain("timeout after 5000 ms");
    expect(page).toContain("<strong>L1</strong>");
    expect(page).toMatch(/<form method="post"/);
    expect(page).toContain('name="name"');
    expect(page).toContain('name="note"');
    expect(page).not.toMatch(/<script|onload|http-equiv="refresh"/i);
    expect(h.mutations()).toBe(0);
    expect(h.snapshot()).toBe(before);
  });

  it("speaks English when the config says so", async () => {
    const h = harness({ config: testConfig({ ...DOOR_CONFIG, locale: "en" }) });
    h.monitor("calendar-bot").add(incidentOf("calendar-bot", 1));
    const page = await (await h.app.request(`/a/${await signLink(LINK_KEY, claimsFor())}`)).text();
    expect(page).toContain("Acknowledge incident");
    expect(page).toContain('lang="en"');
  });

  it("escapes a hostile service name", async () => {
    const h = setup();
    const token = await signLink(LINK_KEY, claimsFor({ i: "evil:2" }));
    const page = await (await h.app.request(`/a/${token}`)).text();
    expect(page).not.toContain("<script>");
    expect(page).toContain("&lt;script&gt;alert(&quot;svc&quot;)&lt;/script&gt;");
  });
});

describe("POST /a/:token", () => {
  it("acknowledges with name, note, IP and user agent; a second POST is idempotent", async () => {
    const h = setup();
    h.clock.now = T0 + 30_000;
    const token = await signLink(LINK_KEY, claimsFor());
    const res = await h.app.request(
      `/a/${token}`,
      post({ name: "Anna", note: "looking", action: "acknowledge" }),
    );
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("Подтверждено: Anna, 2026-01-05 12:00:30 UTC");
    const incident = h.monitor("calendar-bot").incidents.get("calendar-bot:1");
    expect(incident?.status).toBe("acknowledged");
    expect(incident?.acknowledgedBy).toBe("Anna");
    expect(incident?.timeline.at(-2)?.meta).toEqual({
      ip: "203.0.113.7",
      userAgent: "Firefox/140",
      level: "L1",
    });
    expect(incident?.timeline.at(-1)?.text).toBe("looking");

    h.clock.now = T0 + 90_000;
    const again = await h.app.request(`/a/${token}`, post({ name: "Boris" }));
    expect(again.status).toBe(200);
    expect(await again.text()).toContain("Уже подтверждено: Anna, 2026-01-05 12:00:30 UTC");
    expect(h.monitor("calendar-bot").incidents.get("calendar-bot:1")?.acknowledgedBy).toBe("Anna");
  });

  it("a GET of a link whose action is already done says by whom and when, offers no form, and changes nothing", async () => {
    const h = setup();
    h.clock.now = T0 + 30_000;
    const token = await signLink(LINK_KEY, claimsFor());
    await h.app.request(`/a/${token}`, post({ name: "Anna" }));
    const before = h.snapshot();
    const res = await h.app.request(`/a/${token}`, PREVIEW_BOT);
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(body).toContain("Уже подтверждено: Anna, 2026-01-05 12:00:30 UTC");
    expect(body).not.toContain("<form");
    expect(h.snapshot()).toBe(before);
  });

  it("acts as the link's level when no name is given", async () => {
    const h = setup();
    const token = await signLink(LINK_KEY, claimsFor({ l: "L2" }));
    await h.app.request(`/a/${token}`, post({}));
    expect(h.monitor("calendar-bot").incidents.get("calendar-bot:1")?.acknowledgedBy).toBe("L2");
  });

  it("resolves and adds notes through links from linksFor", async () => {
    const h = setup();
    const ctx = { key: LINK_KEY, publicUrl: "https://watchdog.example.com", ttlMs: 3_600_000, now: T0 };
    const links = await linksFor({ id: "calendar-bot:1", epoch: 1 }, "L3", ctx);
    const path = (url: string) => url.replace("https://watchdog.example.com", "");
    const empty = await h.app.request(path(links.note), post({ note: "  " }));
    expect(empty.status).toBe(400);
    expect(h.monitor("calendar-bot").incidents.get("calendar-bot:1")?.timeline).toHaveLength(1);
    const noted = await h.app.request(path(links.note), post({ name: "Vera", note: "restarted redis" }));
    expect(await noted.text()).toContain("Заметка добавлена: Vera");
    const res = await h.app.request(path(links.resolve), post({ name: "Vera" }));
    expect(await res.text()).toContain("Инцидент закрыт: Vera");
    const incident = h.monitor("calendar-bot").incidents.get("calendar-bot:1");
    expect(incident?.status).toBe("resolved");
    expect(incident?.timeline.map((e) => e.kind)).toEqual(["opened", "note", "resolved"]);
    const late = await h.app.request(path(links.acknowledge), post({ name: "Gleb" }));
    expect(await late.text()).toContain("Инцидент уже закрыт: Vera");
  });

  const refusals: [string, () => Promise<string>, number, string][] = [
    ["expired", () => signLink(LINK_KEY, claimsFor({ x: T0 })), 410, "Срок ссылки истёк"],
    ["wrong signature", () => signLink("another-key", claimsFor()), 403, "Ссылка недействительна"],
    [
      "truncated",
      async () => (await signLink(LINK_KEY, claimsFor())).split(".")[0] ?? "",
      400,
      "Ссылка повреждена",
    ],
    ["payload edited to resolve", () => forge({ a: "resolve" }), 403, "Ссылка недействительна"],
    ["payload edited to another incident", () => forge({ i: "evil:2" }), 403, "Ссылка недействительна"],
    ["wrong epoch", () => signLink(LINK_KEY, claimsFor({ e: 0 })), 410, "Ссылка устарела"],
    ["unknown incident", () => signLink(LINK_KEY, claimsFor({ i: "calendar-bot:99" })), 404, "не найден"],
    ["unknown service", () => signLink(LINK_KEY, claimsFor({ i: "nope:1" })), 404, "не найден"],
  ];

  for (const [name, makeToken, status, text] of refusals) {
    it(`refuses a ${name} link on GET and POST with ${status} and changes nothing`, async () => {
      const h = setup();
      const before = h.snapshot();
      const token = await makeToken();
      for (const init of [PREVIEW_BOT, post({ name: "Mallory", note: "x" })]) {
        const res = await h.app.request(`/a/${token}`, init);
        expect(res.status).toBe(status);
        expect(res.headers.get("Cache-Control")).toBe("no-store");
        expect(res.headers.get("Content-Type")).toMatch(/text\/html/);
        expect(await res.text()).toContain(text);
      }
      expect(h.snapshot()).toBe(before);
    });
  }

  it("a note link cannot resolve or acknowledge", async () => {
    const h = setup();
    const before = h.snapshot();
    const token = await signLink(LINK_KEY, claimsFor({ a: "note" }));
    for (const action of ["resolve", "acknowledge"]) {
      const res = await h.app.request(`/a/${token}`, post({ action, note: "x" }));
      expect(res.status).toBe(403);
      expect(await res.text()).toContain("Действие не разрешено");
    }
    expect(h.mutations()).toBe(0);
    expect(h.snapshot()).toBe(before);
  });

  it("an acknowledge link for one incident never touches another", async () => {
    const h = setup();
    const token = await signLink(LINK_KEY, claimsFor());
    await h.app.request(`/a/${token}`, post({ name: "Anna" }));
    expect(h.monitor("evil").incidents.get("evil:2")?.status).toBe("open");
    expect(h.monitor("evil").mutations).toBe(0);
  });

  it("answers a body that cannot be parsed as a form with 400, not an internal error", async () => {
    const h = setup();
    const before = h.snapshot();
    const token = await signLink(LINK_KEY, claimsFor());
    const res = await h.app.request(`/a/${token}`, {
      method: "POST",
      body: "--x\r\nnot a multipart part",
      headers: { "Content-Type": "multipart/form-data; boundary=x" },
    });
    expect(res.status).toBe(400);
    expect(res.headers.get("Content-Type")).toMatch(/text\/html/);
    expect(h.snapshot()).toBe(before);
  });

  it("rejects bodies over 16 KiB with 413 and changes nothing", async () => {
    const h = setup();
    const before = h.snapshot();
    const token = await signLink(LINK_KEY, claimsFor());
    const res = await h.app.request(`/a/${token}`, post({ name: "Anna", note: "x".repeat(17 * 1024) }));
    expect(res.status).toBe(413);
    expect(h.snapshot()).toBe(before);
  });
});
