import type { Config, Contact, Level } from "../../config/schema";
import { renderMessage } from "../message";
import type { DeliveryFailureInfo, Links } from "../message/types";
import type { Action, IncidentView, NotifyKind } from "../types";
import type { NotifierRegistry } from "./registry";
import { type DeliveryResult, type EditableMessage, type OutgoingMessage, recipientOf } from "./types";

/** What `deliver` needs from the caller. */
export interface DeliverDeps {
  config: Pick<Config, "locale" | "escalation" | "notify">;
  notifiers: NotifierRegistry;
  /** Signed operator links for a recipient level. */
  links: (level: Level) => Links;
  now: () => number;
  /** This incident's L1 Telegram pages, edited in place on acknowledge and resolve. */
  telegramOriginals?: EditableMessage[];
  /**
   * How this step went for each of its targets (`targetOf`), across attempts. Deliver skips
   * the targets already delivered or failed for good, and records what this attempt did.
   */
  targets?: Map<string, TargetOutcome>;
  log?: (line: string) => void;
}

/** How one step went for one target; only "retry" is sent again. */
export type TargetOutcome = "delivered" | "failed" | "retry";

/** A step's target: a contact, or an earlier message edited in place. */
export function targetOf(contact: Contact): string {
  return `${contact.channel}:${recipientOf(contact)}`;
}

function outcomeOf(r: DeliveryResult): TargetOutcome {
  return r.ok ? "delivered" : r.retryable ? "retry" : "failed";
}

const settled = (o: TargetOutcome | undefined) => o === "delivered" || o === "failed";

/**
 * A P1 whose primary channel is held back longer than this (a Telegram `retry_after` of 30 s,
 * say) also goes out now through the level's other channel; the primary is still retried.
 */
const P1_HOLD_LIMIT_MS = 10_000;

const heldBack = (r: DeliveryResult) => !r.ok && r.retryable && (r.retryAfterMs ?? 0) > P1_HOLD_LIMIT_MS;

type Failure = Extract<DeliveryResult, { ok: false }>;

function outgoing(
  kind: NotifyKind,
  level: Level,
  key: string,
  view: IncidentView,
  deps: DeliverDeps,
  failure?: DeliveryFailureInfo,
): OutgoingMessage {
  const r = renderMessage({
    kind,
    view,
    level,
    links: deps.links(level),
    locale: deps.config.locale,
    now: deps.now(),
    ...(failure ? { failure } : {}),
  });
  return {
    kind,
    level,
    incidentId: view.id,
    epoch: view.epoch,
    key,
    subject: r.subject,
    telegramHtml: r.telegramHtml,
    text: r.text,
    html: r.html,
    links: r.model.links,
    incident: {
      id: view.id,
      epoch: view.epoch,
      serviceId: view.serviceId,
      serviceName: view.serviceName,
      status: view.status,
      severity: view.severity,
      openedAt: view.openedAt,
      findings: view.findings,
    },
  };
}

async function sendOne(msg: OutgoingMessage, contact: Contact, deps: DeliverDeps): Promise<DeliveryResult> {
  const notifier = deps.config.notify.outbox ? deps.notifiers.outbox : deps.notifiers[contact.channel];
  if (!notifier) {
    const channel = deps.config.notify.outbox ? "outbox" : contact.channel;
    return {
      ok: false,
      channel,
      retryable: false,
      reason: "bad_request",
      detail: `no ${channel} channel configured`,
      recipient: recipientOf(contact),
    };
  }
  return notifier.send(msg, contact);
}

/**
 * Sends to a level: its first contact's channel is primary; the level's contacts on other
 * channels are the fallback, used when a primary delivery fails permanently, or (with
 * `fallbackWhenHeld`, for a P1) when the provider holds the primary back too long.
 */
async function sendLevel(
  msg: OutgoingMessage,
  contacts: readonly Contact[],
  deps: DeliverDeps,
  targets: Map<string, TargetOutcome> = new Map(),
  fallbackWhenHeld = false,
): Promise<DeliveryResult[]> {
  const first = contacts[0];
  if (!first) return [];
  // Several email contacts in one level must not share an Idempotency-Key, or the provider drops all but one.
  const emails = contacts.filter((c) => c.channel === "email").length;
  const keyed = (c: Contact): OutgoingMessage =>
    c.channel === "email" && emails > 1 ? { ...msg, key: `${msg.key}:${c.to}` } : msg;
  const results: DeliveryResult[] = [];
  const send = async (c: Contact, fallback: boolean) => {
    // A retry of the step reaches only the targets an earlier attempt missed.
    if (settled(targets.get(targetOf(c)))) return;
    const r = await sendOne(keyed(c), c, deps);
    targets.set(targetOf(c), outcomeOf(r));
    results.push(fallback ? { ...r, fallback: true } : r);
  };
  const primary = contacts.filter((x) => x.channel === first.channel);
  for (const c of primary) await send(c, false);
  const held = fallbackWhenHeld && results.some(heldBack);
  if (held || primary.some((c) => targets.get(targetOf(c)) === "failed")) {
    for (const c of contacts.filter((x) => x.channel !== first.channel)) await send(c, true);
  }
  return results;
}

async function editOriginals(
  msg: OutgoingMessage,
  deps: DeliverDeps,
  targets: Map<string, TargetOutcome>,
): Promise<DeliveryResult[]> {
  const telegram = deps.notifiers.telegram;
  if (deps.config.notify.outbox || !telegram?.edit || !deps.telegramOriginals) return [];
  const results: DeliveryResult[] = [];
  for (const ref of deps.telegramOriginals) {
    const target = `edit:${ref.chatId}:${ref.messageId}`;
    if (settled(targets.get(target))) continue;
    const r = await telegram.edit(ref, msg);
    targets.set(target, outcomeOf(r));
    results.push(r);
  }
  return results;
}

/**
 * Delivers one escalation action: renders it for the action's kind and level, sends it to
 * that level's contacts (falling back to the level's other channel on a permanent failure,
 * and for a P1 also when the primary is held back longer than `P1_HOLD_LIMIT_MS`),
 * reports permanent failures to L1, and returns every result for the timeline.
 * Idempotency across alarm retries is the caller's: it records delivered `action.key`s.
 */
export async function deliver(
  action: Action,
  view: IncidentView,
  deps: DeliverDeps,
): Promise<DeliveryResult[]> {
  const log = deps.log ?? ((line: string) => console.log(line));
  const levels = deps.config.escalation.levels;
  const msg = outgoing(action.kind, action.level, action.key, view, deps);
  const targets = deps.targets ?? new Map<string, TargetOutcome>();
  const results: DeliveryResult[] = [];
  if (action.level === "L1" && (action.kind === "acknowledged" || action.kind === "resolved")) {
    results.push(...(await editOriginals(msg, deps, targets)));
  }
  const sent = await sendLevel(msg, levels[action.level], deps, targets, view.severity === "P1");
  results.push(...sent);

  const permanent = sent.filter((r): r is Failure => !r.ok && !r.retryable);
  for (const f of permanent)
    log(`notify ${action.key}: ${action.level} via ${f.channel} failed: ${f.reason} ${f.detail}`);
  if (action.kind === "delivery_failed") return results;
  // Tell L1 what did not arrive, through any L1 contact other than the one that failed.
  for (const [i, f] of permanent.entries()) {
    const failedHere = (c: Contact) => action.level === "L1" && recipientOf(c) === f.recipient;
    const l1 = levels.L1.filter((c) => !failedHere(c));
    if (l1.length === 0) continue;
    const info: DeliveryFailureInfo = {
      level: action.level,
      channel: f.channel,
      reason: f.reason,
      detail: f.detail,
    };
    const notice = outgoing("delivery_failed", "L1", `${action.key}:delivery_failed:${i}`, view, deps, info);
    results.push(...(await sendLevel(notice, l1, deps)));
  }
  return results;
}
