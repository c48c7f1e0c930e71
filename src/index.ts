import { configFromEnv, formatProblems } from "./config/load";
import type { Config } from "./config/schema";
import { missingSecrets, weakSecrets } from "./config/secrets";
import { monitorsOf, shardStub, stateStub } from "./durable/stubs";
import { dailyReportDeps, noticeDeps, weeklyReportDeps } from "./durable/wiring";
import { authLimiterFor, createHttpApp, type HttpDeps, type TelegramCall } from "./http";
import { sendDailyReport } from "./monitor/daily-report";
import { sendGapNotice } from "./monitor/notices";
import { sendWeeklyReport } from "./monitor/weekly-report";
import { runTick } from "./tick";

export { ServiceMonitor } from "./durable/service-monitor";
export { TickShard } from "./durable/tick-shard";
export { Vantage } from "./durable/vantage";
export { WatchdogState } from "./durable/watchdog-state";

function httpDeps(env: Env): HttpDeps {
  const parsed = configFromEnv(env);
  return {
    config: parsed.ok ? parsed.config : undefined,
    ...(parsed.ok
      ? { setupProblems: missingSecrets(parsed.config, env), weakSecrets: weakSecrets(parsed.config, env) }
      : { configProblems: parsed.errors }),
    secrets: {
      linkKey: env.LINK_SIGNING_KEY ?? "",
      adminToken: env.ADMIN_TOKEN ?? "",
      ...(env.TELEGRAM_WEBHOOK_SECRET ? { telegramWebhookSecret: env.TELEGRAM_WEBHOOK_SECRET } : {}),
      ...(env.HEARTBEAT_SECRET ? { heartbeatSecret: env.HEARTBEAT_SECRET } : {}),
    },
    monitor: monitorsOf(env, parsed.ok ? parsed.config : undefined),
    state: stateStub(env),
    // Optional at run time: an environment deployed without [[ratelimits]] counts in memory.
    authLimiter: authLimiterFor(env.AUTH_FAILURES as RateLimit | undefined),
    // Only the webhook calls Telegram, and it answers only with a valid config.
    ...(parsed.ok ? { telegram: telegramCall(env, parsed.config.notify.telegramApiBase) } : {}),
    now: () => Date.now(),
  };
}

function telegramCall(env: Env, base: string): TelegramCall {
  return async (method, body) => {
    const res = await fetch(`${base}/bot${env.TELEGRAM_BOT_TOKEN}/${method}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(5_000),
    });
    return res.json();
  };
}

// Built once per isolate; each request's deps come from its bindings (the config parse is cached).
const app = createHttpApp(httpDeps);

async function scheduled(controller: ScheduledController, env: Env, ctx: ExecutionContext): Promise<void> {
  const parsed = configFromEnv(env);
  if (!parsed.ok) {
    // A bad config never pages anyone with garbage; /health reports it.
    console.error(`tick skipped: invalid config:\n${formatProblems(parsed.errors)}`);
    return;
  }
  const config: Config = parsed.config;
  const missing = missingSecrets(config, env);
  // The tick still runs (other channels may work); /health reports the gap in the setup.
  if (missing.length > 0) console.error(`watchdog setup incomplete:\n${formatProblems(missing)}`);
  const weak = weakSecrets(config, env);
  if (weak.length > 0) console.error(`watchdog secrets too weak:\n${formatProblems(weak)}`);
  const state = stateStub(env);
  const summary = await runTick({
    config,
    fetch: (url, init) => fetch(url, init),
    now: () => Date.now(),
    monitor: monitorsOf(env, config),
    shard: (shardId) => shardStub(env, shardId),
    state,
    reportGap: async (gapMs) => {
      if (!(await sendGapNotice(noticeDeps(env, config), gapMs, Date.now())))
        console.error("tick: the gap report reached nobody");
    },
  });
  if (summary.errors.length > 0) console.error(`tick: ${summary.errors.length} service(s) failed`);
  ctx.waitUntil(sendDailyReport(dailyReportDeps(env, config), controller.scheduledTime));
  ctx.waitUntil(sendWeeklyReport(weeklyReportDeps(env, config), controller.scheduledTime));
}

export default {
  fetch: app.fetch,
  scheduled,
} satisfies ExportedHandler<Env>;
