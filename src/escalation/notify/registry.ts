import type { Config } from "../../config/schema";
import { createCloudflareEmailNotifier, type EmailBinding } from "./email-cloudflare";
import { createHttpEmailNotifier } from "./email-http";
import { createOutboxNotifier, type OutboxEntry } from "./outbox";
import { createTelegramNotifier } from "./telegram";
import { type ChannelName, type Notifier, NotifierConfigError } from "./types";
import { createWebhookNotifier } from "./webhook";

/** The notifiers available to one delivery, keyed by channel name. */
export type NotifierRegistry = Partial<Record<ChannelName, Notifier>>;

/** Everything the channels are built from: config, secrets, bindings and injected I/O. */
export interface RegistryDeps {
  config: Pick<Config, "notify" | "escalation">;
  secrets: { telegramBotToken?: string; emailApiKey?: string; webhookSigningSecret?: string };
  /** Cloudflare's `send_email` binding (`env.EMAIL`). */
  emailBinding?: EmailBinding;
  /** Outbox storage; the Durable Object provides it. */
  store?: (entry: OutboxEntry) => Promise<void> | void;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  now: () => number;
  log?: (line: string) => void;
}

const io = (d: RegistryDeps) => ({
  ...(d.fetch ? { fetch: d.fetch } : {}),
  ...(d.sleep ? { sleep: d.sleep } : {}),
  ...(d.log ? { log: d.log } : {}),
});

/**
 * One line per channel. Adding a channel: its module, a line here, and a member of
 * `contactSchema`'s union in `src/config/schema.ts`. A channel without its secret or
 * binding is left out, and deliveries to it fail as `bad_request` (then fall back).
 */
const FACTORIES: { [K in ChannelName]: (d: RegistryDeps) => Notifier | undefined } = {
  telegram: (d) =>
    d.secrets.telegramBotToken
      ? createTelegramNotifier({
          token: d.secrets.telegramBotToken,
          apiBase: d.config.notify.telegramApiBase,
          callbackButtons: d.config.notify.telegramWebhook !== undefined,
          ...io(d),
        })
      : undefined,
  email: (d) => {
    const e = d.config.notify.email;
    if (e.provider === "cloudflare" && d.emailBinding) {
      return createCloudflareEmailNotifier({
        binding: d.emailBinding,
        from: e.from,
        ...(d.log ? { log: d.log } : {}),
      });
    }
    if (e.provider === "http" && d.secrets.emailApiKey) {
      return createHttpEmailNotifier({
        apiBase: e.apiBase,
        apiKey: d.secrets.emailApiKey,
        from: e.from,
        ...io(d),
      });
    }
    return undefined;
  },
  // Needs no secret of its own (a Slack hook's URL is its credential): built when a level uses it.
  webhook: (d) =>
    Object.values(d.config.escalation.levels).some((l) => l.some((c) => c.channel === "webhook"))
      ? createWebhookNotifier({ signingSecret: d.secrets.webhookSigningSecret, ...io(d) })
      : undefined,
  outbox: (d) => (d.store ? createOutboxNotifier({ store: d.store, now: d.now }) : undefined),
};

/**
 * Builds every channel that its config, secrets and bindings allow. A malformed one (say a
 * bot token of the wrong shape) is left out and logged, so it never silences the others:
 * deliveries to it fail as `bad_request` and fall back to the level's other channel.
 */
export function createRegistry(deps: RegistryDeps): NotifierRegistry {
  const registry: NotifierRegistry = {};
  const log = deps.log ?? ((line: string) => console.error(line));
  for (const name of Object.keys(FACTORIES) as ChannelName[]) {
    try {
      const notifier = FACTORIES[name](deps);
      if (notifier) registry[name] = notifier;
    } catch (error) {
      if (!(error instanceof NotifierConfigError)) throw error;
      log(`notify: ${name} channel disabled: ${error.code}: ${error.message}`);
    }
  }
  return registry;
}
