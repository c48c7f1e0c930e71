/**
 * The e2e harness: loopback fakes (watched service, Telegram Bot API, Resend-style mail API),
 * the real Worker under `wrangler dev`, a cron ticker and bounded polling. Scenarios and the
 * benchmark import only this file.
 *
 *   const stack = await startStack({ services: [{ id: "svc-a" }] });
 *   try { stack.fakes.watched.setMode("svc-a", "down"); ... } finally { await stack.stop(); }
 */

import type { ConfigInput } from "../src/config/schema.ts";
import { e2eConfig, type ServiceSpec } from "./lib/config.ts";
import { type MailFake, startMailFake } from "./lib/mail-fake.ts";
import type { WaitOptions } from "./lib/poll.ts";
import { sleep, waitFor } from "./lib/poll.ts";
import { startTelegramFake, type TelegramCall, type TelegramFake } from "./lib/telegram-fake.ts";
import { startWatchedFake, type WatchedFake, type WatchedOptions } from "./lib/watched-fake.ts";
import { startWorker, type WorkerHandle, type WorkerSecrets } from "./lib/worker.ts";

export { CONTACTS, e2eConfig, FAST_POLICIES, type ServiceSpec, serviceName } from "./lib/config.ts";
export { closeServer, freePort } from "./lib/http.ts";
export { type MailCall, type MailFake, startMailFake } from "./lib/mail-fake.ts";
export { holdsFor, sleep, type WaitOptions, WaitTimeout, waitFor, withDeadline } from "./lib/poll.ts";
export {
  type FakeAnswer,
  headlineOf,
  startTelegramFake,
  type TelegramButton,
  type TelegramCall,
  type TelegramFake,
  tooManyRequests,
} from "./lib/telegram-fake.ts";
export {
  type ModeOptions,
  seededRandom,
  startWatchedFake,
  VANTAGE_HEADER,
  type WatchedFake,
  type WatchedHits,
  type WatchedMode,
  type WatchedOptions,
} from "./lib/watched-fake.ts";
export {
  type ApiAnswer,
  type IncidentSummary,
  startWorker,
  type WorkerHandle,
  type WorkerOptions,
  type WorkerSecrets,
} from "./lib/worker.ts";

/** The three loopback fakes. */
export interface Fakes {
  telegram: TelegramFake;
  mail: MailFake;
  watched: WatchedFake;
  close(): Promise<void>;
}

/** Starts the watched-service, Telegram and mail fakes on 127.0.0.1. */
export async function startFakes(options: WatchedOptions = {}): Promise<Fakes> {
  const [telegram, mail, watched] = await Promise.all([
    startTelegramFake(),
    startMailFake(),
    startWatchedFake(options),
  ]);
  return {
    telegram,
    mail,
    watched,
    close: async () => {
      await Promise.allSettled([telegram.close(), mail.close(), watched.close()]);
    },
  };
}

/** Secrets matching the fakes (the link and admin keys are e2e-only values). */
export function secretsFor(fakes: Fakes): WorkerSecrets {
  return {
    TELEGRAM_BOT_TOKEN: fakes.telegram.token,
    AGENT_HMAC_SECRET: fakes.watched.secret,
    LINK_SIGNING_KEY: "e2e-link-signing-key-4a9e2c7f1b6d38",
    EMAIL_API_KEY: fakes.mail.apiKey,
    ADMIN_TOKEN: "e2e-admin-token-7c3f1a9e5b2d8460",
    HEARTBEAT_SECRET: "e2e-heartbeat-secret-2b8f4d6a9c1e73",
  };
}

/** Fires `/__scheduled` every `everyMs`, one tick at a time, like a fast cron. */
export interface Ticker {
  /** Ticks fired so far. */
  count(): number;
  /** Tick errors so far (a tick that fails does not stop the ticker). */
  errors(): string[];
  stop(): Promise<void>;
}

/** Starts a ticker against the Worker. */
export function startTicker(worker: Pick<WorkerHandle, "tick">, everyMs = 2_000): Ticker {
  let running = true;
  let count = 0;
  const errors: string[] = [];
  const loop = (async () => {
    while (running) {
      const started = Date.now();
      try {
        await worker.tick();
        count++;
      } catch (error) {
        errors.push((error as Error).message);
      }
      const rest = everyMs - (Date.now() - started);
      // Sleep in slices so stop() returns quickly.
      for (let left = rest; running && left > 0; left -= 100) await sleep(Math.min(100, left));
    }
  })();
  return {
    count: () => count,
    errors: () => [...errors],
    stop: async () => {
      running = false;
      await loop;
    },
  };
}

/** Fakes plus the Worker configured against them. */
export interface Stack {
  fakes: Fakes;
  worker: WorkerHandle;
  /** Stops the Worker, then the fakes; safe to call twice. */
  stop(): Promise<void>;
}

/** Options of {@link startStack}. */
export interface StackOptions {
  services: ServiceSpec[];
  /** Changes to the generated config (top-level keys replace). */
  config?: Partial<ConfigInput>;
  watched?: WatchedOptions;
  /** Echo wrangler's output. */
  echo?: boolean;
}

/** Starts the fakes and the real Worker watching `services`; stops everything if startup fails. */
export async function startStack(options: StackOptions): Promise<Stack> {
  const fakes = await startFakes(options.watched);
  let worker: WorkerHandle;
  try {
    worker = await startWorker({
      config: e2eConfig(fakes, options.services, options.config),
      secrets: secretsFor(fakes),
      ...(options.echo ? { echo: true } : {}),
    });
  } catch (error) {
    await fakes.close();
    throw error;
  }
  let stopped = false;
  return {
    fakes,
    worker,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await worker.stop();
      await fakes.close();
    },
  };
}

/** Claims of a signed action link: incident id, action, level, epoch, issued and expiry times. */
export interface LinkClaims {
  i: string;
  a: "acknowledge" | "resolve" | "note" | "restart-app" | "restart-stack";
  l: "L1" | "L2" | "L3" | "L4";
  e: number;
  t: number;
  x: number;
}

/** Decodes (does not verify) the claims of an action link URL `…/a/<token>`. */
export function linkClaimsOf(url: string): LinkClaims | undefined {
  const token = new URL(url).pathname.split("/").pop() ?? "";
  const body = token.split(".")[0] ?? "";
  try {
    return JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as LinkClaims;
  } catch {
    return undefined;
  }
}

/** The action link of one kind in a Telegram message's inline keyboard. */
export function actionLink(call: TelegramCall, action: LinkClaims["a"]): string | undefined {
  return call.buttons.find((b) => b.url && linkClaimsOf(b.url)?.a === action)?.url;
}

/** Telegram messages (delivered sendMessage) whose headline names the service, e.g. "[P1] E2E x: New incident". */
export function telegramFor(fakes: Pick<Fakes, "telegram">, name: string): TelegramCall[] {
  return fakes.telegram.delivered().filter((c) => c.headline.includes(`${name}:`));
}

/** Waits for the first delivered Telegram message about `name` whose headline includes `kind`. */
export function waitForTelegram(
  fakes: Pick<Fakes, "telegram">,
  name: string,
  kind: string,
  options: WaitOptions = {},
): Promise<TelegramCall> {
  return waitFor(
    `a Telegram "${kind}" message about ${name}`,
    () => telegramFor(fakes, name).find((c) => c.headline.includes(kind)),
    options,
  );
}

/** Submits an action link's form the way a browser does (POST, urlencoded). */
export async function postAction(
  url: string,
  form: { name?: string; note?: string; action?: string },
): Promise<{ status: number; text: string }> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", "user-agent": "e2e-operator" },
    body: new URLSearchParams(Object.entries(form).filter((e): e is [string, string] => e[1] !== undefined)),
    signal: AbortSignal.timeout(10_000),
  });
  return { status: res.status, text: await res.text() };
}
