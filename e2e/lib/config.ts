/** The e2e config: every service points at the loopback fakes, with delays in seconds, not minutes. */
import type { ConfigInput, LocationHint, PolicyInput } from "../../src/config/schema.ts";
import type { MailFake } from "./mail-fake.ts";
import type { TelegramFake } from "./telegram-fake.ts";
import type { WatchedFake } from "./watched-fake.ts";

/** One watched service of the run. */
export interface ServiceSpec {
  /** Service id (also the fake's tenant). */
  id: string;
  /** Display name; must be unique, scenarios find their messages by it. Default: "E2E <id>". */
  name?: string;
  /** Consecutive failures before an incident opens (default 3). */
  failureThreshold?: number;
  /** Consecutive successes before it resolves (default 2). */
  recoveryThreshold?: number;
  /** Delay between confirmation re-checks (default "1s"). */
  recheckInterval?: string;
  /** Probe the signed agent endpoint too (default true). */
  agent?: boolean;
  /** Time between regular probes, e.g. "10s"; below "60s" the service's object probes itself (default: the tick probes). */
  probeEvery?: string;
  /** Second-vantage confirmation of P1 health failures (default: none). */
  vantage?: { home: LocationHint; second: LocationHint };
  /** Push heartbeats, pinged at `/ping/<token>` (default: none). */
  heartbeats?: { id: string; period: string; grace: string; severity: "P1" | "P2" | "P3" | "P4" }[];
}

/** Contacts of the e2e matrix: L1 in Telegram, L2–L4 by email. */
export const CONTACTS = {
  L1chat: "100001",
  L2: "tech-lead@example.com",
  L3: "devops@example.com",
  L4: "cto@example.com",
} as const;

/**
 * P1 timings of the run: L1 at once, L2 at 4 s if unacknowledged, L3 at 10 s and L4 at 14 s
 * if unresolved, L1 reminded every 3 s, postmortem required after 14 s.
 */
export const FAST_POLICIES: Record<"P1" | "P2" | "P3" | "P4", PolicyInput> = {
  P1: {
    steps: [
      { after: "0s", level: "L1", when: "always" },
      { after: "4s", level: "L2", when: "unacknowledged" },
      { after: "10s", level: "L3", when: "unresolved" },
      { after: "14s", level: "L4", when: "unresolved" },
    ],
    reminderEvery: "3s",
    postmortemAfter: "14s",
    postmortem: "required",
    respondWithin: "6s",
    resolveWithin: "30s",
  },
  P2: {
    steps: [
      { after: "0s", level: "L1", when: "always" },
      { after: "40s", level: "L2", when: "unacknowledged" },
    ],
    reminderEvery: "30s",
    respondWithin: "40s",
    resolveWithin: "2m",
  },
  P3: { steps: [{ after: "0s", level: "L1", when: "always" }], respondWithin: "1m", resolveWithin: "5m" },
  P4: { steps: [], respondWithin: "5m" },
};

/** The display name a service gets when the spec has none. */
export const serviceName = (spec: ServiceSpec): string => spec.name ?? `E2E ${spec.id}`;

/** Builds the Worker config for the given services and fakes; `publicUrl` is set by `startWorker`. */
export function e2eConfig(
  fakes: { telegram: TelegramFake; mail: MailFake; watched: WatchedFake },
  services: ServiceSpec[],
  overrides: Partial<ConfigInput> = {},
): ConfigInput {
  return {
    // The Free plan check estimates a real day: several 10 s services would exceed its row limit.
    plan: "paid",
    locale: "en",
    publicUrl: "http://127.0.0.1:1",
    // Far from now, so the daily report never lands in the middle of a run.
    dailyReportHourUtc: (new Date().getUTCHours() + 12) % 24,
    // Nor the weekly one (issue 15); the public page shows every service of the run.
    weeklyReport: { enabled: false },
    publicStatus: { enabled: true, title: "E2E status", services: services.map((s) => s.id) },
    tickConcurrency: 10,
    services: services.map((s) => ({
      id: s.id,
      name: serviceName(s),
      healthUrl: fakes.watched.healthUrl(s.id),
      ...(s.agent === false ? {} : { agentUrl: fakes.watched.agentUrl(s.id) }),
      thresholds: {
        failureThreshold: s.failureThreshold ?? 3,
        recoveryThreshold: s.recoveryThreshold ?? 2,
        recheckInterval: s.recheckInterval ?? "1s",
        timeout: "4s",
      },
      // The scenarios drive the tick's own probing unless they set a cadence; `auto` would not.
      probeEvery: s.probeEvery ?? "60s",
      ...(s.vantage ? { vantage: s.vantage } : {}),
      ...(s.heartbeats ? { heartbeats: s.heartbeats } : {}),
    })),
    escalation: {
      levels: {
        L1: [{ channel: "telegram", chatId: CONTACTS.L1chat }],
        L2: [{ channel: "email", to: CONTACTS.L2 }],
        L3: [{ channel: "email", to: CONTACTS.L3 }],
        L4: [{ channel: "email", to: CONTACTS.L4 }],
      },
      policies: FAST_POLICIES,
    },
    notify: {
      telegramApiBase: fakes.telegram.url,
      email: { provider: "http", from: "watchdog@example.com", apiBase: fakes.mail.url },
      outbox: false,
    },
    ...overrides,
  };
}
