import type { Config } from "../config/schema";
import { createRegistry, type NotifierRegistry } from "../escalation/notify";
import type { DailyReportDeps } from "../monitor/daily-report";
import { snapshotsSharded } from "../monitor/fan-out";
import type { NoticeDeps } from "../monitor/notices";
import type { Count } from "../monitor/ports";
import { createSender, linkSigner, type Sender } from "../monitor/sender";
import type { WeeklyReportDeps } from "../monitor/weekly-report";
import { monitorsOf, shardStub, stateStub } from "./stubs";

/** What is built once per environment and config: the channels and the action sender. */
interface Built {
  config: Config;
  notifiers: NotifierRegistry;
  sender: Sender;
}

const built = new WeakMap<object, Built>();

/** Adds to a /metrics counter in the singleton state object. */
export function counterOf(env: Env): Count {
  return (name, labels, by) => stateStub(env).count(name, labels, by);
}

/** The channels this Worker can use under `config`, from its secrets and bindings. */
function notifiersFor(env: Env, config: Config): NotifierRegistry {
  return createRegistry({
    config,
    secrets: {
      ...(env.TELEGRAM_BOT_TOKEN ? { telegramBotToken: env.TELEGRAM_BOT_TOKEN } : {}),
      ...(env.EMAIL_API_KEY ? { emailApiKey: env.EMAIL_API_KEY } : {}),
      ...(env.WEBHOOK_SIGNING_SECRET ? { webhookSigningSecret: env.WEBHOOK_SIGNING_SECRET } : {}),
    },
    ...(env.EMAIL ? { emailBinding: env.EMAIL } : {}),
    store: (entry) => stateStub(env).addOutbox(entry),
    fetch: (input, init) => fetch(input, init),
    now: () => Date.now(),
  });
}

/**
 * The notifier registry and the sender for `config`, built once per environment and config
 * rather than per action (an environment object is fixed for an isolate's life).
 */
export function channelsFor(env: Env, config: Config): Built {
  const hit = built.get(env);
  if (hit?.config === config) return hit;
  const notifiers = notifiersFor(env, config);
  const sender = createSender({
    config,
    notifiers,
    links: linkSigner(env.LINK_SIGNING_KEY, config),
    count: counterOf(env),
  });
  const fresh = { config, notifiers, sender };
  built.set(env, fresh);
  return fresh;
}

/** What a notice without an incident is sent with, under `config`. */
export function noticeDeps(env: Env, config: Config): NoticeDeps {
  return { config, notifiers: channelsFor(env, config).notifiers, count: counterOf(env) };
}

/** What the daily report reads and sends with, under `config`. */
export function dailyReportDeps(env: Env, config: Config): DailyReportDeps {
  const state = stateStub(env);
  const monitor = monitorsOf(env, config);
  return {
    ...noticeDeps(env, config),
    snapshots: (serviceIds) => snapshotsSharded(serviceIds, monitor, (shardId) => shardStub(env, shardId)),
    claimOnce: (key) => state.claimOnce(key),
    releaseOnce: (key) => state.releaseOnce(key),
  };
}

/** What the weekly SLA report reads and sends with, under `config` (issue 15). */
export function weeklyReportDeps(env: Env, config: Config): WeeklyReportDeps {
  const { snapshots: _snapshots, ...daily } = dailyReportDeps(env, config);
  const monitor = monitorsOf(env, config);
  return {
    ...daily,
    historyPoints: (serviceId, from, to, step) => monitor(serviceId).historyPoints(from, to, step),
    incidents: (serviceId) => monitor(serviceId).history(500),
  };
}
