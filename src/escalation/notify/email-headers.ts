import { shortHash } from "./short-hash";
import { type DeliveryResult, NotifierConfigError, type OutgoingMessage } from "./types";

/** Message-ID characters limited to RFC 5322 atext without dots, so any id stays valid. */
const safe = (s: string) => s.replace(/[^A-Za-z0-9_-]/g, "-");

/**
 * The right-hand side of the watchdog's Message-IDs: the sender's domain, which it owns, so
 * the ids are globally unique. Refused at construction when `from` has none.
 */
export function senderDomain(from: string): string {
  const domain = /@([A-Za-z0-9.-]+)>?\s*$/.exec(from.trim())?.[1];
  if (!domain) {
    throw new NotifierConfigError("bad_option", "notify.email.from has no domain for Message-IDs");
  }
  return domain.toLowerCase();
}

/** The id of an incident's thread root: the first page's own Message-ID, which the rest reply to. */
export function rootMessageId(incidentId: string, domain: string): string {
  return `<incident-${safe(incidentId)}@${domain}>`;
}

/**
 * True for the incident's first mail: the L1 page of its first epoch. L1 is paged at most
 * once an epoch (core/policy.ts `alreadySent`), so no two messages ever carry the root id.
 */
function isThreadRoot(msg: OutgoingMessage): boolean {
  return msg.incidentId !== undefined && msg.kind === "page" && msg.level === "L1" && msg.epoch === 1;
}

/** This message's own id: the same across retries of one step, distinct between steps. */
export function messageIdFor(msg: OutgoingMessage, domain: string): string {
  if (msg.incidentId !== undefined && isThreadRoot(msg)) return rootMessageId(msg.incidentId, domain);
  const incident = msg.incidentId === undefined ? "watchdog" : `${safe(msg.incidentId)}-${msg.epoch ?? 0}`;
  return `<${incident}-${msg.kind}-${msg.level}-${shortHash(msg.key)}@${domain}>`;
}

/**
 * Headers that thread an incident's mail and mark it automatic: the first page is the root,
 * every later message replies to it. Cloudflare's send_email sets Message-ID itself and
 * rejects one set by us, so it is optional (its messages still reply to the root id).
 */
export function emailHeaders(
  msg: OutgoingMessage,
  opts: { messageId: boolean; domain: string },
): Record<string, string> {
  const headers: Record<string, string> = {
    "Auto-Submitted": "auto-generated",
    "X-Auto-Response-Suppress": "All",
  };
  if (opts.messageId) headers["Message-ID"] = messageIdFor(msg, opts.domain);
  if (msg.incidentId !== undefined) {
    if (!isThreadRoot(msg)) {
      const root = rootMessageId(msg.incidentId, opts.domain);
      headers["In-Reply-To"] = root;
      headers.References = root;
    }
    headers["X-Watchdog-Incident"] = msg.incidentId;
  }
  return headers;
}

/** The refusal both email channels give a contact of another channel. */
export function notAnEmailContact(recipient: string): DeliveryResult {
  return {
    ok: false,
    channel: "email",
    retryable: false,
    reason: "bad_request",
    detail: "not an email contact",
    recipient,
  };
}
