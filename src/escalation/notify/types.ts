import type { Contact, Level } from "../../config/schema";
import type { LinkItem } from "../message/types";
import type { IncidentView, NotifyKind } from "../types";
import { shortHash } from "./short-hash";

/** Channels a message can leave through; each has one module and one registry line. */
export const CHANNELS = ["telegram", "email", "webhook", "outbox"] as const;
export type ChannelName = (typeof CHANNELS)[number];

/** Why a delivery failed, classified so the caller knows whether retrying can help. */
export type FailureReason = "rate_limited" | "auth" | "bad_request" | "recipient_gone" | "network" | "server";

/** Outcome of one delivery to one recipient. `detail` never contains a secret. */
export type DeliveryResult =
  | {
      ok: true;
      channel: ChannelName;
      /** The provider's id of the delivered message. */
      messageId: string;
      /** Chat id or address actually delivered to. */
      recipient: string;
      /** Telegram moved the group to a supergroup: update the config to this chat id. */
      migratedTo?: string;
      /** Delivered through the level's other channel after the first one failed. */
      fallback?: boolean;
      /** An existing message was edited rather than a new one sent. */
      edited?: boolean;
    }
  | {
      ok: false;
      channel: ChannelName;
      retryable: boolean;
      reason: FailureReason;
      detail: string;
      recipient: string;
      /** The provider asked to wait this long before trying again (a rate limit not waited out here). */
      retryAfterMs?: number;
      fallback?: boolean;
      edited?: boolean;
    };

/** One rendered notification, ready for any channel. */
export interface OutgoingMessage {
  kind: NotifyKind;
  level: Level;
  incidentId?: string;
  epoch?: number;
  /** Idempotency key of the incident step (the Action key); email providers dedupe on it. */
  key: string;
  subject: string;
  /** At most 4096 characters of Telegram HTML. */
  telegramHtml: string;
  text: string;
  html: string;
  /** Action links, already filtered for the incident's status. */
  links: LinkItem[];
  /** The incident's facts, for channels that send data rather than text (the webhook). */
  incident?: IncidentFacts;
}

/** What a machine reading a notification needs of its incident. */
export type IncidentFacts = Pick<
  IncidentView,
  "id" | "epoch" | "serviceId" | "serviceName" | "status" | "severity" | "openedAt" | "findings"
>;

/** A Telegram message delivered earlier that can be updated in place (the L1 page). */
export interface EditableMessage {
  /** The chat it is in, after any supergroup migration. */
  chatId: string;
  /** Telegram's message id, as the send result reported it. */
  messageId: string;
}

/**
 * A delivery channel. Adding one: a module implementing this, a line in `registry.ts`,
 * and a member of `contactSchema`'s union in `src/config/schema.ts`.
 */
export interface Notifier {
  readonly channel: ChannelName;
  /** Delivers; never throws, every failure is a classified result. */
  send(msg: OutgoingMessage, contact: Contact): Promise<DeliveryResult>;
  /** Replaces an earlier message's content, for channels that can. */
  edit?(ref: EditableMessage, msg: OutgoingMessage): Promise<DeliveryResult>;
}

/** A notifier's options were invalid when it was constructed. */
export class NotifierConfigError extends Error {
  constructor(
    readonly code: "missing_secret" | "bad_url" | "bad_option",
    message: string,
  ) {
    super(message);
    this.name = "NotifierConfigError";
  }
}

/**
 * The address or chat id of a contact, as results report it. A webhook URL may carry a secret
 * (Slack's do), so it shows as its host and a hash that still tells two URLs apart.
 */
export function recipientOf(contact: Contact): string {
  if (contact.channel === "telegram") return String(contact.chatId);
  if (contact.channel === "email") return contact.to;
  return `${new URL(contact.url).host}#${shortHash(contact.url)}`;
}
