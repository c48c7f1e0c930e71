import type { DeliveryResult, OutgoingMessage } from "./types";

/** Default right-hand side of the watchdog's Message-IDs. */
export const MESSAGE_ID_DOMAIN = "watchdog";

/** Message-ID characters limited to RFC 5322 atext without dots, so any id stays valid. */
const safe = (s: string) => s.replace(/[^A-Za-z0-9_-]/g, "-");

/** FNV-1a: a short stable suffix so repeated reminders get distinct Message-IDs. */
function shortHash(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, "0");
}

/** The thread root every message of an incident refers to. */
export function rootMessageId(incidentId: string, domain = MESSAGE_ID_DOMAIN): string {
  return `<incident-${safe(incidentId)}@${domain}>`;
}

/** This message's own id: the same across retries of one step, distinct between steps. */
export function messageIdFor(msg: OutgoingMessage, domain = MESSAGE_ID_DOMAIN): string {
  const incident = msg.incidentId === undefined ? "watchdog" : `${safe(msg.incidentId)}-${msg.epoch ?? 0}`;
  return `<${incident}-${msg.kind}-${msg.level}-${shortHash(msg.key)}@${domain}>`;
}

/**
 * Headers that thread an incident's mail and mark it automatic. Cloudflare's send_email
 * generates Message-ID itself and rejects one set by us, so it is optional.
 */
export function emailHeaders(
  msg: OutgoingMessage,
  opts: { messageId: boolean; domain?: string },
): Record<string, string> {
  const headers: Record<string, string> = {
    "Auto-Submitted": "auto-generated",
    "X-Auto-Response-Suppress": "All",
  };
  if (opts.messageId) headers["Message-ID"] = messageIdFor(msg, opts.domain);
  if (msg.incidentId !== undefined) {
    const root = rootMessageId(msg.incidentId, opts.domain);
    headers["In-Reply-To"] = root;
    headers.References = root;
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
