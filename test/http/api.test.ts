import { describe, expect, it } from "vitest";
import type { IncidentView } from "../../src/escalation/types";
import { testConfig } from "../support/test-config";
import { T0 } from "../support/time";
import { ADMIN, DOOR_CONFIG, harness, incidentOf } from "./fakes";

const auth = { headers: { Authorization: `Bearer ${ADMIN}` } };

function seeded() {
  const h = harness();
  const bot = h.monitor("calendar-bot");
  bot.add(incidentOf("calendar-bot", 1, { status: "acknowledged", severity: "P2", acknowledgedBy: "Anna" }));
  bot.add(incidentOf("calendar-bot", 2, { status: "resolved", severity: "P1", resolvedBy: "auto" }));
  bot.add(incidentOf("calendar-bot", 3, { status: "resolved", severity: "P3" }));
  bot.snap = {
    lastProbe: {
      serviceId: "calendar-bot",
      at: T0 - 5_000,
      health: { ok: true, latencyMs: 120, version: "1.4.2" },
      agent: { ok: false, latencyMs: 5000, reason: "timeout after 5000 ms" },
      findings: [
        { code: "agent_unreachable", severity: "P3", check: "agent", reason: "timeout after 5000 ms" },
      ],
    },
  };
  h.monitor("evil").add(
    incidentOf("evil", 4, {
      timeline: [
        { at: T0, kind: "note", by: "<img src=x onerror=alert(1)>", text: "<script>steal()</script>" },
      ],
    }),
  );
  return h;
}

describe("GET /health", () => {
  it("waits for the first tick, then is ok, then stale after 3 minutes", async () => {
    const h = harness();
    let res = await h.app.request("/health");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "waiting_for_first_tick", services: 2 });

    await h.state.recordTick({ at: T0 - 20_000, durationMs: 800, services: 2, failures: 0 }, 180_000);
    res = await h.app.request("/health");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      status: "ok",
      lastTickAt: "2026-01-05T11:59:40.000Z",
      lastTickAgeMs: 20_000,
      failedServices: 0,
      services: 2,
    });

    h.clock.now = T0 + 181_000;
    res = await h.app.request("/health");
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ status: "stale", lastTickAgeMs: 201_000 });
  });

  it("is 503 secrets_missing, naming each one, when a valid config lacks the secrets it needs", async () => {
    const h = harness({
      setupProblems: [{ path: "TELEGRAM_BOT_TOKEN", message: "not set: Telegram pages cannot be sent" }],
    });
    await h.state.recordTick({ at: T0 - 20_000, durationMs: 800, services: 2, failures: 0 }, 180_000);
    const res = await h.app.request("/health");
    expect(res.status).toBe(503);
    const body = await res.json();
    expect(body).toEqual({
      status: "secrets_missing",
      problems: [{ path: "TELEGRAM_BOT_TOKEN", message: "not set: Telegram pages cannot be sent" }],
    });
    expect(JSON.stringify(body)).not.toContain("TEST");
  });

  it("says degraded when some services failed in the last tick, and failing when all did", async () => {
    const h = harness();
    await h.state.recordTick({ at: T0 - 20_000, durationMs: 800, services: 2, failures: 1 }, 180_000);
    let res = await h.app.request("/health");
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "degraded", failedServices: 1 });
    await h.state.recordTick({ at: T0 - 10_000, durationMs: 800, services: 2, failures: 2 }, 180_000);
    res = await h.app.request("/health");
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ status: "failing", failedServices: 2 });
  });

  it("is 503 with every config problem when the config is invalid; other routes are 503 too", async () => {
    const h = harness({ config: undefined });
    const res = await h.app.request("/health");
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({
      status: "config_invalid",
      problems: [{ path: "publicUrl", message: "must be an http(s) URL" }],
    });
    expect((await h.app.request("/api/services", auth)).status).toBe(503);
    expect((await h.app.request("/a/x.y")).status).toBe(503);
  });
});

describe("admin API", () => {
  const paths = [
    "/api/services",
    "/api/incidents",
    "/api/incidents/calendar-bot:1",
    "/api/maintenance",
    "/metrics",
  ];
  for (const path of paths) {
    it(`${path} needs the admin token`, async () => {
      const h = seeded();
      expect((await h.app.request(path)).status).toBe(401);
      for (const header of [`Bearer wrong`, `Bearer ${ADMIN}x`, `Basic ${ADMIN}`, ADMIN]) {
        const res = await h.app.request(path, { headers: { Authorization: header } });
        expect(res.status, header).toBe(401);
      }
      // A token in the query string is never taken (it would land in request logs).
      expect((await h.app.request(`${path}?token=${ADMIN}`)).status).toBe(401);
      expect((await h.app.request(path, auth)).status).toBe(200);
    });
  }

  it("refuses everyone when no admin token is configured", async () => {
    const h = harness();
    h.deps.secrets.adminToken = "";
    expect((await h.app.request("/api/services", { headers: { Authorization: "Bearer " } })).status).toBe(
      401,
    );
    expect((await h.app.request("/status?token=")).status).toBe(401);
  });

  it("lists services with their latest probe, findings and open incident", async () => {
    const h = seeded();
    const body = (await (await h.app.request("/api/services", auth)).json()) as {
      services: {
        id: string;
        findings: unknown[];
        incident: { id: string } | null;
        lastProbe: unknown;
        probeEveryMs: number;
        probedBy: string;
        vantage: unknown;
      }[];
    };
    expect(body.services.map((s) => s.id)).toEqual(["calendar-bot", "evil"]);
    expect(body.services.map((s) => [s.probeEveryMs, s.probedBy, s.vantage])).toEqual([
      [60_000, "tick", null],
      [15_000, "object", { home: "weur", second: "enam" }],
    ]);
    expect(body.services[0]?.findings).toEqual([
      { code: "agent_unreachable", severity: "P3", check: "agent", reason: "timeout after 5000 ms" },
    ]);
    expect(body.services[0]?.incident?.id).toBe("calendar-bot:1");
    expect(body.services[1]?.lastProbe).toBeNull();
  });

  it("filters incidents by service, status, severity and limit", async () => {
    const h = seeded();
    const ids = async (query: string) => {
      const res = await h.app.request(`/api/incidents${query}`, auth);
      expect(res.status, query).toBe(200);
      const body = (await res.json()) as { incidents: IncidentView[] };
      return body.incidents.map((i) => i.id);
    };
    expect(await ids("")).toEqual(["calendar-bot:1", "calendar-bot:2", "calendar-bot:3", "evil:4"]);
    expect(await ids("?service=evil")).toEqual(["evil:4"]);
    expect(await ids("?status=resolved")).toEqual(["calendar-bot:2", "calendar-bot:3"]);
    expect(await ids("?status=active")).toEqual(["calendar-bot:1", "evil:4"]);
    expect(await ids("?severity=P1")).toEqual(["calendar-bot:2", "evil:4"]);
    expect(await ids("?service=calendar-bot&status=resolved&severity=P3")).toEqual(["calendar-bot:3"]);
    expect(await ids("?limit=2")).toEqual(["calendar-bot:1", "calendar-bot:2"]);
    expect((await h.app.request("/api/incidents?status=bogus", auth)).status).toBe(400);
    expect((await h.app.request("/api/incidents?limit=0", auth)).status).toBe(400);
    expect((await h.app.request("/api/incidents?service=nope", auth)).status).toBe(404);
  });

  it("lists leave the timeline out; one incident has it", async () => {
    const h = seeded();
    const list = (await (await h.app.request("/api/incidents?service=evil", auth)).json()) as {
      incidents: Record<string, unknown>[];
    };
    expect(list.incidents[0]).not.toHaveProperty("timeline");
    const one = await h.app.request("/api/incidents/evil:4", auth);
    const body = (await one.json()) as { incident: IncidentView };
    expect(body.incident.timeline[0]?.text).toBe("<script>steal()</script>");
    expect((await h.app.request("/api/incidents/evil:99", auth)).status).toBe(404);
    expect((await h.app.request("/api/incidents/unknown:1", auth)).status).toBe(404);
  });

  it("creates, lists and cancels maintenance windows", async () => {
    const h = seeded();
    const create = (body: unknown) =>
      h.app.request("/api/maintenance", {
        method: "POST",
        headers: { ...auth.headers, "Content-Type": "application/json" },
        body: JSON.stringify(body),
      });
    const res = await create({
      serviceId: "calendar-bot",
      start: "2026-01-05T13:00:00Z",
      end: "2026-01-05T14:00:00Z",
      reason: "kernel update",
    });
    expect(res.status).toBe(201);
    const { window } = (await res.json()) as { window: { id: string } };
    expect(h.state.windows).toEqual([
      {
        id: window.id,
        serviceId: "calendar-bot",
        start: Date.parse("2026-01-05T13:00:00Z"),
        end: Date.parse("2026-01-05T14:00:00Z"),
        reason: "kernel update",
        createdBy: "api",
      },
    ]);
    const bad = [
      { serviceId: "nope", start: T0, end: T0 + 1000, reason: "x" },
      { serviceId: "calendar-bot", start: T0 + 1000, end: T0, reason: "x" },
      { serviceId: "calendar-bot", start: T0 - 2000, end: T0 - 1000, reason: "already over" },
      { serviceId: "calendar-bot", start: "tomorrow", end: T0 + 1000, reason: "x" },
      { serviceId: "calendar-bot", start: T0, end: T0 + 1000, reason: "" },
    ];
    for (const body of bad) expect((await create(body)).status, JSON.stringify(body)).toBe(400);
    expect(h.state.windows).toHaveLength(1);

    const list = (await (await h.app.request("/api/maintenance", auth)).json()) as { windows: unknown[] };
    expect(list.windows).toHaveLength(1);
    const del = () => h.app.request(`/api/maintenance/${window.id}`, { method: "DELETE", ...auth });
    expect((await del()).status).toBe(200);
    expect(h.state.windows).toHaveLength(0);
    expect((await del()).status).toBe(404);
  });

  it("issue 13 item 3: a window beyond the sane years or longer than maxMaintenance is a 400, never a 500", async () => {
    const DAY = 86_400_000;
    const h = seeded();
    const create = (body: Record<string, unknown>) =>
      h.app.request("/api/maintenance", {
        method: "POST",
        headers: { ...auth.headers, "Content-Type": "application/json" },
        body: JSON.stringify({ serviceId: "calendar-bot", start: T0, reason: "upgrade", ...body }),
      });
    const refusals: [Record<string, unknown>, RegExp][] = [
      // Past the end of JavaScript's Date range: the status page threw a RangeError (500).
      [{ end: 8_640_000_000_000_001 }, /^end: must be between 2000-01-01 and 2100-01-01 UTC$/],
      // Inside the Date range but silencing paging until the year 9999.
      [{ end: "9999-12-31T23:59:59Z" }, /^end: must be between 2000-01-01 and 2100-01-01 UTC$/],
      [{ start: "1970-01-01T00:00:00Z", end: T0 + DAY }, /^start: must be between/],
      [{ end: T0 + 7 * DAY + 1 }, /^end: the window lasts 7.01d, longer than maxMaintenance \(7d\)$/],
      [{ end: T0 + 30 * DAY }, /^end: the window lasts 30d, longer than maxMaintenance \(7d\)$/],
    ];
    for (const [body, message] of refusals) {
      const res = await create(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(((await res.json()) as { message: string }).message).toMatch(message);
    }
    expect(h.state.windows).toEqual([]);
    expect((await create({ end: T0 + 7 * DAY })).status).toBe(201);
    const page = await h.app.request("/status", auth);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("2026-01-12 12:00:00");

    // The maximum is the config's.
    const longer = harness({ config: testConfig({ ...DOOR_CONFIG, maxMaintenance: "30d" }) });
    const res = await longer.app.request("/api/maintenance", {
      method: "POST",
      headers: { ...auth.headers, "Content-Type": "application/json" },
      body: JSON.stringify({ serviceId: "calendar-bot", start: T0, end: T0 + 30 * DAY, reason: "move" }),
    });
    expect(res.status).toBe(201);
  });
});
