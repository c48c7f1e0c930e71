import type { Contact } from "../../config/schema";
import { truncate } from "../message/text";
import { emailHeaders, notAnEmailContact, senderDomain } from "./email-headers";
import {
  type DeliveryResult,
  type FailureReason,
  type Notifier,
  NotifierConfigError,
  type OutgoingMessage,
  recipientOf,
} from "./types";

/** The structured form of Cloudflare's `send_email` binding (`env.EMAIL`); tests pass a recorder. */
export interface EmailBinding {
  send(message: {
    from: string;
    to: string;
    subject: string;
    text: string;
    html: string;
    headers: Record<string, string>;
  }): Promise<{ messageId: string }>;
}

/** Options of the Cloudflare email notifier. */
export interface CloudflareEmailOptions {
  binding: EmailBinding;
  from: string;
  log?: (line: string) => void;
}

/** Error codes of the binding (Cloudflare Email Service docs) and what they mean for a retry. */
const CODES: Record<string, { retryable: boolean; reason: FailureReason }> = {
  E_RATE_LIMIT_EXCEEDED: { retryable: true, reason: "rate_limited" },
  E_DAILY_LIMIT_EXCEEDED: { retryable: true, reason: "rate_limited" },
  E_INTERNAL_SERVER_ERROR: { retryable: true, reason: "server" },
  E_DELIVERY_FAILED: { retryable: true, reason: "server" },
  E_RECIPIENT_SUPPRESSED: { retryable: false, reason: "recipient_gone" },
  E_RECIPIENT_NOT_ALLOWED: { retryable: false, reason: "recipient_gone" },
  E_SENDER_NOT_VERIFIED: { retryable: false, reason: "auth" },
  E_SENDER_DOMAIN_NOT_AVAILABLE: { retryable: false, reason: "auth" },
};

function classify(code: string | undefined): { retryable: boolean; reason: FailureReason } {
  if (code && code in CODES) return CODES[code] ?? { retryable: true, reason: "server" };
  // Validation, size and header errors will fail the same way again.
  if (code?.startsWith("E_")) return { retryable: false, reason: "bad_request" };
  return { retryable: true, reason: "server" };
}

/** Email through Cloudflare's `send_email` binding (Miniflare captures it locally). */
export function createCloudflareEmailNotifier(opts: CloudflareEmailOptions): Notifier {
  if (!opts.from.includes("@"))
    throw new NotifierConfigError("bad_option", "notify.email.from is not an address");
  const domain = senderDomain(opts.from);
  const log = opts.log ?? ((line: string) => console.log(line));
  return {
    channel: "email",
    async send(msg: OutgoingMessage, contact: Contact): Promise<DeliveryResult> {
      const recipient = recipientOf(contact);
      if (contact.channel !== "email") return notAnEmailContact(recipient);
      try {
        const r = await opts.binding.send({
          from: opts.from,
          to: contact.to,
          subject: msg.subject,
          text: msg.text,
          html: msg.html,
          headers: emailHeaders(msg, { messageId: false, domain }),
        });
        return { ok: true, channel: "email", messageId: r.messageId, recipient };
      } catch (error) {
        const code =
          typeof error === "object" && error !== null && "code" in error && typeof error.code === "string"
            ? error.code
            : undefined;
        const message = error instanceof Error ? error.message : String(error);
        const c = classify(code);
        const detail = truncate(`send_email: ${code ?? "error"}: ${message}`, 500);
        log(`email (send_email) to ${recipient} failed: ${c.reason} ${detail}`);
        return { ok: false, channel: "email", ...c, detail, recipient };
      }
    },
  };
}
