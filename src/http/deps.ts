import type { ConfigProblem } from "../config/load";
import type { Config } from "../config/schema";
import type { WatchdogStateApi } from "../durable/state-api";
import type { MonitorApi } from "../monitor/api";
import type { AuthLimiter } from "./rate-limit";

/** Secrets the HTTP door needs; each is used for one purpose only. */
export interface HttpSecrets {
  /** Signs and verifies action links (LINK_SIGNING_KEY). */
  linkKey: string;
  /** Bearer token for /api, /status and /metrics (ADMIN_TOKEN); a weak one refuses everyone. */
  adminToken: string;
  /** Expected `X-Telegram-Bot-Api-Secret-Token` on /telegram/webhook. */
  telegramWebhookSecret?: string;
  /** Derives the heartbeats' ping tokens (HEARTBEAT_SECRET); without it no ping is accepted. */
  heartbeatSecret?: string;
}

/** Calls one Telegram Bot API method (e.g. `answerCallbackQuery`); the caller owns the token and fetch. */
export type TelegramCall = (method: string, body: Record<string, unknown>) => Promise<unknown>;

/** Everything the HTTP door talks to; tests pass in-memory fakes. */
export interface HttpDeps {
  /** The parsed config, or undefined when it is invalid (then `configProblems` says why). */
  config: Config | undefined;
  /** Problems of an invalid config, reported on /health. */
  configProblems?: ConfigProblem[];
  /** Secrets or bindings a valid config needs but the environment lacks; /health reports them. */
  setupProblems?: ConfigProblem[];
  /** Secrets that are set but too weak (`weakSecrets`); /health reports them. */
  weakSecrets?: ConfigProblem[];
  secrets: HttpSecrets;
  /** The service's Durable Object (`env.SERVICE_MONITOR.getByName(serviceId)`). */
  monitor(serviceId: string): MonitorApi;
  /** The singleton state object (`env.WATCHDOG_STATE.getByName("global")`). */
  state: WatchdogStateApi;
  /** Counts failed authentications per client (the AUTH_FAILURES binding, or memory). */
  authLimiter: AuthLimiter;
  /** Needed only when `config.notify.telegramWebhook` is set. */
  telegram?: TelegramCall;
  now(): number;
}

/** Hono environment of the door: the app is built once, each request's deps arrive in `c.var.deps`. */
export interface HttpEnv {
  Variables: { deps: HttpDeps };
}

/** Behind the config guard of `createHttpApp`: the valid config is in `c.var.config`. */
export interface ConfiguredEnv {
  Variables: { deps: HttpDeps; config: Config };
}
