import { describe, expect, it } from "vitest";
import { alarmAt, armedAt, healedAfterEach, setClock, tick, Watched } from "../support/runtime";
import { TEST_CONTACTS } from "../support/test-config";

const MIN = 60_000;

describe("ServiceMonitor: operator actions", () => {
  const healed = healedAfterEach();
  const watch = (id: ConstructorParameters<typeof Watched>[0]) => healed(new Watched(id));

  it("acknowledge stops reminders and the L2 step, not the unresolved L3 step", async () => {
    const w = watch("dur-ack");
    const { incident, openedAt } = await w.openIncident();
    await setClock(w.stub, openedAt + 3 * MIN);
    const outcome = await w.api.acknowledge(
      { incidentId: incident.id, epoch: 1 },
      { by: "alice", level: "L1" },
    );
    expect(outcome).toMatchObject({
      ok: true,
      incident: { status: "acknowledged", acknowledgedBy: "alice (L1)", acknowledgedAt: openedAt + 3 * MIN },
    });
    // L1 hears it, and the original page is edited to show it.
    const sent = await w.telegram("sendMessage");
    expect(sent.map((m) => m.text.includes("alice"))).toEqual([false, true]);
    const edits = await w.telegram("editMessageText");
    expect(edits.map((e) => [e.chat_id, e.message_id])).toEqual([["100001", 7001]]);
    expect(edits[0]?.text).toContain("alice");

    const again = await w.api.acknowledge({ incidentId: incident.id, epoch: 1 }, { by: "bob" });
    expect(again).toMatchObject({
      ok: false,
      refusal: "already_acknowledged",
      incident: { acknowledgedBy: "alice (L1)" },
    });

    // Past the reminder times and the 15-minute L2 step: nothing more is sent.
    await alarmAt(w.stub, openedAt + 16 * MIN);
    expect(await w.emailsTo(TEST_CONTACTS.l2)).toEqual([]);
    expect(await w.telegram("sendMessage")).toHaveLength(2);
    expect(await armedAt(w.stub)).toBe(openedAt + 30 * MIN);

    await alarmAt(w.stub, openedAt + 30 * MIN);
    expect(await w.emailsTo(TEST_CONTACTS.l3)).toHaveLength(1);
    expect(await w.emailsTo(TEST_CONTACTS.l2)).toEqual([]);
  });

  it("resolve notifies every level paged so far, and nobody else, then stops all timers", async () => {
    const w = watch("dur-resolve");
    const { incident, openedAt } = await w.openIncident();
    await alarmAt(w.stub, openedAt + 15 * MIN);
    expect((await w.incident()).paged).toEqual(["L1", "L2"]);
    const before = (await w.telegram("sendMessage")).length;

    await setClock(w.stub, openedAt + 20 * MIN);
    const outcome = await w.api.resolve(
      { incidentId: incident.id, epoch: 1 },
      { by: "bob" },
      "restarted the bot",
    );
    expect(outcome).toMatchObject({ ok: true, incident: { status: "resolved", resolvedBy: "bob" } });

    const l1 = (await w.telegram("sendMessage")).slice(before);
    expect(l1).toHaveLength(1);
    expect(l1[0]?.text).toMatch(/resolved/i);
    expect(await w.telegram("editMessageText")).toHaveLength(1);
    const l2 = await w.emailsTo(TEST_CONTACTS.l2);
    expect(l2.map((m) => m.key)).toEqual([
      `${incident.id}/1/escalation/L2/P1.1`,
      `${incident.id}/1/resolved/L2/0`,
    ]);
    expect(await w.emailsTo(TEST_CONTACTS.l3)).toEqual([]);
    expect(await w.emailsTo(TEST_CONTACTS.l4)).toEqual([]);
    expect(await armedAt(w.stub)).toBeNull();

    const timeline = (await w.api.incident(incident.id))?.timeline ?? [];
    expect(timeline.filter((e) => e.kind === "note").map((e) => e.text)).toEqual(["restarted the bot"]);
  });

  it("refuses an action for an older epoch of a reopened incident", async () => {
    const w = watch("dur-stale");
    const { incident, openedAt } = await w.openIncident();
    await setClock(w.stub, openedAt + MIN);
    await w.api.resolve({ incidentId: incident.id, epoch: 1 }, { by: "bob" });
    // Still failing: confirmed again within the 10-minute reopen window, the same incident reopens.
    const reopened = await w.openIncident(openedAt + 2 * MIN);
    expect(reopened.incident).toMatchObject({ id: incident.id, epoch: 2, status: "open" });

    const stale = await w.api.acknowledge({ incidentId: incident.id, epoch: 1 }, { by: "alice" });
    expect(stale).toMatchObject({ ok: false, refusal: "stale_epoch" });
    expect((await w.incident()).status).toBe("open");
    const unknown = await w.api.acknowledge({ incidentId: `${incident.id}x`, epoch: 2 }, { by: "alice" });
    expect(unknown).toMatchObject({ ok: false, refusal: "no_such_incident" });

    expect(await w.api.acknowledge({ incidentId: incident.id, epoch: 2 }, { by: "alice" })).toMatchObject({
      ok: true,
      incident: { epoch: 2, status: "acknowledged" },
    });
  });

  it("history() and incident() return past incidents with their timelines", async () => {
    const w = watch("dur-history");
    const first = await w.openIncident();
    await w.heal();
    await tick();
    await alarmAt(w.stub, first.openedAt + MIN);
    const resolved = await w.api.incident(first.incident.id);
    expect(resolved).toMatchObject({ status: "resolved", resolvedBy: "auto" });
    expect(resolved?.timeline.map((e) => e.kind)).toContain("resolved");

    // Outside the reopen window a new failure is a new incident.
    const second = await w.openIncident(first.openedAt + 15 * MIN);
    expect(second.incident.id).not.toBe(first.incident.id);
    const history = await w.api.history();
    expect(history.map((v) => [v.id, v.status])).toEqual([
      [second.incident.id, "open"],
      [first.incident.id, "resolved"],
    ]);
    expect((await w.api.history(1)).map((v) => v.id)).toEqual([second.incident.id]);
    expect(await w.api.incident(first.incident.id)).toEqual(resolved);
    expect(await w.api.incident("dur-history:nope")).toBeUndefined();
  });
});
