import type { Config, Level } from "../config/schema";
import { linksFor, remediationLink } from "../escalation/links";
import type { Links } from "../escalation/message/types";
import { type DeliveryResult, deliver, type NotifierRegistry } from "../escalation/notify";
import type { Action, DeliveryEvent, IncidentView } from "../escalation/types";
import type { ActionDelivery, Count, SendContext, SentRef } from "./ports";

/** Signs the operator links a message to `level` carries; none when they cannot be signed. */
export type LinkSigner = (view: IncidentView, level: Level, now: number) => Promise<Links>;

/** Delivers one claimed action. */
export type Sender = (action: Action, view: IncidentView, ctx: SendContext) => Promise<ActionDelivery>;

/** What a sender is built from, once per config. */
export interface SenderDeps {
  config: Config;
  notifiers: NotifierRegistry;
  links: LinkSigner;
  count: Count;
}

/**
 * Signs links with the action-link key; without one, messages go out without links. L1 of a
 * service with an agent also gets "Restart bot" (issue 14 item 3).
 */
export function linkSigner(
  key: string | undefined,
  config: Pick<Config, "publicUrl" | "linkTtl" | "services">,
): LinkSigner {
  return async (view, level, now) => {
    if (!key) {
      // A page without buttons beats no page: a missing secret must not silence paging.
      console.error("LINK_SIGNING_KEY is not set: messages go out without action links");
      return {};
    }
    const ctx = { key, publicUrl: config.publicUrl, ttlMs: config.linkTtl, now };
    const l = await linksFor(view, level, ctx);
    const agent = config.services.find((s) => s.id === view.serviceId)?.agentUrl;
    const restart =
      level === "L1" && agent ? await remediationLink(view, level, "restart-app", ctx) : undefined;
    return { acknowledge: l.acknowledge, resolve: l.resolve, open: l.open, ...(restart ? { restart } : {}) };
  };
}

/**
 * Counts results for /metrics, best effort: it runs after the messages left, so a failure here
 * must not make the caller think the delivery failed and send it again.
 */
export async function countResults(count: Count, results: readonly DeliveryResult[]): Promise<void> {
  try {
    for (const r of results) {
      await (r.ok
        ? count("notifications_sent", { channel: r.channel })
        : count("notifications_failed", { channel: r.channel, reason: r.reason }));
    }
  } catch (error) {
    console.error(
      `metrics: counting deliveries failed: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

function describe(r: DeliveryResult): string {
  if (!r.ok) {
    const wait = r.retryAfterMs === undefined ? "" : `; asked to wait ${Math.ceil(r.retryAfterMs / 1000)} s`;
    return `${r.reason}: ${r.detail} (to ${r.recipient}${wait})`;
  }
  const moved = r.migratedTo ? `; chat moved to ${r.migratedTo}, update the config` : "";
  return `${r.edited ? "edited" : "delivered"} to ${r.recipient}${r.fallback ? " (fallback)" : ""}${moved}`;
}

/**
 * A sender: renders one notify action with signed links, delivers it through the notifiers,
 * counts the results, and turns each into a `delivery` event for the incident's timeline.
 */
export function createSender(deps: SenderDeps): Sender {
  const { config, notifiers } = deps;
  return async (action, view, ctx) => {
    const targets = new Map(ctx.targets);
    const levels: Level[] = action.level === "L1" ? ["L1"] : [action.level, "L1"];
    const links = new Map<Level, Links>();
    // Rendered and signed at the step's first attempt: a retry sends the same bytes (ports.ts).
    for (const level of levels) links.set(level, await deps.links(view, level, ctx.renderAt));
    const results = await deliver(action, view, {
      config,
      notifiers,
      links: (level) => links.get(level) ?? {},
      now: () => ctx.renderAt,
      telegramOriginals: ctx.sentRefs
        .filter((r) => r.channel === "telegram")
        .map((r) => ({ chatId: r.chatId, messageId: r.messageId })),
      targets,
    });
    await countResults(deps.count, results);
    const events: DeliveryEvent[] = results.map((r) => ({
      type: "delivery",
      key: action.key,
      level: action.level,
      channel: r.channel,
      ok: r.ok,
      detail: describe(r),
    }));
    // Only the L1 page is edited later (on acknowledge and resolve), so only its refs are kept.
    const refs: SentRef[] = results.flatMap((r) =>
      r.ok && r.channel === "telegram" && !r.edited && action.level === "L1" && action.kind === "page"
        ? [{ channel: "telegram", chatId: r.migratedTo ?? r.recipient, messageId: r.messageId }]
        : [],
    );
    const outcomes = [...targets.values()];
    const waits = results.flatMap((r) =>
      !r.ok && r.retryable && r.retryAfterMs !== undefined ? [r.retryAfterMs] : [],
    );
    return {
      ok: results.some((r) => r.ok) || outcomes.includes("delivered"),
      retryable: outcomes.includes("retry"),
      // Every provider that asked for a wait gets it: the step comes back after the longest.
      ...(waits.length > 0 ? { retryAfterMs: Math.max(...waits) } : {}),
      events,
      refs,
      targets,
    };
  };
}
