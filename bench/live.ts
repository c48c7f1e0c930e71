/**
 * The real Worker for the bench: `wrangler dev` started by the e2e harness, the harness's
 * Telegram and mail fakes, and the bench's own fleet of watched services (one server per
 * service, every request timestamped).
 */
import {
  type MailFake,
  startMailFake,
  startTelegramFake,
  startWorker,
  type TelegramCall,
  type TelegramFake,
  type WorkerHandle,
} from "../e2e/harness.ts";
import type { ConfigInput, PolicyInput } from "../src/config/schema.ts";
import { type Fleet, startFleet } from "./watched.ts";

/** One bench service; thresholds default to the product's own. */
export interface BenchService {
  id: string;
  name: string;
  thresholds?: { failureThreshold?: number };
  /** Time between regular probes, e.g. "15s"; the product's default (60s, by the tick) when absent. */
  probeEvery?: string;
}

/** Options of one live run. */
export interface LiveOptions {
  services: BenchService[];
  /** P1..P4 policies; the product's defaults when absent. */
  policies?: Partial<Record<"P1" | "P2" | "P3" | "P4", PolicyInput>>;
  /** Ping the fleet's heartbeat server every tick. */
  heartbeat?: boolean;
}

/** A running live setup. */
export interface Live {
  fleet: Fleet;
  telegram: TelegramFake;
  mail: MailFake;
  worker: WorkerHandle;
  /** Fires one tick; resolves with its wall time in ms once `/__scheduled` has answered. */
  tick(): Promise<number>;
  stop(): Promise<void>;
}

/** Level contacts: L1 in Telegram, L2–L4 by email at distinct addresses. */
export const L1_CHAT = "100001";
export const MAIL_TO = { L2: "l2@example.com", L3: "l3@example.com", L4: "l4@example.com" } as const;

function configFor(fleet: Fleet, telegram: TelegramFake, mail: MailFake, options: LiveOptions): ConfigInput {
  return {
    locale: "en",
    // The 50-service fleet with agents needs ~100 subrequests a tick, beyond the Free plan's 50.
    plan: "paid",
    publicUrl: "http://127.0.0.1:1",
    // Far from now, so the daily report never lands in the middle of a run.
    dailyReportHourUtc: (new Date().getUTCHours() + 12) % 24,
    services: options.services.map((s) => ({
      id: s.id,
      name: s.name,
      healthUrl: fleet.healthUrl(s.id),
      agentUrl: fleet.agentUrl(s.id),
      ...(s.thresholds ? { thresholds: s.thresholds } : {}),
      // 60 s (the tick probes) unless the bench asks for a cadence; `auto` would change with the fleet.
      probeEvery: s.probeEvery ?? "60s",
    })),
    escalation: {
      levels: {
        L1: [{ channel: "telegram", chatId: L1_CHAT }],
        L2: [{ channel: "email", to: MAIL_TO.L2 }],
        L3: [{ channel: "email", to: MAIL_TO.L3 }],
        L4: [{ channel: "email", to: MAIL_TO.L4 }],
      },
      ...(options.policies ? { policies: options.policies } : {}),
    },
    notify: {
      telegramApiBase: telegram.url,
      email: { provider: "http", from: "watchdog@example.com", apiBase: mail.url },
    },
    ...(options.heartbeat ? { heartbeatUrl: fleet.heartbeatUrl } : {}),
  };
}

/** Starts the fakes, the fleet and the Worker; tears everything down if startup fails. */
export async function startLive(options: LiveOptions): Promise<Live> {
  const [telegram, mail, fleet] = await Promise.all([
    startTelegramFake(),
    startMailFake(),
    startFleet(options.services.map((s) => s.id)),
  ]);
  const closeFakes = async () => {
    await Promise.allSettled([telegram.close(), mail.close(), fleet.close()]);
  };
  let worker: WorkerHandle;
  try {
    worker = await startWorker({
      config: configFor(fleet, telegram, mail, options),
      secrets: {
        TELEGRAM_BOT_TOKEN: telegram.token,
        AGENT_HMAC_SECRET: fleet.secret,
        LINK_SIGNING_KEY: "bench-link-signing-key-1e6a3f8c9b",
        EMAIL_API_KEY: mail.apiKey,
        ADMIN_TOKEN: "bench-admin-token-5d9b2f7a3e1c6048",
      },
    });
  } catch (error) {
    await closeFakes();
    throw error;
  }
  return {
    fleet,
    telegram,
    mail,
    worker,
    tick: async () => {
      const started = performance.now();
      await worker.tick();
      return performance.now() - started;
    },
    stop: async () => {
      await worker.stop();
      await closeFakes();
    },
  };
}

/** Delivered L1 Telegram messages about a service, oldest first. */
export function telegramAbout(telegram: TelegramFake, name: string): TelegramCall[] {
  return telegram.delivered().filter((c) => c.chatId === L1_CHAT && c.headline.includes(`${name}:`));
}
