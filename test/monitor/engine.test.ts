import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { ProbeResult } from "../../src/checks/types";
import type { Config, ConfigInput } from "../../src/config/schema";
import { onSupervise, worthSending } from "../../src/escalation/core";
import { createRegistry } from "../../src/escalation/notify";
import type { Action, IncidentView } from "../../src/escalation/types";
import { MonitorEngine } from "../../src/monitor/engine";
import { MemoryAlarm, MemoryStore } from "../../src/monitor/memory";
import type { ActionDelivery, MonitorDeps } from "../../src/monitor/ports";
import { createSender, linkSigner } from "../../src/monitor/sender";
import { defaultConfig, probe, T0 } from "../escalation/sim";
import { Fake } from "../support/fake-client";
import { COUNT_RULE, testConfig } from "../support/test-config";

type SendFn = MonitorDeps["send"];

const delivered: ActionDelivery = { ok: true, retryable: false, events: [], refs: [], targets: new Map() };
const passing: ActionDelivery = { ...delivered, ok: false, retryable: true };

/** An engine on in-memory storage whose clock, probe and sender the test holds. */
function rig(
  opts: {
    config?: Config;
    send?: SendFn;
    probe?: () => Promise<ProbeResult>;
    askVantage?: MonitorDeps["askVantage"];
  } = {},
) {
  const store = new MemoryStore();
  store.setServiceId("demo");
  const alarm = new MemoryAlarm();
  const clock = { now: T0 };
  const sends: Action[] = [];
  const send: SendFn = opts.send ?? (async () => delivered);
  const engine = new MonitorEngine({
    store,
    config: () => opts.config ?? defaultConfig(),
    probe: opts.probe ?? (async () => probe(clock.now, ["health_down"])),
    askVantage:
      opts.askVantage ?? (async (_s, region) => ({ answered: false, location: region, reason: "none" })),
    send: async (config, action, view, ctx) => {
      sends.push(action);
      return send(config, action, view, ctx);
    },
    alarm,
    now: () => clock.now,
    count: async () => {},
  });
  /** Runs the alarm if it is due by `at`; false when none was armed by then. */
  const alarmBy = async (at: number) => {
    if (alarm.at === null || alarm.at > at) return false;
    clock.now = alarm.at;
    alarm.at = null;
    await engine.alarm();
    return true;
  };
  /** Fails the tick's probe, then the re-checks, until the incident opens. */
  const open = async () => {
    await engine.ingest(probe(T0, ["health_down"]));
    while (engine.history(1).length === 0 && (await alarmBy(T0 + 60_000)));
  };
  return { store, alarm, clock, sends, engine, alarmBy, open };
}

const pages = (sends: Action[]) => sends.filter((a) => a.kind === "page").map((a) => a.key);

describe("MonitorEngine", () => {
  it("retries a page that failed for a passing reason, after the backoff, until it is delivered, then never again", async () => {
    let calls = 0;
    const r = rig({ send: async () => (++calls <= 2 ? passing : delivered) });
    await r.open();
    const [key] = pages(r.sends);
    expect(key).toBeDefined();
    // 30 s, then 60 s of backoff; the alarm is armed for each retry.
    expect(r.alarm.at).toBe(r.clock.now + 30_000);
    await r.alarmBy(r.clock.now + 30_000);
    expect(r.alarm.at).toBe(r.clock.now + 60_000);
    await r.alarmBy(r.clock.now + 60_000);
    expect(pages(r.sends)).toEqual([key, key, key]);
    expect(r.store.nextRetryAt(new Set())).toBeUndefined();
    for (let t = r.clock.now; t < T0 + 10 * 60_000; t += 30_000) await r.alarmBy(t);
    expect(pages(r.sends)).toEqual([key, key, key]);
  });

  it("keeps a page whose sender threw, and sends it on the retry", async () => {
    let calls = 0;
    const r = rig({
      send: async () => {
        calls += 1;
        if (calls === 1) throw new Error("boom");
        return delivered;
      },
    });
    await r.open();
    expect(
      r.engine.history(1)[0]?.timeline.some((e) => e.kind === "notify_failed" && e.text.includes("boom")),
    ).toBe(true);
    await r.alarmBy(r.clock.now + 30_000);
    expect(pages(r.sends)).toHaveLength(2);
  });

  it("drops a page retry once the incident is resolved", async () => {
    const r = rig({ send: async () => passing });
    await r.open();
    const incident = r.engine.history(1)[0];
    if (!incident) throw new Error("no incident");
    r.clock.now += 1_000;
    const outcome = await r.engine.operate(
      { incidentId: incident.id, epoch: incident.epoch },
      { type: "resolve", actor: { by: "alice" } },
    );
    expect(outcome.ok).toBe(true);
    const before = pages(r.sends).length;
    for (let t = r.clock.now; t < r.clock.now + 20 * 60_000; t += 30_000) await r.alarmBy(t);
    expect(pages(r.sends)).toHaveLength(before);
  });

  it("a supervising tick while the object's own probe runs answers busy and does not probe again", async () => {
    const config = defaultConfig();
    const service = config.services[0];
    if (!service) throw new Error("no service");
    service.probeEvery = 15_000;
    let release: (r: ProbeResult) => void = () => {};
    let probes = 0;
    const r = rig({
      config,
      probe: () => {
        probes += 1;
        return new Promise((resolve) => {
          release = resolve;
        });
      },
    });
    const first = r.engine.supervise("demo");
    expect(await r.engine.supervise("demo")).toBe("busy");
    release(probe(T0, []));
    expect(await first).toBe("probed");
    expect(probes).toBe(1);
    expect(r.alarm.at).toBe(T0 + 15_000);
  });

  it("asks the second vantage for a P1 health failure, and not once the P1 is open", async () => {
    const config = defaultConfig();
    const service = config.services[0];
    if (!service) throw new Error("no service");
    service.probeEvery = 15_000;
    service.vantage = { home: "weur", second: "enam" };
    const asked: number[] = [];
    const r = rig({
      config,
      askVantage: async (_s, region) => {
        asked.push(r.clock.now);
        return { answered: true, location: region, health: { ok: false, latencyMs: 10, reason: "HTTP 503" } };
      },
    });
    await r.engine.supervise("demo");
    while (r.engine.history(1).length === 0 && (await r.alarmBy(T0 + 60_000)));
    const opened = r.engine.history(1)[0];
    expect(opened?.severity).toBe("P1");
    const before = asked.length;
    expect(before).toBeGreaterThan(0);
    await r.alarmBy(r.clock.now + 15_000);
    expect(asked).toHaveLength(before);
  });

  it("issue 18 item 4: the second vantage runs in parallel with the home re-checks; only the confirming probe waits for it", async () => {
    const config = defaultConfig();
    const service = config.services[0];
    if (!service) throw new Error("no service");
    service.probeEvery = 15_000;
    service.vantage = { home: "weur", second: "enam" };
    let answer: (reachable: boolean) => void = () => {};
    let asked = 0;
    const probedAt: number[] = [];
    const r = rig({
      config,
      probe: async () => {
        probedAt.push(r.clock.now);
        return probe(r.clock.now, ["health_down"]);
      },
      askVantage: (_s, region) => {
        asked += 1;
        return new Promise((resolve) => {
          answer = (ok) =>
            resolve({
              answered: true,
              location: region,
              health: ok
                ? { ok: true, latencyMs: 40, status: 200 }
                : { ok: false, latencyMs: 10, reason: "HTTP 503" },
            });
        });
      },
    });
    await r.engine.supervise("demo");
    // The vantage has not answered, yet the re-checks run on their own schedule until the one
    // that would page; that one waits for the answer.
    let confirming: Promise<boolean> | undefined;
    while (!confirming) {
      const at = r.alarm.at;
      if (at === null) throw new Error("no re-check armed");
      r.clock.now = at;
      r.alarm.at = null;
      const run = r.engine.alarm().then(() => true);
      const settled = await Promise.race([
        run,
        new Promise<false>((res) => setTimeout(() => res(false), 20)),
      ]);
      if (!settled) confirming = run;
    }
    expect(asked).toBe(1);
    expect(probedAt.length).toBeGreaterThan(2);
    const gaps = probedAt.slice(1).map((t, i) => t - (probedAt[i] ?? t));
    expect(Math.max(...gaps)).toBeLessThanOrEqual(service.thresholds.recheckInterval);
    expect(r.engine.history(1)).toHaveLength(0);
    // Reachable from the second vantage: the page is a network-path P2, not a P1.
    answer(true);
    await confirming;
    const opened = r.engine.history(1)[0];
    expect(opened?.severity).toBe("P2");
    expect(opened?.findings.map((f) => f.code)).toContain("network_path");
  });
});

/** The demo service paged at L1 through these contacts, with Telegram and the mail API on `fake`. */
function channelsConfig(fake: Fake, l1: ConfigInput["escalation"]["levels"]["L1"]): Config {
  return testConfig({
    // Probed by the tick under the count rule, as the rig's `open` expects.
    services: [
      {
        id: "demo",
        name: "Demo",
        healthUrl: "https://demo.example/health",
        probeEvery: "60s",
        thresholds: COUNT_RULE,
      },
    ],
    escalation: { levels: { L1: l1 } },
    notify: {
      telegramApiBase: fake.url("/tg"),
      email: { provider: "http", from: "watchdog@example.com", apiBase: fake.url("/mail") },
    },
  });
}

/** The shipped sender and notifiers; a notifier's own short retries do not wait. */
function realSend(config: Config, times: number[] = []): SendFn {
  const notifiers = createRegistry({
    config,
    secrets: { telegramBotToken: env.TELEGRAM_BOT_TOKEN, emailApiKey: env.EMAIL_API_KEY },
    sleep: async () => {},
    now: () => T0,
    log: () => {},
  });
  const sender = createSender({
    config,
    notifiers,
    links: linkSigner("test-link-signing-key", config),
    count: async () => {},
  });
  return (_config, action, view, ctx) => {
    times.push(ctx.now);
    return sender(action, view, ctx);
  };
}

const SEND_MESSAGE = `/tg/bot${env.TELEGRAM_BOT_TOKEN}/sendMessage`;
const telegramOk = { body: { ok: true, result: { message_id: 7 } } };
/** Telegram's flood control: 429 with the wait in `parameters.retry_after`. */
const tooMany = (seconds: number) => ({
  status: 429,
  body: {
    ok: false,
    error_code: 429,
    description: "Too Many Requests",
    parameters: { retry_after: seconds },
  },
});

describe("MonitorEngine: what the providers say about retrying", () => {
  it("issue 13 item 7: a page rate-limited with retry_after 42 s is retried at exactly 42 s, not after a fixed backoff", async () => {
    const fake = new Fake();
    const config = channelsConfig(fake, [{ channel: "telegram", chatId: "100001" }]);
    await fake.script(SEND_MESSAGE, tooMany(42), telegramOk);
    const r = rig({ config, send: realSend(config) });
    await r.open();
    const sentAt = r.clock.now;
    expect(r.store.nextRetryAt(new Set())).toBe(sentAt + 42_000);
    while (await r.alarmBy(sentAt + 41_999));
    expect(await fake.calls(SEND_MESSAGE)).toHaveLength(1);
    expect(await r.alarmBy(sentAt + 42_000)).toBe(true);
    expect(await fake.calls(SEND_MESSAGE)).toHaveLength(2);
    expect(r.store.nextRetryAt(new Set())).toBeUndefined();
  });

  it("issue 13 item 7: a retry_after beyond 10 min is waited 10 min", async () => {
    const fake = new Fake();
    const config = channelsConfig(fake, [{ channel: "telegram", chatId: "100001" }]);
    await fake.script(SEND_MESSAGE, tooMany(3_600));
    const r = rig({ config, send: realSend(config) });
    await r.open();
    expect(r.store.nextRetryAt(new Set())).toBe(r.clock.now + 600_000);
  });

  it("issue 13 item 7: a P1 page held back by Telegram reaches L1's email at once, and Telegram when the wait is over", async () => {
    const fake = new Fake();
    const config = channelsConfig(fake, [
      { channel: "telegram", chatId: "100001" },
      { channel: "email", to: "oncall@example.com" },
    ]);
    await fake.script(SEND_MESSAGE, tooMany(30), telegramOk);
    await fake.script("/mail/emails", { body: { id: "em_1" } });
    const r = rig({ config, send: realSend(config) });
    await r.open();
    const sentAt = r.clock.now;
    expect(await fake.calls("/mail/emails")).toHaveLength(1);
    while (await r.alarmBy(sentAt + 30_000));
    expect(await fake.calls(SEND_MESSAGE)).toHaveLength(2);
    // The retry reaches only Telegram: the email was delivered.
    expect(await fake.calls("/mail/emails")).toHaveLength(1);
    expect(r.store.nextRetryAt(new Set())).toBeUndefined();
  });

  it("issue 13 item 8: every attempt of a step sends byte-identical mail, even a retry in a later minute", async () => {
    const fake = new Fake();
    const config = channelsConfig(fake, [{ channel: "email", to: "oncall@example.com" }]);
    // Two attempts of three requests each fail; the third attempt, 90 s after the first, gets through.
    const failing = Array.from({ length: 6 }, () => ({ status: 500, body: { message: "busy" } }));
    await fake.script("/mail/emails", ...failing, { body: { id: "em_1" } });
    const times: number[] = [];
    const r = rig({ config, send: realSend(config, times) });
    await r.open();
    while (await r.alarmBy(r.clock.now + 60_000));
    const calls = await fake.calls("/mail/emails");
    expect(calls).toHaveLength(7);
    expect(r.store.nextRetryAt(new Set())).toBeUndefined();
    const minute = (t: number) => Math.floor(t / 60_000);
    expect(minute(times.at(-1) ?? 0)).toBeGreaterThan(minute(times[0] ?? 0));
    // Same Idempotency-Key and same bytes: Resend never sees the key with another payload.
    expect(new Set(calls.map((c) => c.headers["idempotency-key"])).size).toBe(1);
    const [first, ...retries] = calls.map((c) => c.body);
    for (const body of retries) expect(body).toBe(first);
  });
});

describe("the rules that drive the core", () => {
  const view = (status: IncidentView["status"]): IncidentView =>
    ({ id: "demo:1", epoch: 2, status }) as IncidentView;
  const action = (kind: Action["kind"], when?: Action["when"]): Action => ({
    type: "notify",
    key: `demo:1/2/${kind}/L1/0`,
    kind,
    level: "L1",
    incidentId: "demo:1",
    epoch: 2,
    ...(when ? { when } : {}),
  });

  it.each([
    ["a page for an open incident", action("page"), view("open"), true],
    ["a page for a resolved incident", action("page"), view("resolved"), false],
    ["the resolve notice for a resolved incident", action("resolved"), view("resolved"), true],
    ["a reminder for an acknowledged incident", action("reminder"), view("acknowledged"), false],
    [
      "an unacknowledged-only step once acknowledged",
      action("escalation", "unacknowledged"),
      view("acknowledged"),
      false,
    ],
    ["an unresolved step once acknowledged", action("escalation", "unresolved"), view("acknowledged"), true],
    ["an action of an older epoch", { ...action("page"), epoch: 1 }, view("open"), false],
    ["an action with no incident", action("page"), undefined, false],
  ] as const)("worthSending: %s → %s", (_name, a, v, expected) => {
    expect(worthSending(a, v)).toBe(expected);
  });

  it("onSupervise: each case", () => {
    const base = { version: 1 as const, serviceId: "demo", tracks: {}, incidentCount: 0 };
    expect(onSupervise(base, T0, undefined, false)).toBe("probe");
    expect(onSupervise(base, T0, 15_000, true)).toBe("busy");
    expect(onSupervise(base, T0, 15_000, false)).toBe("probe");
    const probed = { ...base, lastProbeAt: T0, nextProbeAt: T0 + 15_000 };
    expect(onSupervise(probed, T0 + 19_000, 15_000, false)).toBe("arm");
    expect(onSupervise(probed, T0 + 20_000, 15_000, false)).toBe("probe");
    expect(onSupervise({ ...base, lastProbeAt: T0 }, T0 + 1_000, 15_000, false)).toBe("schedule");
  });
});
