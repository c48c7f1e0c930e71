import {
  createExecutionContext,
  createScheduledController,
  env,
  runDurableObjectAlarm,
  runInDurableObject,
  waitOnExecutionContext,
} from "cloudflare:test";
import { afterEach } from "vitest";
import * as z from "zod";
import type { ServiceMonitor } from "../../src/durable/service-monitor";
import { monitorStub } from "../../src/durable/stubs";
import type { IncidentView } from "../../src/escalation/types";
import worker from "../../src/index";
import type { MonitorApi } from "../../src/monitor/api";
import { Fake, type FakeCall } from "./fake-client";
import { healthyBody, serviceName, type TestServiceId } from "./test-config";

/**
 * Drives the real Worker inside the Workers runtime: cron ticks through the default export,
 * the per-service Durable Object's alarm with an injected clock, and the loopback fake that
 * stands in for the watched services, Telegram and the mail API (see `test-config.ts`).
 */

/** A cron time whose hour is not the daily report's, so a tick never sends one. */
const NOT_REPORT_HOUR = Date.UTC(2026, 0, 1, 12, 0, 0);

/** The title line of a daily report, in either language. */
export const DAILY_REPORT = /(Daily check|Ежедневная проверка) \d{4}-\d\d-\d\d/;

/** The per-service Durable Object of a test service. */
export function monitor(id: TestServiceId): DurableObjectStub<ServiceMonitor> {
  return env.SERVICE_MONITOR.getByName(id);
}

/** Sets the clock the object uses for alarms and operator actions (lost on eviction). */
export async function setClock(stub: DurableObjectStub<ServiceMonitor>, at: number): Promise<void> {
  await runInDurableObject(stub, (instance: ServiceMonitor) => {
    instance.clock = () => at;
  });
}

/** Moves the clock to `at` and runs the pending alarm; false when none was armed. */
export async function alarmAt(stub: DurableObjectStub<ServiceMonitor>, at: number): Promise<boolean> {
  await setClock(stub, at);
  return runDurableObjectAlarm(stub);
}

/** Replaces the bindings the live instance sees (until it is evicted). */
export async function withEnv(
  stub: DurableObjectStub<ServiceMonitor>,
  patch: Partial<Record<keyof Env | "WATCHDOG_CONFIG", unknown>>,
): Promise<void> {
  await runInDurableObject(stub, (instance: ServiceMonitor) => {
    Reflect.set(instance, "env", { ...env, ...patch });
  });
}

/** The test config with the Telegram Bot API moved to `apiBase` (a test's own fake). */
export function configWithTelegram(apiBase: string): unknown {
  const config = structuredClone(env.WATCHDOG_CONFIG) as unknown as { notify: { telegramApiBase: string } };
  config.notify.telegramApiBase = apiBase;
  return config;
}

/** The time the object's alarm is armed for, or null. */
export async function armedAt(stub: DurableObjectStub<ServiceMonitor>): Promise<number | null> {
  return runInDurableObject(stub, (_instance: ServiceMonitor, state) => state.storage.getAlarm());
}

/**
 * One cron tick through the Worker's `scheduled` handler, including its `waitUntil` work.
 * `scheduledTime` picks the cron time (the daily report goes out at its hour only).
 */
export async function tick(scheduledTime = NOT_REPORT_HOUR): Promise<void> {
  const controller = createScheduledController({ scheduledTime, cron: "* * * * *" });
  const ctx = createExecutionContext();
  await worker.scheduled(controller, env, ctx);
  await waitOnExecutionContext(ctx);
}

/** What the fake Telegram Bot API received. */
export const telegramBody = z.object({
  chat_id: z.union([z.string(), z.number()]),
  text: z.string(),
  parse_mode: z.string().optional(),
  message_id: z.number().optional(),
  link_preview_options: z.object({ is_disabled: z.boolean() }).optional(),
  reply_markup: z
    .object({
      inline_keyboard: z.array(
        z.array(
          z.object({ text: z.string(), url: z.string().optional(), callback_data: z.string().optional() }),
        ),
      ),
    })
    .optional(),
});
export type TelegramBody = z.infer<typeof telegramBody>;

/** What the fake mail API received (Resend style). */
export const emailBody = z.object({
  from: z.string(),
  to: z.array(z.string()),
  subject: z.string(),
  text: z.string(),
  html: z.string(),
  headers: z.record(z.string(), z.string()).optional(),
});
export type EmailBody = z.infer<typeof emailBody>;

/** A test service on the fake: fail or answer healthy, and read what it caused. */
export class Watched {
  readonly fake = new Fake();
  readonly name: string;
  /** For `runInDurableObject`, alarms and eviction. */
  readonly stub: DurableObjectStub<ServiceMonitor>;
  /** The RPC contract (the generated stub type turns probe results into `never`). */
  readonly api: MonitorApi;

  constructor(readonly id: TestServiceId) {
    this.name = serviceName(id);
    this.stub = monitor(id);
    this.api = monitorStub(env, id);
  }

  /** `/health` answers 503 from now on. */
  async fail(): Promise<void> {
    await this.fake.scriptAbsolute(`/svc/${this.id}/health`, { status: 503, body: "upstream down" });
  }

  /** `/health` answers healthy from now on. */
  async heal(): Promise<void> {
    await this.fake.scriptAbsolute(`/svc/${this.id}/health`, { body: healthyBody() });
  }

  /**
   * Telegram calls of one method about this service, oldest first. Daily reports (which
   * name every service, and another file may send one meanwhile) are not about it.
   */
  async telegram(method: "sendMessage" | "editMessageText"): Promise<TelegramBody[]> {
    const calls = await this.fake.callsAbsolute("/tg/bot");
    return calls
      .filter((c) => c.path.endsWith(`/${method}`))
      .map((c) => telegramBody.parse(JSON.parse(c.body)))
      .filter((b) => b.text.includes(this.name) && !DAILY_REPORT.test(b.text));
  }

  /** Emails about this service, oldest first, with the request's idempotency key. */
  async emails(): Promise<(EmailBody & { key: string })[]> {
    const calls: FakeCall[] = await this.fake.callsAbsolute("/mail/emails");
    return calls
      .map((c) => ({ ...emailBody.parse(JSON.parse(c.body)), key: c.headers["idempotency-key"] ?? "" }))
      .filter((m) => m.subject.includes(this.name) || m.text.includes(this.name));
  }

  /** Emails about this service to one address. */
  async emailsTo(address: string): Promise<(EmailBody & { key: string })[]> {
    return (await this.emails()).filter((m) => m.to.includes(address));
  }

  /** The open or acknowledged incident; fails the test when there is none. */
  async incident(): Promise<IncidentView> {
    const snap = await this.api.snapshot();
    if (!snap.incident) throw new Error(`${this.id}: no open incident`);
    return snap.incident;
  }

  /**
   * Makes the service fail and confirms it the way production does: one cron tick, then four
   * quick re-checks by alarm on the object's clock (6 s apart: the tick's probe starts a few
   * milliseconds after `start`, and a re-check is due 5 s after it). Returns the open incident.
   */
  async openIncident(start = Date.now()): Promise<{ incident: IncidentView; openedAt: number }> {
    const at = await this.failUntilThreshold(start);
    await alarmAt(this.stub, at + 6_000);
    const incident = await this.incident();
    return { incident, openedAt: incident.openedAt };
  }

  /**
   * Fails the service and runs one tick plus three re-checks: four failing probes, one short
   * of the default threshold. Returns the time of the last re-check.
   */
  async failUntilThreshold(start = Date.now()): Promise<number> {
    await this.fail();
    await setClock(this.stub, start);
    await tick();
    let at = start;
    for (let i = 0; i < 3; i++) {
      at += 6_000;
      await alarmAt(this.stub, at);
    }
    return at;
  }
}

/**
 * Heals every service a test watched once the test ends (the loopback service is shared by
 * the whole run); `afterHeal` resets anything else the file scripted. Returns `watch`, which
 * registers a service and hands it back.
 */
export function healedAfterEach(afterHeal?: (w: Watched) => Promise<void>): (w: Watched) => Watched {
  const used: Watched[] = [];
  afterEach(async () => {
    for (const w of used.splice(0)) {
      await w.heal();
      await afterHeal?.(w);
    }
  });
  return (w) => {
    used.push(w);
    return w;
  };
}

/** Runs every alarm of the object due up to `until`, each at its own time; returns the times they ran at. */
export async function alarmsUntil(stub: DurableObjectStub<ServiceMonitor>, until: number): Promise<number[]> {
  const ran: number[] = [];
  for (;;) {
    const at = await armedAt(stub);
    if (at === null || at > until) return ran;
    await alarmAt(stub, at);
    ran.push(at);
  }
}

let freshDays = 0;
/**
 * A start time of its own for each test of a service that probes itself, days ahead of the real
 * clock: every tick in a file also supervises the other tests' services, which then probe on the
 * real clock; from a day ahead, those probes are long overdue and never mistaken for this test's.
 */
export function freshStart(): number {
  freshDays += 1;
  return Date.now() + freshDays * 86_400_000;
}
