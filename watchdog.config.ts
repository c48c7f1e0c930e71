/**
 * The watchdog's configuration, bundled with the Worker (issue 17 item 1): validated by the zod
 * schema of src/config/schema.ts at startup and by `npm run config:check`. One section per
 * wrangler environment; `[env.<name>.vars] WATCHDOG_ENV = "<name>"` picks it, the top level
 * runs `default`. A `WATCHDOG_CONFIG` var still overrides the whole file (local runs, tests).
 * Secrets (TELEGRAM_BOT_TOKEN, AGENT_HMAC_SECRET, LINK_SIGNING_KEY, EMAIL_API_KEY, ADMIN_TOKEN)
 * never go here: `wrangler secret put` in production, .dev.vars locally.
 */
import { defineConfig } from "./src/config/define";

export default defineConfig({
  // The embedded default: watches the bundled demo service (demo/service.mjs) on loopback,
  // delivers to the local outbox (/outbox) instead of Telegram and email. localOnly: deployed by
  // mistake (a plain `wrangler deploy`), the Worker answers 503 demo_config to every request that
  // is not from this machine, and `npm run deploy` / `config:check --deploy` refuse it.
  default: {
    localOnly: true,
    locale: "ru",
    publicUrl: "http://127.0.0.1:8787",
    dailyReportHourUtc: 6,
    services: [
      {
        id: "calendar-bot",
        name: "AI Calendar Assistant (demo)",
        healthUrl: "http://127.0.0.1:8790/health",
        agentUrl: "http://127.0.0.1:8790/agent/status",
        // probeEvery is "auto" (the default): 10 s for one service on Free, so "down" pages in about 15 s.
      },
    ],
    escalation: {
      levels: {
        L1: [{ channel: "telegram", chatId: "100001" }],
        L2: [{ channel: "email", to: "tech-lead@example.com" }],
        L3: [{ channel: "email", to: "devops@example.com" }],
        L4: [{ channel: "email", to: "cto@example.com" }],
      },
    },
    notify: {
      outbox: true,
      email: { provider: "cloudflare", from: "watchdog@example.com" },
    },
  },

  // Production: the runbook's service. Deploy with `npm run deploy` (wrangler deploy --env production).
  production: {
    locale: "ru",
    publicUrl: "https://watchdog.example.com",
    services: [
      {
        id: "ai-calendar",
        name: "AI Calendar Assistant",
        healthUrl: "https://calendar.example.com/health",
        agentUrl: "https://calendar.example.com/watchdog-agent/status",
        // Probed every 15 s by its own Durable Object near Moscow; a P1 health failure is confirmed
        // from western Europe before anyone is paged (README: "Faster probing and a second vantage").
        probeEvery: "15s",
        vantage: { home: "eeur", second: "weur" },
      },
    ],
    escalation: {
      // L1 is the numeric id of the on-call team's private group (the bot added to it; the id is in
      // the bot's getUpdates). A public @channel would hand every reader the signed action links, so
      // config:check and startup refuse one unless callback buttons are on (notify.telegramWebhook).
      levels: {
        L1: [{ channel: "telegram", chatId: "-1001234567890" }],
        L2: [{ channel: "email", to: "tech-lead@example.com" }],
        L3: [{ channel: "email", to: "devops@example.com" }],
        L4: [{ channel: "email", to: "cto@example.com" }],
      },
    },
    notify: {
      email: { provider: "http", from: "watchdog@example.com", apiBase: "https://api.resend.com" },
    },
  },
});
