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
  WEBHOOK_SIGNING_SECRET?: string;
  HEARTBEAT_SECRET?: string;
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
  if (!config.notify.outbox && contacts.some((c) => c.channel === "webhook" && c.format === "json"))
    need("WEBHOOK_SIGNING_SECRET", "JSON webhooks cannot be signed and are not sent");
  if (config.services.some((s) => s.heartbeats.length > 0))
    need("HEARTBEAT_SECRET", "heartbeat pings cannot be told apart and are all refused");
  return problems;
}

/** Shortest secret accepted: 32 characters, what `openssl rand -hex 16` prints. */
export const MIN_SECRET_LENGTH = 32;
/** Fewest distinct characters a secret may have (random hex of 32 characters has 14 on average). */
export const MIN_DISTINCT_CHARACTERS = 8;

/**
 * Why a secret is too weak to guard anything, or undefined when it is strong enough: at least
 * 32 characters, at least 8 distinct ones, and not one shorter string repeated. A statistical
 * rule cannot prove randomness; it refuses the usual human choices (`changeme`, `aaaa…`,
 * `password` four times) while random output (`openssl rand -hex 32`) passes.
 */
export function secretWeakness(value: string): string | undefined {
  const chars = [...value];
  if (chars.length < MIN_SECRET_LENGTH)
    return `${chars.length} characters; needs at least ${MIN_SECRET_LENGTH}`;
  const distinct = new Set(chars).size;
  if (distinct < MIN_DISTINCT_CHARACTERS)
    return `only ${distinct} distinct characters; needs at least ${MIN_DISTINCT_CHARACTERS}`;
  // `changeme-changeme-chan…`: each character equals the one a period before it.
  for (let period = 1; period <= chars.length / 2; period++) {
    if (chars.every((ch, i) => i < period || ch === chars[i - period])) return "one short string repeated";
  }
  return undefined;
}

/** True when `value` passes `secretWeakness`. */
export function isStrongSecret(value: string | undefined): value is string {
  return value !== undefined && secretWeakness(value) === undefined;
}

/**
 * The secrets this config relies on that are set but too weak (never their values).
 * ADMIN_TOKEN and TELEGRAM_WEBHOOK_SECRET guard the door and are refused outright when weak;
 * a weak LINK_SIGNING_KEY or AGENT_HMAC_SECRET is reported but still used, since refusing it
 * would silence the pages of a real incident.
 */
export function weakSecrets(config: Config, env: SecretEnv): ConfigProblem[] {
  const used: (keyof SecretEnv)[] = ["ADMIN_TOKEN", "LINK_SIGNING_KEY"];
  if (config.services.some((s) => s.agentUrl)) used.push("AGENT_HMAC_SECRET");
  if (config.notify.telegramWebhook) used.push("TELEGRAM_WEBHOOK_SECRET");
  if (Object.values(config.escalation.levels).some((l) => l.some((c) => c.channel === "webhook")))
    used.push("WEBHOOK_SIGNING_SECRET");
  if (config.services.some((s) => s.heartbeats.length > 0)) used.push("HEARTBEAT_SECRET");
  return used.flatMap((name) => {
    const value = env[name];
    const weakness = typeof value === "string" && value ? secretWeakness(value) : undefined;
    return weakness ? [{ path: name, message: `too weak: ${weakness}` }] : [];
  });
}
