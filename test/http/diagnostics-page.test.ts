import { describe, expect, it } from "vitest";
import type { StoredDiagnostics } from "../../src/monitor/diagnostics-entry";
import { T0 } from "../support/time";
import { ADMIN, harness, incidentOf } from "./fakes";

const admin = { headers: { Authorization: `Bearer ${ADMIN}` } };

function stored(incidentId: string): StoredDiagnostics {
  return {
    incidentId,
    at: T0,
    trigger: "opened",
    ok: true,
    summary: ["telegram-bot: Exited (1) 2 minutes ago, 4 restarts", "<b>sqlite3.OperationalError</b>"],
    snapshot: {
      schema: 1,
      incident: incidentId,
      level: "P1",
      collectedAt: new Date(T0).toISOString(),
      containers: [
        { name: "telegram-bot", state: "exited", status: "Exited (1) 2 minutes ago", restartCount: 4 },
      ],
      logs: {
        container: "telegram-bot",
        lines: ["Traceback", "<b>sqlite3.OperationalError</b>"],
        truncated: true,
      },
      memory: { usedPercent: 41 },
      disks: [{ mount: "/", usedPercent: 96 }],
    },
  };
}

describe("issue 14 item 2: the snapshot on the pages", () => {
  it("issue 14 item 2: the incident page shows the snapshot (escaped), and the status page its summary", async () => {
    const h = harness();
    const incident = incidentOf("calendar-bot", 1);
    h.monitor("calendar-bot").add(incident);
    h.monitor("calendar-bot").snapshots.set(incident.id, stored(incident.id));
    const page = await (
      await h.app.request(`/status/incidents/${encodeURIComponent(incident.id)}`, admin)
    ).text();
    expect(page).toContain("telegram-bot: Exited (1) 2 minutes ago, 4 restarts");
    expect(page).toContain("&lt;b&gt;sqlite3.OperationalError&lt;/b&gt;");
    expect(page).not.toContain("<b>sqlite3");
    expect(page).toContain("/ 96 %");
    expect(page).toContain(`action="/status/incidents/${encodeURIComponent(incident.id)}/diagnostics"`);
    // The open incident reaches the status page through the tick's summaries (issue 17 item 5).
    await h.summarize();
    const status = await (await h.app.request("/status", admin)).text();
    expect(status).toContain("telegram-bot: Exited (1) 2 minutes ago, 4 restarts");
  });

  it("issue 14 item 2: an unavailable snapshot says so; only the admin can ask for a fresh one", async () => {
    const h = harness();
    const incident = incidentOf("calendar-bot", 1);
    h.monitor("calendar-bot").add(incident);
    h.monitor("calendar-bot").snapshots.set(incident.id, {
      incidentId: incident.id,
      at: T0,
      trigger: "opened",
      ok: false,
      reason: "timed out after 5000 ms",
      summary: [],
    });
    const path = `/status/incidents/${encodeURIComponent(incident.id)}`;
    expect(await (await h.app.request(path, admin)).text()).toContain("timed out after 5000 ms");
    const anonymous = await h.app.request(`${path}/diagnostics`, { method: "POST" });
    expect(anonymous.status).toBe(401);
    expect(h.mutations()).toBe(0);
    const refreshed = await h.app.request(`${path}/diagnostics`, { method: "POST", ...admin });
    expect(refreshed.status).toBe(303);
    expect(refreshed.headers.get("Location")).toBe(path);
    expect(h.mutations()).toBe(1);
  });
});
