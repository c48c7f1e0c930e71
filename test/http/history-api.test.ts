import { describe, expect, it } from "vitest";
import { DAY_MS, MINUTE_MS } from "../../src/history";
import { T0 } from "../support/time";
import { ADMIN, harness, incidentOf } from "./fakes";

const auth = { headers: { Authorization: `Bearer ${ADMIN}` } };

/** A harness whose calendar-bot watched the last two hours, failing one probe in the second. */
function watched() {
  const h = harness();
  const bot = h.monitor("calendar-bot");
  for (let t = T0 - 2 * 60 * MINUTE_MS; t <= T0; t += MINUTE_MS) {
    const failed = t === T0 - 30 * MINUTE_MS;
    bot.book.observe({ at: t, probe: { failed, latencyMs: failed ? 5000 : 120 } });
  }
  return h;
}

async function errorOf(res: Response): Promise<{ status: number; message: string }> {
  const body = (await res.json()) as { message: string };
  return { status: res.status, message: body.message };
}

describe("issue 15 item 3: the history API", () => {
  it("issue 15 item 3: GET /api/services/:id/history answers the buckets of the range at the step", async () => {
    const h = watched();
    const from = new Date(T0 - 2 * 60 * MINUTE_MS).toISOString();
    const res = await h.app.request(
      `/api/services/calendar-bot/history?from=${from}&to=${T0 + 1}&step=1h`,
      auth,
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      step: string;
      points: { start: number; probes: number; failures: number }[];
    };
    expect(body.step).toBe("1h");
    expect(body.points.map((p) => [p.start - T0, p.probes, p.failures])).toEqual([
      [-2 * 3_600_000, 60, 0],
      [-3_600_000, 60, 1],
      [0, 1, 0],
    ]);
    const minutes = await h.app.request(
      `/api/services/calendar-bot/history?from=${T0 - 5 * MINUTE_MS}&to=${T0}&step=1m`,
      auth,
    );
    expect(((await minutes.json()) as { points: unknown[] }).points).toHaveLength(5);
  });

  it("issue 15 item 3: the history needs the admin token", async () => {
    const h = watched();
    expect((await h.app.request("/api/services/calendar-bot/history")).status).toBe(401);
    expect((await h.app.request("/api/sla")).status).toBe(401);
  });

  it.each([
    ["from after to", `from=${T0}&to=${T0 - 1}`, "from must not be after to"],
    ["over 400 days", `from=${T0 - 401 * DAY_MS}&to=${T0}`, "the range is over 400 days"],
    ["a step not allowed", "step=5m", "step must be one of 1m, 1h, 1d"],
    ["a time that is none", "from=yesterday", "not a time: yesterday"],
  ])("issue 15 item 3: %s is a 400 with a clear message", async (_what, query, message) => {
    const h = watched();
    const res = await h.app.request(`/api/services/calendar-bot/history?${query}`, auth);
    const error = await errorOf(res);
    expect(error.status).toBe(400);
    expect(error.message).toContain(message);
  });

  it("issue 15 item 3: an unknown service is a 400 naming it", async () => {
    const h = watched();
    const error = await errorOf(await h.app.request("/api/services/nope/history", auth));
    expect(error).toEqual({ status: 400, message: "unknown service nope" });
  });

  it("issue 15 item 3: GET /api/sla answers compliance per severity and lists each breach", async () => {
    const h = harness();
    const bot = h.monitor("calendar-bot");
    const opened = T0 - DAY_MS;
    bot.add(
      incidentOf("calendar-bot", 1, {
        status: "resolved",
        severity: "P1",
        openedAt: opened,
        acknowledgedAt: opened + 10 * MINUTE_MS,
        resolvedAt: opened + 30 * MINUTE_MS,
        sla: { respondBy: opened + 5 * MINUTE_MS, resolveBy: opened + 60 * MINUTE_MS },
        slaBreaches: [{ kind: "respond", at: opened + 5 * MINUTE_MS }],
      }),
    );
    const res = await h.app.request(`/api/sla?from=${T0 - 7 * DAY_MS}&to=${T0}`, auth);
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      bySeverity: Record<
        string,
        { incidents: number; mttaMs: number; respondCompliance: number; resolveCompliance: number }
      >;
      breaches: { incidentId: string; kind: string }[];
    };
    expect(body.bySeverity.P1).toMatchObject({
      incidents: 1,
      mttaMs: 10 * MINUTE_MS,
      respondCompliance: 0,
      resolveCompliance: 100,
    });
    expect(body.breaches).toEqual([
      expect.objectContaining({ incidentId: "calendar-bot:1", kind: "respond" }),
    ]);
    const bad = await errorOf(await h.app.request(`/api/sla?from=${T0}&to=${T0 - DAY_MS}`, auth));
    expect(bad).toEqual({ status: 400, message: "from must not be after to" });
  });
});
