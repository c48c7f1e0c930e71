import { hmacHex } from "../../checks/signature";
import type { Contact } from "../../config/schema";
import { truncate } from "../message/text";
import type { LinkItem } from "../message/types";
import { attemptHttp, type HttpNotifierOptions, httpProvider } from "./http-attempt";
import { retryPolicy, withRetries } from "./retry";
import { type DeliveryResult, type Notifier, type OutgoingMessage, recipientOf } from "./types";

/** Header with `sha256=<hex HMAC-SHA256 of the raw body>` under WEBHOOK_SIGNING_SECRET. */
export const WEBHOOK_SIGNATURE_HEADER = "X-Watchdog-Signature-256";
/** Header naming what the message is about (`page`, `resolved`, …). */
export const WEBHOOK_EVENT_HEADER = "X-Watchdog-Event";

/** Options of the webhook notifier. */
export interface WebhookOptions extends HttpNotifierOptions {
  /** WEBHOOK_SIGNING_SECRET; required by `format = "json"`, never in any result or log line. */
  signingSecret?: string;
}

/** Slack's limit on a section block's text. */
const SLACK_SECTION_CAP = 3000;

/** The hex HMAC-SHA256 of `body`, as a receiver recomputes it to verify the signature header. */
export async function webhookSignature(secret: string, body: string): Promise<string> {
  return `sha256=${await hmacHex(secret, body)}`;
}

function linksObject(links: readonly LinkItem[]): Record<string, string> {
  return Object.fromEntries(links.map((l) => [l.action, l.url]));
}

/** The `json` body: the event, the incident's facts and its links. Same message, same bytes. */
export function webhookJson(msg: OutgoingMessage): string {
  return JSON.stringify({
    event: { id: msg.key, kind: msg.kind, level: msg.level },
    incident: msg.incident ?? null,
    subject: msg.subject,
    text: msg.text,
    links: linksObject(msg.links),
  });
}

// Slack's mrkdwn treats these three as markup; everything else is literal.
const slackEscape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** The `slack` body: `text` for notifications and clients without blocks, `blocks` with link buttons. */
export function webhookSlack(msg: OutgoingMessage): string {
  const buttons = msg.links.map((l) => ({
    type: "button",
    text: { type: "plain_text", text: truncate(l.label, 75) },
    url: l.url,
  }));
  const blocks: unknown[] = [
    { type: "section", text: { type: "mrkdwn", text: truncate(slackEscape(msg.text), SLACK_SECTION_CAP) } },
  ];
  if (buttons.length > 0) blocks.push({ type: "actions", elements: buttons });
  return JSON.stringify({ text: slackEscape(msg.subject), blocks });
}

/** A generic webhook: signed JSON, or a Slack-compatible body (Slack, Mattermost, Rocket.Chat, Discord's /slack). */
export function createWebhookNotifier(opts: WebhookOptions): Notifier {
  const log = opts.log ?? ((line: string) => console.log(line));
  const policy = retryPolicy(opts);
  const secret = opts.signingSecret ? opts.signingSecret : undefined;

  return {
    channel: "webhook",
    async send(msg: OutgoingMessage, contact: Contact): Promise<DeliveryResult> {
      const recipient = recipientOf(contact);
      const refused = (detail: string): DeliveryResult => ({
        ok: false,
        channel: "webhook",
        retryable: false,
        reason: "bad_request",
        detail,
        recipient,
      });
      if (contact.channel !== "webhook") return refused("not a webhook contact");
      if (contact.format === "json" && !secret) return refused("WEBHOOK_SIGNING_SECRET is not set");
      const url = new URL(contact.url);
      const provider = httpProvider(opts, {
        channel: "webhook",
        // The URL's path and query are the credential of Slack-style hooks, and so is each long segment.
        secrets: [
          ...(secret ? [secret] : []),
          contact.url,
          url.pathname + url.search,
          ...url.pathname.split("/").filter((p) => p.length >= 8),
          ...(url.search.length > 1 ? [url.search.slice(1)] : []),
        ],
        // 404 and 410: the hook was deleted or its channel archived; 403: the receiver refuses us.
        statusReasons: { 403: "auth", 404: "recipient_gone", 410: "recipient_gone" },
      });
      const body = contact.format === "json" ? webhookJson(msg) : webhookSlack(msg);
      const request = {
        url: contact.url,
        body,
        redirect: "manual" as const,
        headers: {
          // The step's key: a retry after a lost reply carries the same key and the same bytes.
          "idempotency-key": msg.key.slice(0, 256),
          [WEBHOOK_EVENT_HEADER]: msg.kind,
          ...(secret ? { [WEBHOOK_SIGNATURE_HEADER]: await webhookSignature(secret, body) } : {}),
        },
        recipient,
      };
      const result = await withRetries(
        () =>
          attemptHttp<DeliveryResult>(provider, request, (reply) => {
            if (reply.ok) return { done: { ok: true, channel: "webhook", messageId: msg.key, recipient } };
            if (reply.status >= 300 && reply.status < 400) {
              return { failed: "redirect not followed", as: { retryable: false, reason: "bad_request" } };
            }
            return { failed: truncate(reply.text, 200), retryAfter: reply.headers.get("retry-after") };
          }),
        policy,
      );
      if (!result.ok) log(`webhook to ${recipient} failed: ${result.reason} ${result.detail}`);
      return result;
    },
  };
}
