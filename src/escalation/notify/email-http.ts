import * as z from "zod";
import type { Contact } from "../../config/schema";
import { truncate } from "../message/text";
import { emailHeaders, notAnEmailContact, senderDomain } from "./email-headers";
import { apiBaseUrl, attemptHttp, type HttpNotifierOptions, httpProvider } from "./http-attempt";
import { retryPolicy, withRetries } from "./retry";
import {
  type DeliveryResult,
  type Notifier,
  NotifierConfigError,
  type OutgoingMessage,
  recipientOf,
} from "./types";

/** Options of the HTTP email notifier (Resend-style API). */
export interface HttpEmailOptions extends HttpNotifierOptions {
  /** API base; the notifier POSTs to `{apiBase}/emails`. */
  apiBase: string;
  /** `EMAIL_API_KEY`; never appears in any result, error or log line. */
  apiKey: string;
  /** The sender address; its domain is the right-hand side of Message-IDs. */
  from: string;
}

const sent = z.object({ id: z.string() });
const apiError = z.object({
  message: z.string().optional(),
  /** Resend's error code, e.g. `concurrent_idempotent_requests`. */
  name: z.string().optional(),
  /** The same code in APIs that call it `type`. */
  type: z.string().optional(),
});

/**
 * Resend's two 409s: the same Idempotency-Key still in flight (`concurrent_idempotent_requests`)
 * answers once the first request ends, so it is retried; the same key with another payload
 * (`invalid_idempotent_request`) never will, so it stays permanent. Retries send the same
 * bytes (src/monitor/outbound.ts), so the second cannot come from us.
 */
const IN_FLIGHT = "concurrent_idempotent_requests";

/** Email through an HTTP API in the Resend style, with an Idempotency-Key per incident step. */
export function createHttpEmailNotifier(opts: HttpEmailOptions): Notifier {
  if (opts.apiKey.length === 0) throw new NotifierConfigError("missing_secret", "EMAIL_API_KEY is missing");
  const endpoint = `${apiBaseUrl(opts.apiBase, "notify.email.apiBase")}/emails`;
  const domain = senderDomain(opts.from);
  const log = opts.log ?? ((line: string) => console.log(line));
  const policy = retryPolicy(opts);
  const provider = httpProvider(opts, {
    channel: "email",
    secrets: [opts.apiKey],
    // 403 is an unverified domain or a key without the right scope; 404 a wrong path.
    statusReasons: { 403: "auth", 404: "bad_request" },
  });

  return {
    channel: "email",
    async send(msg: OutgoingMessage, contact: Contact): Promise<DeliveryResult> {
      const recipient = recipientOf(contact);
      if (contact.channel !== "email") return notAnEmailContact(recipient);
      const request = {
        url: endpoint,
        headers: {
          authorization: `Bearer ${opts.apiKey}`,
          // The step's key, so a retry after a lost reply does not send the mail twice.
          "idempotency-key": msg.key.slice(0, 256),
        },
        body: JSON.stringify({
          from: opts.from,
          to: [contact.to],
          subject: msg.subject,
          text: msg.text,
          html: msg.html,
          headers: emailHeaders(msg, { messageId: true, domain }),
        }),
        recipient,
      };
      const result = await withRetries(
        () =>
          attemptHttp<DeliveryResult>(provider, request, (reply) => {
            if (reply.ok) {
              const ok = sent.safeParse(reply.json);
              if (ok.success)
                return { done: { ok: true, channel: "email", messageId: ok.data.id, recipient } };
              return { failed: "unexpected response body", as: { retryable: false, reason: "server" } };
            }
            const err = apiError.safeParse(reply.json);
            const code = err.success ? (err.data.name ?? err.data.type) : undefined;
            const why = err.success ? (err.data.message ?? code ?? "") : truncate(reply.text, 200);
            if (reply.status === 409 && code === IN_FLIGHT)
              return { failed: `${IN_FLIGHT}: ${why}`, as: { retryable: true, reason: "server" } };
            return { failed: why, retryAfter: reply.headers.get("retry-after") };
          }),
        policy,
      );
      if (!result.ok) log(`email (http) to ${recipient} failed: ${result.reason} ${result.detail}`);
      return result;
    },
  };
}
