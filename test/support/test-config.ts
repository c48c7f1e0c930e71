import { type Config, type ConfigInput, configSchema } from "../../src/config/schema";
import type { TcpFakeInfo } from "./tcp-fake";

/**
 * Services of the test config. Each test file probes only its own ids (the fake serves
 * `/svc/<id>/health`), so files running at the same time never script each other's service.
 * `svc-*` are free for anyone; the prefixed ones belong to the named test folders.
 */
export const TEST_SERVICE_IDS = [
  "svc-a",
  "svc-b",
  "svc-c",
  "svc-d",
  "svc-e",
  "svc-f",
  "dur-evict",
  "dur-twice",
  "dur-tick",
  "dur-ack",
  "dur-resolve",
  "dur-stale",
  "dur-history",
  "dur-fresh",
  "dur-blip",
  "dur-config",
  "dur-throw",
  "dur-counters",
  "e2e-page",
  "e2e-ack",
  "e2e-resolve",
  "e2e-daily",
  "dur-race",
  "dur-partial",
  "dur-remind",
  "dur-quiet",
  "dur-l2-ack",
  "cad-page",
  "cad-ticks",
  "cad-lost",
  "van-both",
  "van-path",
  "van-silent",
  "bud-rows",
  "bud-self",
  "hist-rows",
  "wb-fail",
  "wb-self",
  "chk-hook",
  "chk-gen",
  "chk-beat",
  "chk-only",
  "chk-tcp",
  "diag-snap",
  "diag-down",
  "rem-fix",
  "rem-fail",
  "rem-busy",
  "sum-carried",
] as const;
export type TestServiceId = (typeof TEST_SERVICE_IDS)[number];

/** What `chk-gen`'s general http check fetches (answered 200 until a test scripts it). */
export const CHECKED_API = "/svc/chk-gen/api";
/** `chk-gen`'s DNS-over-HTTPS resolver on the fake (answers an A record until a test scripts it). */
export const CHECKED_DOH = "/svc/chk-gen/dns-query";
/** The A record `chk-gen`'s dns check expects. */
export const CHECKED_ADDRESS = "192.0.2.10";

function checkedChecks(fakeBase: string): NonNullable<ConfigInput["services"][number]["checks"]> {
  return [
    { kind: "http", url: `${fakeBase}${CHECKED_API}` },
    {
      kind: "dns",
      name: "chk-gen.example",
      expect: [CHECKED_ADDRESS],
      resolver: `${fakeBase}${CHECKED_DOH}`,
    },
  ];
}

/** What `chk-only`, watched by one http check and no /health, fetches (answered 200 until scripted). */
export const CHECKS_ONLY_API = "/svc/chk-only/api";

/** The start of the switchable TCP listener's greeting (tcp-fake.ts), which `chk-tcp` expects. */
export const TCP_CHECK_BANNER = "SSH-2.0-";

/** A DoH JSON answer of `chk-gen.example` with these A records. */
export function dohAnswer(...addresses: string[]): {
  Status: number;
  Answer: { type: number; data: string }[];
} {
  return { Status: 0, Answer: addresses.map((data) => ({ type: 1, data })) };
}

/** The two regions of the second-vantage test services. */
export const TEST_VANTAGE = { home: "weur", second: "enam" } as const;

/**
 * Settings beyond id, name and health URL: `cad-*` probe themselves every 15 s, `van-*` also
 * confirm a P1 from a second vantage, `bud-self` probes itself every 10 s (the cost test),
 * `wb-self` every 15 s (the write-behind's eviction test).
 */
const EXTRAS: Partial<Record<TestServiceId, Record<string, unknown>>> = {
  "cad-page": { probeEvery: "15s" },
  "cad-ticks": { probeEvery: "15s" },
  "cad-lost": { probeEvery: "15s" },
  "van-both": { probeEvery: "15s", vantage: TEST_VANTAGE },
  "van-path": { probeEvery: "15s", vantage: TEST_VANTAGE },
  "van-silent": { probeEvery: "15s", vantage: TEST_VANTAGE },
  "bud-self": { probeEvery: "10s" },
  "hist-rows": { probeEvery: "10s" },
  "wb-self": { probeEvery: "15s" },
  "chk-beat": { heartbeats: [{ id: "nightly-backup", period: "1d", grace: "2h", severity: "P2" }] },
};

/**
 * The runtime tests script their services probe by probe against the SPEC's count rule (a tick
 * and 4 re-checks 5 s apart confirm; 2 passes resolve), so every service pins that older form;
 * the time form (`confirmFor`) is tested on the engine in test/escalation/confirm-time.test.ts.
 */
export const COUNT_RULE = { failureThreshold: 5, recoveryThreshold: 2, recheckInterval: "5s" } as const;

/** Display name of a test service (what messages show). */
export function serviceName(id: string): string {
  return `Test service ${id}`;
}

/** Secrets the `worker` project binds (never real ones). */
export const TEST_SECRETS = {
  TELEGRAM_BOT_TOKEN: "123456:TEST-bot-token-never-leaks",
  AGENT_HMAC_SECRET: "test-agent-secret-5c2e8a4f6b1d7e93",
  LINK_SIGNING_KEY: "test-link-signing-key-3e7b9d1f5a2c64",
  EMAIL_API_KEY: "re_test_email_api_key_never_leaks",
  ADMIN_TOKEN: "test-admin-token-8f2a6c4e0b9d7135",
  WEBHOOK_SIGNING_SECRET: "test-webhook-signing-secret-4d8b2f6a1c",
  HEARTBEAT_SECRET: "test-heartbeat-secret-9c3e7a1f5b2d",
} as const;

/** Who each level is in the test config. */
export const TEST_CONTACTS = {
  l1Chat: "100001",
  l2: "lead@example.com",
  l3: "devops@example.com",
  l4: "cto@example.com",
  from: "watchdog@example.com",
} as const;

/** The public URL signed links point at (the tests hand them to `exports.default.fetch`). */
export const TEST_PUBLIC_URL = "https://watchdog.test";

/**
 * The `WATCHDOG_CONFIG` the `worker` project binds: every service, Telegram and the mail API
 * on the loopback fake, real channels (no outbox), L1 in Telegram and L2–L4 by email; `chk-tcp`
 * checks the switchable loopback TCP listener when its ports are given.
 */
export function workerConfig(fakeBase: string, tcp?: TcpFakeInfo): ConfigInput {
  return {
    locale: "en",
    // Dozens of services probed every minute (some every 10–15 s) are beyond the Free plan's daily
    // rows written (src/config/budget.ts estimates about twice the 100,000 a day Free allows).
    plan: "paid",
    publicUrl: TEST_PUBLIC_URL,
    services: TEST_SERVICE_IDS.map((id) => ({
      id,
      name: serviceName(id),
      // `chk-only` has no /health: its one http check is all that watches it (issue 16 item 3).
      ...(id === "chk-only"
        ? { checks: [{ kind: "http" as const, url: `${fakeBase}${CHECKS_ONLY_API}` }] }
        : { healthUrl: `${fakeBase}/svc/${id}/health` }),
      thresholds: COUNT_RULE,
      // The tick probes these (the tests drive it); `auto` would have their objects probe themselves.
      probeEvery: "60s",
      ...EXTRAS[id],
      ...(id === "chk-gen" ? { checks: checkedChecks(fakeBase) } : {}),
      ...(id === "chk-tcp" && tcp
        ? {
            checks: [
              {
                kind: "tcp" as const,
                host: "127.0.0.1",
                port: tcp.switchable,
                expectBanner: TCP_CHECK_BANNER,
              },
            ],
          }
        : {}),
    })),
    escalation: {
      levels: {
        L1: [{ channel: "telegram", chatId: TEST_CONTACTS.l1Chat }],
        L2: [{ channel: "email", to: TEST_CONTACTS.l2 }],
        L3: [{ channel: "email", to: TEST_CONTACTS.l3 }],
        L4: [{ channel: "email", to: TEST_CONTACTS.l4 }],
      },
    },
    // The runtime tests tick on Monday 2026-01-05, some at 06:00 UTC for the daily report; the
    // weekly one (issue 15) would mail L2 then too. Its own tests are in test/monitor.
    weeklyReport: { enabled: false },
    notify: {
      telegramApiBase: `${fakeBase}/tg`,
      email: { provider: "http", from: TEST_CONTACTS.from, apiBase: `${fakeBase}/mail` },
      outbox: false,
    },
  };
}

/** The smallest valid config: one service, paged in Telegram at L1. */
const BASE_CONFIG = {
  publicUrl: "https://watchdog.example.com",
  // Probed by the tick, as the unit tests of the tick, the API and the status page expect.
  services: [
    {
      id: "calendar-bot",
      name: "Calendar bot",
      healthUrl: "https://bot.example.com/health",
      probeEvery: "60s",
    },
  ],
  escalation: { levels: { L1: [{ channel: "telegram", chatId: 1 }] } },
} satisfies ConfigInput;

/** The raw config of unit tests (what `wrangler.toml` would hold); `overrides` replace top-level fields. */
export function testConfigInput(overrides: Partial<ConfigInput> = {}): ConfigInput {
  return { ...structuredClone(BASE_CONFIG), ...overrides };
}

/** The same, parsed by the real schema, so every default comes from `src/config/schema.ts`. */
export function testConfig(overrides: Partial<ConfigInput> = {}): Config {
  return configSchema.parse(testConfigInput(overrides));
}

/** A healthy `/health` body as the runbook shows it, stamped `at` (now by default). */
export function healthyBody({ version = "1.0.0", at = Date.now() } = {}): {
  status: string;
  version: string;
  timestamp: string;
} {
  return { status: "healthy", version, timestamp: new Date(at).toISOString() };
}
