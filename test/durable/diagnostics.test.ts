import { env } from "cloudflare:test";
import { describe, expect, it, vi } from "vitest";
import type { DiagnosticsSnapshot } from "../../src/checks/diagnostics";
import { alarmAt, armedAt, healedAfterEach, setClock, tick, Watched, withEnv } from "../support/runtime";

const snapshot: DiagnosticsSnapshot = {
  schema: 1,
  incident: "diag-snap:x-1",
  level: "P1",
  collectedAt: "2026-01-11T08:16:00Z",
  containers: [{ name: "telegram-bot", state: "exited", status: "Exited (1) 1 minute ago", restartCount: 3 }],
  logs: {
    container: "telegram-bot",
    lines: ["INFO started", "sqlite3.OperationalError: database is locked"],
    truncated: false,
  },
  memory: { usedPercent: 40 },
  disks: [{ mount: "/", usedPercent: 50 }],
};

/**
 * Fails the service and runs each re-check when it is due until the incident opens: with an
 * agent to probe too, the tick's probe may start later than `openIncident`'s fixed 6 s assumes.
 */
async function open(w: Watched) {
  // Only this object's config names an agent: the tick (and every other test file) probes
  // these services without one, so no other test sees their agent.
  const config = structuredClone(env.WATCHDOG_CONFIG) as unknown as {
    services: { id: string; healthUrl: string; agentUrl?: string }[];
  };
  for (const s of config.services)
    if (s.id === w.id) s.agentUrl = s.healthUrl.replace(/health$/, "agent/status");
  await withEnv(w.stub, { WATCHDOG_CONFIG: config });
  await w.fail();
  const start = Date.now();
  await setClock(w.stub, start);
  await tick();
  for (let i = 0; i < 10; i++) {
    const snap = await w.api.snapshot();
    if (snap.incident) return { incident: snap.incident, openedAt: snap.incident.openedAt };
    const at = await armedAt(w.stub);
    if (at === null) break;
    await alarmAt(w.stub, at);
  }
  throw new Error(`${w.id}: no incident opened`);
}

/** Waits until the object has kept a snapshot (or its absence) and sent the follow-up. */
async function settled(w: Watched, incidentId: string): Promise<void> {
  await vi.waitFor(
    async () => {
      expect(await w.api.diagnostics(incidentId)).toBeDefined();
      expect(await w.telegram("sendMessage")).toHaveLength(2);
    },
    { timeout: 5_000, interval: 20 },
  );
}

describe("issue 14 item 2: the service object asks its agent after a P1 page", () => {
  const watch = healedAfterEach();

  it("issue 14 item 2: P1 opens → the page, then a signed ask and a follow-up with the summary; the snapshot is on the timeline", async () => {
    const w = watch(new Watched("diag-snap"));
    await w.fake.scriptAbsolute("/svc/diag-snap/agent/diagnostics", { body: snapshot });
    const { incident } = await open(w);
    // The snapshot follows the page without holding the object's probing: wait for it.
    await settled(w, incident.id);
    const asks = await w.fake.callsAbsolute("/svc/diag-snap/agent/diagnostics");
    expect(asks).toHaveLength(1);
    const asked = new URL(asks[0]?.path ?? "", "http://x");
    expect(asked.searchParams.get("incident")).toBe(incident.id);
    expect(asked.searchParams.get("level")).toBe("P1");
    expect(asks[0]?.headers["x-watchdog-signature"]).toMatch(/^[0-9a-f]{64}$/);
    const sent = await w.telegram("sendMessage");
    expect(sent).toHaveLength(2);
    expect(sent[1]?.text).toContain("telegram-bot: Exited (1) 1 minute ago, 3 restarts");
    expect(sent[1]?.text).toContain("sqlite3.OperationalError: database is locked");
    const note = (await w.incident()).timeline.find((e) => e.by === "watchdog agent");
    expect(note?.text).toContain("database is locked");
    expect(await w.api.diagnostics(incident.id)).toMatchObject({ ok: true, trigger: "opened" });
  });

  it("issue 14 item 2: agent down → the page goes out on time, the snapshot is marked unavailable", async () => {
    const w = watch(new Watched("diag-down"));
    // The reverse proxy in front of a stopped agent answers 502.
    await w.fake.scriptAbsolute("/svc/diag-down/agent/diagnostics", { status: 502, body: "Bad Gateway" });
    const { incident, openedAt } = await open(w);
    await settled(w, incident.id);
    const sent = await w.telegram("sendMessage");
    expect(sent[0]?.text).toContain(w.name);
    expect(incident.timeline.find((e) => e.kind === "notified")?.at).toBe(openedAt);
    expect(await w.api.diagnostics(incident.id)).toMatchObject({ ok: false, summary: [] });
    expect(sent[1]?.text).toMatch(/snapshot unavailable/);
    const note = (await w.incident()).timeline.find((e) => e.by === "watchdog agent");
    expect(note?.text).toMatch(/^diagnostics unavailable: /);
  });
});
