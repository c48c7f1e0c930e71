import type { Contact, Level } from "../../config/schema";
import type { LinkItem } from "../message/types";
import type { NotifyKind } from "../types";
import { type DeliveryResult, type Notifier, type OutgoingMessage, recipientOf } from "./types";

/** One message as the local outbox keeps it: everything a real channel would have received. */
export interface OutboxEntry {
  id: string;
  at: number;
  /** The channel it would have gone through. */
  channel: Contact["channel"];
  recipient: string;
  level: Level;
  kind: NotifyKind;
  incidentId?: string;
  key: string;
  subject: string;
  telegramHtml: string;
  text: string;
  html: string;
  links: LinkItem[];
}

/** Options of the outbox channel; the Durable Object provides the storage. */
export interface OutboxOptions {
  store: (entry: OutboxEntry) => Promise<void> | void;
  now: () => number;
  newId?: () => string;
}

/** Delivers to local storage instead of Telegram or email (`notify.outbox`, used by `npm start`). */
export function createOutboxNotifier(opts: OutboxOptions): Notifier {
  const newId = opts.newId ?? (() => crypto.randomUUID());
  return {
    channel: "outbox",
    async send(msg: OutgoingMessage, contact: Contact): Promise<DeliveryResult> {
      const recipient = recipientOf(contact);
      const entry: OutboxEntry = {
        id: newId(),
        at: opts.now(),
        channel: contact.channel,
        recipient,
        level: msg.level,
        kind: msg.kind,
        ...(msg.incidentId === undefined ? {} : { incidentId: msg.incidentId }),
        key: msg.key,
        subject: msg.subject,
        telegramHtml: msg.telegramHtml,
        text: msg.text,
        html: msg.html,
        links: msg.links,
      };
      try {
        await opts.store(entry);
        return { ok: true, channel: "outbox", messageId: entry.id, recipient };
      } catch (error) {
        const detail = `outbox store failed: ${error instanceof Error ? error.message : String(error)}`;
        return { ok: false, channel: "outbox", retryable: true, reason: "server", detail, recipient };
      }
    },
  };
}
