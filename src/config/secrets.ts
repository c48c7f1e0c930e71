import type { ConfigProblem } from "./load";
import type { Config } from "./schema";

/** The secrets and bindings the Worker may need, as found in its environment. */
export interface SecretEnv {
  TELEGRAM_BOT_TOKEN?: string;
  AGENT_HMAC_SECRET?: string;
  LINK_SIGNING_KEY?: string;
  EMAIL_API_KEY?: string;
  ADMIN_TOKEN?: string;
  TELEGRAM_WEBHOOK_SECRET?: string;
  EMAIL?: unknown;
}

/**
 * What this config needs from the environment but does not get: a watchdog that cannot
 * deliver its pages must say so on /health instead of failing silently at 3 a.m.
 */
export function missingSecrets(config: Config, env: SecretEnv): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const need = (name: keyof SecretEnv, why: string) => {
    if (!env[name]) problems.push({ path: name, message: `not set: ${why}` });
  };
  const contacts = Object.values(config.escalation.levels).flat();
  need("LINK_SIGNING_KEY", "messages would carry no Acknowledge / Resolve links");
  need("ADMIN_TOKEN", "the API, status page and metrics would refuse everyone");
  if (config.services.some((s) => s.agentUrl)) need("AGENT_HMAC_SECRET", "agent checks cannot be signed");
  if (!config.notify.outbox) {
    if (contacts.some((c) => c.channel === "telegram"))
      need("TELEGRAM_BOT_TOKEN", "Telegram pages cannot be sent");
    const email = config.notify.email;
    if (contacts.some((c) => c.channel === "email")) {
      if (email.provider === "none") {
        problems.push({
          path: "notify.email",
          message: "email contacts are configured but no email provider",
        });
      }
      if (email.provider === "http") need("EMAIL_API_KEY", "email cannot be sent");
      if (email.provider === "cloudflare")
        need("EMAIL", "the send_email binding is missing; email cannot be sent");
    }
  }
  if (config.notify.telegramWebhook) need("TELEGRAM_WEBHOOK_SECRET", "Telegram buttons would be refused");
  return problems;
}
