import * as z from "zod";
import { type Contact, isPublicChat } from "../../config/schema";
import { truncate } from "../message/text";
import { withoutLinkToken } from "../open-link";
import { callbackData, fitsCallbackData } from "./callback-data";
import { apiBaseUrl, attemptHttp, type HttpNotifierOptions, httpProvider } from "./http-attempt";
import { retryPolicy, withRetries } from "./retry";
import {
  type DeliveryResult,
  type EditableMessage,
  type Notifier,
  NotifierConfigError,
  type OutgoingMessage,
  recipientOf,
} from "./types";

/** Options of the Telegram notifier. */
export interface TelegramOptions extends HttpNotifierOptions {
  /** Bot token (`TELEGRAM_BOT_TOKEN`); never appears in any result, error or log line. */
  token: string;
  /** Bot API base URL (`notify.telegramApiBase`). */
  apiBase: string;
  /** Webhook mode: Acknowledge / Resolve become callback buttons instead of links. */
  callbackButtons?: boolean;
}

const apiResponse = z.object({
  ok: z.boolean(),
  result: z.unknown().optional(),
  description: z.string().optional(),
  error_code: z.number().optional(),
  parameters: z
    .object({ retry_after: z.number().optional(), migrate_to_chat_id: z.number().optional() })
    .optional(),
});
const sentMessage = z.object({ message_id: z.number() });

/** A group that became a supergroup answers with its new chat id instead of a result. */
type CallOutcome = DeliveryResult | { migrateTo: string };

/** One inline button: a callback payload or a URL. */
type Button = { text: string; callback_data: string } | { text: string; url: string };

function keyboard(msg: OutgoingMessage, callbacks: boolean, chatId: string): unknown {
  const buttons = msg.links.flatMap((l): Button[] => {
    // A restart always opens its confirmation page: no one-tap callback may run an action.
    if (
      callbacks &&
      (l.action === "acknowledge" || l.action === "resolve") &&
      msg.incidentId !== undefined &&
      msg.epoch !== undefined
    ) {
      const data = callbackData(l.action, msg.incidentId, msg.epoch);
      if (fitsCallbackData(data)) return [{ text: l.label, callback_data: data }];
    }
    if (!isPublicChat(chatId)) return [{ text: l.label, url: l.url }];
    // Every reader of a public channel sees its buttons: no signed link may ride on one.
    return l.action === "open" ? [{ text: l.label, url: withoutLinkToken(l.url) }] : [];
  });
  return buttons.length > 0 ? { inline_keyboard: [buttons] } : undefined;
}

/** A Telegram notifier that can also edit the original L1 page. */
export function createTelegramNotifier(opts: TelegramOptions): Notifier & Required<Pick<Notifier, "edit">> {
  if (!/^\d+:[\w-]+$/.test(opts.token)) {
    throw new NotifierConfigError("missing_secret", "TELEGRAM_BOT_TOKEN is missing or malformed");
  }
  const base = apiBaseUrl(opts.apiBase, "notify.telegramApiBase");
  const log = opts.log ?? ((line: string) => console.log(line));
  const policy = retryPolicy(opts);
  const provider = httpProvider(opts, {
    channel: "telegram",
    secrets: [opts.token],
    // 403 is a bot the user blocked or a chat it left; 404 is a wrong token (the URL carries it).
    statusReasons: { 403: "recipient_gone", 404: "auth" },
  });

  const once = (method: string, body: Record<string, unknown>, recipient: string) =>
    attemptHttp<CallOutcome>(
      provider,
      { url: `${base}/bot${opts.token}/${method}`, body: JSON.stringify(body), recipient, label: method },
      (reply) => {
        const r = apiResponse.safeParse(reply.json);
        const parsed = r.success ? r.data : undefined;
        if (reply.ok && parsed?.ok) {
          const m = sentMessage.safeParse(parsed.result);
          const messageId = m.success ? String(m.data.message_id) : String(body.message_id ?? "");
          return { done: { ok: true, channel: "telegram", messageId, recipient } };
        }
        const description = parsed?.description ?? truncate(reply.text, 200);
        if (method === "editMessageText" && /message is not modified/i.test(description)) {
          const messageId = String(body.message_id ?? "");
          return { done: { ok: true, channel: "telegram", messageId, recipient, edited: true } };
        }
        const migrateTo = parsed?.parameters?.migrate_to_chat_id;
        if (migrateTo !== undefined) return { done: { migrateTo: String(migrateTo) } };
        // Telegram puts the wait in the body, not in a Retry-After header.
        return { failed: description, retryAfter: parsed?.parameters?.retry_after };
      },
    );

  async function call(
    method: string,
    body: Record<string, unknown>,
    chatId: string,
  ): Promise<DeliveryResult> {
    let target = chatId;
    let migratedTo: string | undefined;
    // A group upgraded to a supergroup answers with its new id: follow it once and report it.
    for (let hop = 0; hop < 2; hop++) {
      const outcome = await withRetries((_n) => once(method, { ...body, chat_id: target }, target), policy);
      if ("migrateTo" in outcome) {
        if (migratedTo !== undefined) break;
        migratedTo = outcome.migrateTo;
        log(`telegram ${method}: chat ${target} migrated to ${migratedTo}`);
        target = migratedTo;
        continue;
      }
      if (!outcome.ok) log(`telegram ${method} to ${target} failed: ${outcome.reason} ${outcome.detail}`);
      return migratedTo !== undefined && outcome.ok ? { ...outcome, migratedTo } : outcome;
    }
    return {
      ok: false,
      channel: "telegram",
      retryable: false,
      reason: "recipient_gone",
      detail: `${method}: chat migrated more than once`,
      recipient: target,
    };
  }

  const common = (msg: OutgoingMessage, chatId: string) => {
    const markup = keyboard(msg, opts.callbackButtons === true, chatId);
    return {
      text: msg.telegramHtml,
      parse_mode: "HTML",
      link_preview_options: { is_disabled: true },
      ...(markup ? { reply_markup: markup } : {}),
    };
  };

  return {
    channel: "telegram",
    async send(msg: OutgoingMessage, contact: Contact): Promise<DeliveryResult> {
      if (contact.channel !== "telegram") {
        return {
          ok: false,
          channel: "telegram",
          retryable: false,
          reason: "bad_request",
          detail: "not a Telegram contact",
          recipient: recipientOf(contact),
        };
      }
      return call("sendMessage", common(msg, String(contact.chatId)), String(contact.chatId));
    },
    async edit(ref: EditableMessage, msg: OutgoingMessage): Promise<DeliveryResult> {
      const r = await call(
        "editMessageText",
        { ...common(msg, ref.chatId), message_id: Number(ref.messageId) },
        ref.chatId,
      );
      return r.ok ? { ...r, messageId: ref.messageId, edited: true } : { ...r, edited: true };
    },
  };
}
