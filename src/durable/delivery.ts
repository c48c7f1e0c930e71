import type { Finding } from "../checks/types";
import type { Config, Level } from "../config/schema";
import { renderDailyReport, renderMessage } from "../escalation/message";
import type { Links } from "../escalation/message/types";
import {
  createRegistry,
  type DeliveryResult,
  deliver,
  type NotifierRegistry,
  type OutgoingMessage,
  type TargetOutcome,
} from "../escalation/notify";
import type { Action, Event, IncidentView } from "../escalation/types";
import { linksFor } from "../http/links";
import type { ServiceSnapshot } from "./api";
import type { SentRef } from "./monitor-store";
import type { WatchdogStateApi } from "./state-api";
import { monitorStub, stateStub } from "./stubs";

type StateStub = Pick<WatchdogStateApi, "addOutbox" | "count">;

/** The channels this Worker can use, built from config, secrets and bindings. */
export function notifiersFor(
  env: Env,
  config: Config,
  state: StateStub,
  now: () => number,
): NotifierRegistry {
  return createRegistry({
    config,
    secrets: {
      ...(env.TELEGRAM_BOT_TOKEN ? { telegramBotToken: env.TELEGRAM_BOT_TOKEN } : {}),
      ...(env.EMAIL_API_KEY ? { emailApiKey: env.EMAIL_API_KEY } : {}),
    },
    ...(env.EMAIL ? { emailBinding: env.EMAIL } : {}),
    store: (entry) => state.addOutbox(entry),
    fetch: (input, init) => fetch(input, init),
    now,
  });
}

async function signedLinks(
  env: Env,
  config: Config,
  view: IncidentView,
  level: Level,
  now: number,
): Promise<Links> {
  if (!env.LINK_SIGNING_KEY) {
    // A page without buttons beats no page: a missing secret must not silence paging.
    console.error("LINK_SIGNING_KEY is not set: messages go out without action links");
    return {};
  }
  const l = await linksFor(view, level, {
    key: env.LINK_SIGNING_KEY,
    publicUrl: config.publicUrl,
    ttlMs: config.linkTtl,
    now,
  });
  return { acknowledge: l.acknowledge, resolve: l.resolve, open: l.open };
}

/**
 * Counts results for /metrics, best effort: it runs after the messages left, so a failure here
 * must not make the caller think the delivery failed and send it again.
 */
async function countResults(state: StateStub, results: DeliveryResult[]): Promise<void> {
  try {
    for (const r of results) {
      await (r.ok
        ? state.count("notifications_sent", { channel: r.channel })
        : state.count("notifications_failed", { channel: r.channel, reason: r.reason }));
    }
  } catch (error) {
    console.error(
      `metrics: counting deliveries failed: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** What one action's delivery produced: timeline events and Telegram messages to edit later. */
export interface ActionDelivery {
  ok: boolean;
  /** Some target failed for a reason that may pass (rate limit, outage, network): retry the step for it. */
  retryable: boolean;
  events: Event[];
  refs: SentRef[];
  /** How the step stands for each target, across attempts (a retry skips the settled ones). */
  targets: Map<string, TargetOutcome>;
}

/**
 * Delivers one notify action with signed links, records counters, and turns every result
 * into a `delivery` event for the incident's timeline.
 */
export async function deliverAction(
  env: Env,
  config: Config,
  action: Action,
  view: IncidentView,
  opts: { now: number; sentRefs: SentRef[]; state: StateStub; targets?: Map<string, TargetOutcome> },
): Promise<ActionDelivery> {
  const targets = new Map(opts.targets);
  const levels: Level[] = action.level === "L1" ? ["L1"] : [action.level, "L1"];
  const links = new Map<Level, Links>();
  for (const level of levels) links.set(level, await signedLinks(env, config, view, level, opts.now));
  const results = await deliver(action, view, {
    config,
    notifiers: notifiersFor(env, config, opts.state, () => opts.now),
    links: (level) => links.get(level) ?? {},
    now: () => opts.now,
    telegramOriginals: opts.sentRefs
      .filter((r) => r.channel === "telegram")
      .map((r) => ({ chatId: r.chatId, messageId: r.messageId })),
    targets,
  });
  await countResults(opts.state, results);
  const events: Event[] = results.map((r) => ({
    type: "delivery",
    key: action.key,
    level: action.level,
    channel: r.channel,
    ok: r.ok,
    detail: r.ok
      ? `${r.edited ? "edited" : "delivered"} to ${r.recipient}${r.fallback ? " (fallback)" : ""}${r.migratedTo ? `; chat moved to ${r.migratedTo}, update the config` : ""}`
      : `${r.reason}: ${r.detail} (to ${r.recipient})`,
  }));
  const refs: SentRef[] = results.flatMap((r) =>
    r.ok && r.channel === "telegram" && !r.edited && action.level === "L1" && action.kind === "page"
      ? [{ channel: "telegram", chatId: r.migratedTo ?? r.recipient, messageId: r.messageId }]
      : [],
  );
  const outcomes = [...targets.values()];
  return {
    ok: results.some((r) => r.ok) || outcomes.includes("delivered"),
    retryable: outcomes.includes("retry"),
    events,
    refs,
    targets,
  };
}

/** Sends a notice without an incident (the watchdog's own gap) to every L1 contact. */
export async function deliverNotice(
  env: Env,
  config: Config,
  notice: { kind: "watchdog_gap"; gapMs: number },
  now: number,
): Promise<boolean> {
  const state = stateStub(env);
  const minutes = Math.round(notice.gapMs / 60_000);
  const rendered = renderMessage({
    kind: notice.kind,
    view: {
      title: config.locale === "ru" ? "Пропуск проверок watchdog" : "Watchdog checks were skipped",
      text:
        config.locale === "ru"
          ? `Cron-проверки не выполнялись ${minutes} мин (с ${new Date(now - notice.gapMs).toISOString()}). Всё, что произошло за это время, могло пройти незамеченным.`
          : `Cron checks did not run for ${minutes} min (since ${new Date(now - notice.gapMs).toISOString()}). Anything that happened meanwhile may have gone unnoticed.`,
    },
    level: "L1",
    locale: config.locale,
    now,
  });
  const delivered = await sendToL1(env, config, state, `watchdog_gap:${now}`, "watchdog_gap", rendered, now);
  await state.count("tick_gaps", {});
  return delivered;
}

async function sendToL1(
  env: Env,
  config: Config,
  state: StateStub,
  key: string,
  kind: OutgoingMessage["kind"],
  rendered: { subject: string; telegramHtml: string; text: string; html: string },
  now: number,
): Promise<boolean> {
  const notifiers = notifiersFor(env, config, state, () => now);
  const msg: OutgoingMessage = { kind, level: "L1", key, ...rendered, links: [] };
  const results: DeliveryResult[] = [];
  for (const contact of config.escalation.levels.L1) {
    const notifier = config.notify.outbox ? notifiers.outbox : notifiers[contact.channel];
    if (notifier) results.push(await notifier.send(msg, contact));
  }
  await countResults(state, results);
  for (const r of results)
    if (!r.ok) console.error(`notice ${key}: ${r.channel} failed: ${r.reason} ${r.detail}`);
  return results.some((r) => r.ok);
}

/**
 * The daily report, once a day at the configured UTC hour: the runbook's checklist as seen
 * by the last probes, open incidents, SLA breaches and P4 items, to L1.
 */
export async function sendDailyReport(env: Env, config: Config, scheduledTime: number): Promise<void> {
  const at = new Date(scheduledTime);
  if (at.getUTCHours() !== config.dailyReportHourUtc) return;
  const state = stateStub(env);
  const day = at.toISOString().slice(0, 10);
  if (!(await state.claimOnce(`daily:${day}`))) return;
  let delivered = false;
  try {
    delivered = await renderAndSendDaily(env, config, state, day, scheduledTime);
  } finally {
    // Not delivered (or failed midway): give the claim back so the next tick this hour retries.
    if (!delivered) await state.releaseOnce(`daily:${day}`);
  }
}

async function renderAndSendDaily(
  env: Env,
  config: Config,
  state: StateStub,
  day: string,
  scheduledTime: number,
): Promise<boolean> {
  // One service whose object cannot answer is reported without its probe, not left out.
  const snapshots = await Promise.all(
    config.services.map(async (s) => ({
      service: s,
      snap: await monitorStub(env, s.id)
        .snapshot()
        .catch((): ServiceSnapshot => ({ serviceId: s.id })),
    })),
  );
  const rendered = renderDailyReport(
    {
      services: snapshots.map(({ service, snap }) => ({
        name: service.name,
        ...(snap.lastProbe ? { lastProbe: snap.lastProbe } : {}),
        ...(snap.incident ? { openIncident: snap.incident } : {}),
      })),
      p4: Object.fromEntries(
        snapshots.map(({ service, snap }) => [
          service.name,
          [
            ...(snap.lastProbe?.findings ?? []).filter((f) => f.severity === "P4"),
            ...(snap.versionChanges ?? []).map(
              (v): Finding => ({
                code: "version_changed",
                severity: "P4",
                check: "health",
                reason: `${v.from} → ${v.to} (${new Date(v.at).toISOString().slice(0, 16).replace("T", " ")} UTC)`,
              }),
            ),
          ],
        ]),
      ),
      slaBreaches: snapshots.flatMap(({ service, snap }) =>
        (snap.incident?.slaBreaches ?? []).map((breach) => ({
          serviceName: service.name,
          incidentId: snap.incident?.id ?? "",
          severity: snap.incident?.severity ?? "P4",
          breach,
        })),
      ),
      date: scheduledTime,
    },
    config.locale,
  );
  return sendToL1(env, config, state, `daily:${day}`, "daily_report", rendered, scheduledTime);
}
