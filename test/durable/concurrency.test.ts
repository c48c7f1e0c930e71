import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { ProbeResult } from "../../src/checks/types";
import type { ServiceMonitor } from "../../src/durable/service-monitor";
import { Fake } from "../support/fake-client";
import {
  alarmAt,
  armedAt,
  configWithTelegram,
  healedAfterEach,
  setClock,
  tick,
  Watched,
  withEnv,
} from "../support/runtime";
import { TEST_CONTACTS, TEST_SECRETS } from "../support/test-config";

const MIN = 60_000;
const SEND = `/bot${TEST_SECRETS.TELEGRAM_BOT_TOKEN}/sendMessage`;

/** Waits until the fake has received `n` calls on `path`. */
async function callsReach(fake: Fake, path: string, n: number): Promise<void> {
  const deadline = Date.now() + 5_000;
  while ((await fake.calls(path)).length < n) {
    if (Date.now() > deadline) throw new Error(`${path}: fewer than ${n} calls`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("ServiceMonitor: events that arrive while a delivery is in flight", () => {
  const watch = healedAfterEach();

  it("a tick's ingest during a slow page does not take the page for a crashed claim and send it again", async () => {
    const w = watch(new Watched("dur-race"));
    // Telegram answers slowly: the page is in flight when the next tick's probe arrives.
    const slow = new Fake();
    await slow.script(SEND, { delayMs: 1_500, body: { ok: true, result: { message_id: 42 } } });
    await w.fail();
    const start = Date.now();
    await setClock(w.stub, start);
    await withEnv(w.stub, { WATCHDOG_CONFIG: configWithTelegram(slow.url("")) });
    await tick();
    let at = start;
    for (let i = 0; i < 3; i++) {
      at += 6_000;
      await alarmAt(w.stub, at);
    }
    const probe = (await w.api.snapshot()).lastProbe;
    if (!probe) throw new Error("no probe yet");

    const opening = at + 6_000;
    const paging = runInDurableObject(w.stub, async (i: ServiceMonitor) => {
      i.clock = () => opening;
      await i.alarm();
    });
    await callsReach(slow, SEND, 1);
    // Slow enough that the claim looks stale by the clock (a delivery can take minutes of retries).
    const later: ProbeResult = { ...probe, at: opening + 150_000 };
    await w.api.ingest(later);
    await paging;

    expect(await slow.calls(SEND)).toHaveLength(1);
    const incident = await w.incident();
    expect(incident.timeline.filter((e) => e.kind === "notified")).toHaveLength(1);
  });
});

describe("ServiceMonitor: a step that reached only some of its contacts", () => {
  const watch = healedAfterEach();

  it("retries the contacts it missed, and only them", async () => {
    const w = watch(new Watched("dur-partial"));
    // L1 is two Telegram chats: the first gets the page, the second's is rate limited for a while.
    const tg = new Fake();
    const limited = {
      status: 429,
      body: { ok: false, error_code: 429, description: "Too Many Requests", parameters: { retry_after: 0 } },
    };
    await tg.script(SEND, { body: { ok: true, result: { message_id: 1 } } }, limited, limited, limited, {
      body: { ok: true, result: { message_id: 2 } },
    });
    const config = configWithTelegram(tg.url("")) as { escalation: { levels: { L1: unknown[] } } };
    config.escalation.levels.L1 = [
      { channel: "telegram", chatId: "100001" },
      { channel: "telegram", chatId: "100002" },
    ];
    await w.fail();
    const start = Date.now();
    await setClock(w.stub, start);
    await withEnv(w.stub, { WATCHDOG_CONFIG: config });
    await tick();
    let at = start;
    for (let i = 0; i < 4; i++) {
      at += 6_000;
      await alarmAt(w.stub, at);
    }
    const chats = async () =>
      (await tg.calls(SEND)).map((c) => String((JSON.parse(c.body) as { chat_id: unknown }).chat_id));
    expect(await chats()).toEqual(["100001", "100002", "100002", "100002"]);

    // The retry comes due well before the first reminder, and goes to the missed chat alone.
    const retryAt = (await armedAt(w.stub)) ?? 0;
    expect(retryAt).toBeLessThanOrEqual(at + 60_000);
    await alarmAt(w.stub, retryAt);
    expect(await chats()).toEqual(["100001", "100002", "100002", "100002", "100002"]);
    await alarmAt(w.stub, retryAt + 60_000);
    expect((await chats()).filter((c) => c === "100001")).toHaveLength(1);
    const notified = (await w.incident()).timeline.filter((e) => e.kind === "notified");
    expect(notified.map((e) => e.text)).toEqual([
      expect.stringContaining("100001"),
      expect.stringContaining("100002"),
    ]);
  });
});

describe("ServiceMonitor: a retried step that is no longer true", () => {
  const watch = healedAfterEach();

  it("a reminder that failed for a passing reason is not sent once the incident is acknowledged", async () => {
    const w = watch(new Watched("dur-remind"));
    const { incident, openedAt } = await w.openIncident();
    // Telegram is rate limited when the 5-minute reminder comes due.
    const limited = new Fake();
    await limited.script(SEND, {
      status: 429,
      body: { ok: false, error_code: 429, description: "Too Many Requests", parameters: { retry_after: 0 } },
    });
    await withEnv(w.stub, { WATCHDOG_CONFIG: configWithTelegram(limited.url("")) });
    await alarmAt(w.stub, openedAt + 5 * MIN);
    expect((await limited.calls(SEND)).map((c) => c.body).join("\n")).toContain("Reminder");
    const retryAt = (await armedAt(w.stub)) ?? 0;

    await withEnv(w.stub, {});
    await setClock(w.stub, openedAt + 5 * MIN + 5_000);
    await w.api.acknowledge({ incidentId: incident.id, epoch: 1 }, { by: "alice", level: "L1" });
    await alarmAt(w.stub, Math.max(retryAt, openedAt + 5 * MIN + 6_000));
    const reminders = (await w.telegram("sendMessage")).filter((m) => m.text.includes("Reminder"));
    expect(reminders).toEqual([]);
  });

  it("an 'if unacknowledged' escalation that failed for a passing reason is not sent once the incident is acknowledged", async () => {
    const w = watch(new Watched("dur-l2-ack"));
    const { incident, openedAt } = await w.openIncident();
    // The mail API is rate limited when the 15-minute L2 step comes due.
    const limited = new Fake();
    await limited.script("/emails", {
      status: 429,
      headers: { "retry-after": "0" },
      body: { message: "slow down" },
    });
    const config = structuredClone(env.WATCHDOG_CONFIG) as unknown as {
      notify: { email: { apiBase: string } };
    };
    config.notify.email.apiBase = limited.url("");
    await withEnv(w.stub, { WATCHDOG_CONFIG: config });
    await alarmAt(w.stub, openedAt + 15 * MIN);
    expect((await limited.calls("/emails")).length).toBeGreaterThan(0);
    const retryAt = (await armedAt(w.stub)) ?? 0;
    expect(retryAt).toBeLessThan(openedAt + 20 * MIN);

    await withEnv(w.stub, {});
    await setClock(w.stub, openedAt + 15 * MIN + 5_000);
    await w.api.acknowledge({ incidentId: incident.id, epoch: 1 }, { by: "alice", level: "L1" });
    await alarmAt(w.stub, Math.max(retryAt, openedAt + 15 * MIN + 6_000));
    const l2 = (await w.emailsTo(TEST_CONTACTS.l2)).filter((m) => m.key.includes("/escalation/L2/"));
    expect(l2).toEqual([]);
  });
});
