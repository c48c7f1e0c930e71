import {
  createExecutionContext,
  createScheduledController,
  env,
  waitOnExecutionContext,
} from "cloudflare:test";
import { expect, it } from "vitest";
import worker from "../../src/index";
import { Fake } from "../support/fake-client";
import { configWithTelegram, setClock, telegramBody, tick, Watched } from "../support/runtime";
import { healthyBody, TEST_CONTACTS } from "../support/test-config";

const fake = new Fake();
/** The test config's report hour is the default, 06:00 UTC. */
const REPORT_HOUR = Date.UTC(2026, 0, 2, 6, 0, 0);

/** Daily reports (of any day: the plain ticks run on 2026-01-01) that reached the fake Telegram since `since`. */
async function reports(since: number) {
  const calls = await fake.callsAbsolute("/tg/bot");
  return calls
    .filter((c) => c.path.endsWith("/sendMessage") && c.at >= since)
    .map((c) => telegramBody.parse(JSON.parse(c.body)))
    .filter((b) => /Daily check 2026-01-\d\d/.test(b.text));
}

// Its own file: the singleton state object's once-a-day claims start empty.
it("a tick at the report hour sends one daily report to L1 with services, open incidents and P4 items; later ticks send none", async () => {
  const w = new Watched("e2e-daily");
  try {
    const started = Date.now();
    // A version change (P4, report only), then an outage that opens an incident.
    await w.heal();
    await setClock(w.stub, started);
    await tick();
    await w.fake.scriptAbsolute(`/svc/${w.id}/health`, { body: healthyBody({ version: "1.1.0" }) });
    await tick();
    const { incident } = await w.openIncident(Date.now());
    expect(await reports(started)).toEqual([]);

    await tick(REPORT_HOUR);
    const sent = await reports(started);
    expect(sent).toHaveLength(1);
    const report = sent[0];
    expect(report?.chat_id).toBe(TEST_CONTACTS.l1Chat);
    expect(report?.parse_mode).toBe("HTML");
    expect(report?.text).toContain(w.name);
    expect(report?.text).toContain("Open incidents");
    expect(report?.text).toContain(`[P1] ${w.name}`);
    expect(report?.text).toContain(incident.id);
    expect(report?.text).toContain("P4 (for information)");
    expect(report?.text).toContain("1.0.0 → 1.1.0");
    // Healthy services are listed too (at least counted when the message runs out of room).
    expect(report?.text).toMatch(/Test service svc-a|\d+ more service\(s\) without findings/);

    expect(report?.text).toContain("Daily check 2026-01-02");
    // Later in the same hour: nothing more. Another hour of another day: nothing.
    await tick(REPORT_HOUR + 30 * 60_000);
    await tick(REPORT_HOUR + 25 * 60 * 60_000);
    expect(await reports(started)).toHaveLength(1);
  } finally {
    await w.heal();
  }
});

it("a daily report that reached nobody is tried again by the next tick that hour, and sent once", async () => {
  const started = Date.now();
  const day = Date.UTC(2026, 0, 5, 6, 0, 0);
  // Telegram unreachable at 06:00 (a closed port).
  const unreachable = { ...env, WATCHDOG_CONFIG: configWithTelegram("http://127.0.0.1:9") } as unknown as Env;
  const ctx = createExecutionContext();
  await worker.scheduled(
    createScheduledController({ scheduledTime: day, cron: "* * * * *" }),
    unreachable,
    ctx,
  );
  await waitOnExecutionContext(ctx);
  expect((await reports(started)).filter((r) => r.text.includes("2026-01-05"))).toEqual([]);

  await tick(day + 60_000);
  await tick(day + 2 * 60_000);
  expect((await reports(started)).filter((r) => r.text.includes("2026-01-05"))).toHaveLength(1);
});
