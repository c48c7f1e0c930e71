import { z } from "zod";
import type { Contact } from "../../config/schema";
import { emailHeaders, notAnEmailContact } from "./email-headers";
import {
  type Attempt,
  classifyStatus,
  DEFAULT_RETRY,
  type RetryPolicy,
  realSleep,
  retryAfterMs,
  withRetries,
} from "./retry";
import { scrubSecrets } from "./scrub";
import {
  type DeliveryResult,
  type FailureReason,
  type Notifier,
  NotifierConfigError,
  type OutgoingMessage,
  recipientOf,
} from "./types";

/** Options of the HTTP email notifier (Resend-style API). */
export interface HttpEmailOptions {
  /** API base; the notifier POSTs to `{apiBase}/emails`. */
  apiBase: string;
  /** `EMAIL_API_KEY`; never appears in any result, error or log line. */
  apiKey: string;
  from: string;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  maxAttempts?: number;
  maxRetryWaitMs?: number;
  timeoutMs?: number;
  /** Right-hand side of Message-IDs. */
  messageIdDomain?: string;
  log?: (line: string) => void;
}

const sent = z.object({ id: z.string() });
const apiError = z.object({ message: z.string().optional(), name: z.string().optional() });

/** Email through an HTTP API in the Resend style, with an Idempotency-Key per incident step. */
export function createHttpEmailNotifier(opts: HttpEmailOptions): Notifier {
  if (opts.apiKey.length === 0) throw new NotifierConfigError("missing_secret", "EMAIL_API_KEY is missing");
  let endpoint: string;
  try {
    endpoint = `${new URL(opts.apiBase).href.replace(/\/+$/, "")}/emails`;
  } catch {
    throw new NotifierConfigError("bad_url", "notify.email.apiBase is not a URL");
  }
  const doFetch = opts.fetch ?? fetch;
  const clean = (s: string) => scrubSecrets(s, [opts.apiKey]);
  const log = opts.log ?? ((line: string) => console.log(line));
  const policy: RetryPolicy = {
    maxAttempts: opts.maxAttempts ?? DEFAULT_RETRY.maxAttempts,
    maxWaitMs: opts.maxRetryWaitMs ?? DEFAULT_RETRY.maxWaitMs,
    backoffMs: DEFAULT_RETRY.backoffMs,
    sleep: opts.sleep ?? realSleep,
  };

  return {
    channel: "email",
    async send(msg: OutgoingMessage, contact: Contact): Promise<DeliveryResult> {
      const recipient = recipientOf(contact);
      if (contact.channel !== "email") return notAnEmailContact(recipient);
      const body = JSON.stringify({
        from: opts.from,
        to: [contact.to],
        subject: msg.subject,
        text: msg.text,
        html: msg.html,
        headers: emailHeaders(msg, {
          messageId: true,
          ...(opts.messageIdDomain ? { domain: opts.messageIdDomain } : {}),
        }),
      });
      const once = async (): Promise<Attempt<DeliveryResult>> => {
        const fail = (retryable: boolean, reason: FailureReason, detail: string): DeliveryResult => ({
          ok: false,
          channel: "email",
          retryable,
          reason,
          detail: clean(detail).slice(0, 500),
          recipient,
        });
        let res: Response;
        let text: string;
        try {
          res = await doFetch(endpoint, {
            method: "POST",
            headers: {
              authorization: `Bearer ${opts.apiKey}`,
              "content-type": "application/json",
              "idempotency-key": msg.key.slice(0, 256),
            },
            body,
            signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
          });
          text = await res.text();
        } catch (error) {
          return {
            retry: fail(
              true,
              "network",
              `network: ${error instanceof Error ? error.message : String(error)}`,
            ),
          };
        }
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        if (res.ok) {
          const ok = sent.safeParse(json);
          if (ok.success) return { done: { ok: true, channel: "email", messageId: ok.data.id, recipient } };
          return { done: fail(false, "server", `HTTP ${res.status}: unexpected response body`) };
        }
        const err = apiError.safeParse(json);
        const why = err.success ? (err.data.message ?? err.data.name ?? "") : text.slice(0, 200);
        const c = classifyStatus(res.status, { 403: "auth", 404: "bad_request" });
        const failure = fail(c.retryable, c.reason, `HTTP ${res.status}: ${why}`);
        if (!c.retryable) return { done: failure };
        const afterMs = res.status === 429 ? retryAfterMs(res.headers.get("retry-after")) : undefined;
        return afterMs === undefined ? { retry: failure } : { retry: failure, afterMs };
      };
      const result = await withRetries(once, policy);
      if (!result.ok) log(`email (http) to ${recipient} failed: ${result.reason} ${result.detail}`);
      return result;
    },
  };
}
