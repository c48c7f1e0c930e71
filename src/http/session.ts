/**
 * Status-page sessions: the browser holds `<expiry>.<random id>.<HMAC-SHA256 of both>`, never
 * the admin token. The HMAC key is derived from ADMIN_TOKEN, so rotating the token revokes
 * every session at once; the random id keeps two sessions of the same millisecond apart.
 */

/** How long a status-page login lasts: one on-call shift. */
export const SESSION_TTL_MS = 12 * 3_600_000;

/** The cookie a browser holds its session in (HttpOnly, SameSite=Strict, path /status). */
export const SESSION_COOKIE = "watchdog_session";

/** Separates this key from any other use of the admin token (domain separation). */
const PURPOSE = "watchdog status-page session v1";
const SHAPE = /^(\d{1,15})\.([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/;

const encoder = new TextEncoder();
let cached: { token: string; key: Promise<CryptoKey> } | undefined;

async function hmac(raw: BufferSource, usages: ("sign" | "verify")[]): Promise<CryptoKey> {
  return crypto.subtle.importKey("raw", raw, { name: "HMAC", hash: "SHA-256" }, false, usages);
}

/** HMAC-SHA256(ADMIN_TOKEN, PURPOSE) as the session key; cached for the one token an isolate has. */
function sessionKey(adminToken: string): Promise<CryptoKey> {
  if (cached?.token !== adminToken) {
    const key = hmac(encoder.encode(adminToken), ["sign"])
      .then((master) => crypto.subtle.sign("HMAC", master, encoder.encode(PURPOSE)))
      .then((derived) => hmac(derived, ["sign", "verify"]));
    cached = { token: adminToken, key };
  }
  return cached.key;
}

function base64Url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

function fromBase64Url(text: string): Uint8Array {
  return Uint8Array.from(atob(text.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0));
}

/** A new session value, valid until `now + SESSION_TTL_MS`. */
export async function issueSession(adminToken: string, now: number): Promise<string> {
  const payload = `${now + SESSION_TTL_MS}.${base64Url(crypto.getRandomValues(new Uint8Array(16)))}`;
  const mac = await crypto.subtle.sign("HMAC", await sessionKey(adminToken), encoder.encode(payload));
  return `${payload}.${base64Url(new Uint8Array(mac))}`;
}

/** True when `value` was issued under this admin token and has not expired (MAC checked in constant time). */
export async function verifySession(adminToken: string, value: string, now: number): Promise<boolean> {
  const match = SHAPE.exec(value);
  if (!match?.[1] || !match[2] || !match[3] || Number(match[1]) <= now) return false;
  const mac = fromBase64Url(match[3]);
  // 43 characters carry 258 bits: a value differing only in the unused low bits is not the one issued.
  if (base64Url(mac) !== match[3]) return false;
  const key = await sessionKey(adminToken);
  return crypto.subtle.verify("HMAC", key, mac, encoder.encode(`${match[1]}.${match[2]}`));
}
