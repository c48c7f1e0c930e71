import type { Config, Contact, Level } from "../config/schema";
import { renderMessage, strings } from "../escalation/message";
import type { DeliveryResult, NotifierRegistry, OutgoingMessage } from "../escalation/notify";
import type { Count } from "./ports";
import { countResults } from "./sender";

/** What a notice without an incident is sent with: the config, the channels and the counters. */
export interface NoticeDeps {
  config: Config;
  notifiers: NotifierRegistry;
  count: Count;
}

/** A notice rendered for every channel. */
export interface RenderedNotice {
  subject: string;
  telegramHtml: string;
  /** Several Telegram messages for one notice too long for one (the daily report); each gets its own key. */
  telegramPages?: string[];
  text: string;
  html: string;
}

/** Sends a notice to every L1 contact (through the outbox when it is on); true when one got it. */
export function sendToL1(
  deps: NoticeDeps,
  key: string,
  kind: OutgoingMessage["kind"],
  rendered: RenderedNotice,
): Promise<boolean> {
  return sendToLevel(deps, key, kind, rendered, "L1");
}

/** Sends a notice to every contact of `level` (through the outbox when it is on); true when one got it. */
export function sendToLevel(
  deps: NoticeDeps,
  key: string,
  kind: OutgoingMessage["kind"],
  rendered: RenderedNotice,
  level: Level,
): Promise<boolean> {
  return sendToContacts(deps, level, deps.config.escalation.levels[level], key, kind, rendered);
}

/** Sends a notice to `contacts` of `level` (through the outbox when it is on); true when one got it. */
export async function sendToContacts(
  deps: NoticeDeps,
  level: Level,
  contacts: readonly Contact[],
  key: string,
  kind: OutgoingMessage["kind"],
  rendered: RenderedNotice,
): Promise<boolean> {
  const { config, notifiers } = deps;
  const { telegramPages, ...one } = rendered;
  const msg: OutgoingMessage = { kind, level, key, ...one, links: [] };
  const results: DeliveryResult[] = [];
  for (const contact of contacts) {
    const notifier = config.notify.outbox ? notifiers.outbox : notifiers[contact.channel];
    if (!notifier) continue;
    const pages = contact.channel === "telegram" && telegramPages ? telegramPages : [msg.telegramHtml];
    for (const [i, page] of pages.entries()) {
      const part = pages.length > 1 ? { ...msg, key: `${key}/${i + 1}`, telegramHtml: page } : msg;
      results.push(await notifier.send(part, contact));
    }
  }
  await countResults(deps.count, results);
  for (const r of results)
    if (!r.ok) console.error(`notice ${key}: ${r.channel} failed: ${r.reason} ${r.detail}`);
  return results.some((r) => r.ok);
}

/** Tells L1 that the watchdog's own checks stopped for `gapMs` up to `now`; true when someone got it. */
export async function sendGapNotice(deps: NoticeDeps, gapMs: number, now: number): Promise<boolean> {
  const { locale } = deps.config;
  const gap = strings(locale).gap;
  const minutes = Math.round(gapMs / 60_000);
  const rendered = renderMessage({
    kind: "watchdog_gap",
    view: { title: gap.title, text: gap.text(minutes, new Date(now - gapMs).toISOString()) },
    level: "L1",
    locale,
    now,
  });
  const delivered = await sendToL1(deps, `watchdog_gap:${now}`, "watchdog_gap", rendered);
  await deps.count("tick_gaps", {});
  return delivered;
}
