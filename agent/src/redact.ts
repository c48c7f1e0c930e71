/** What replaces a secret in a log line; says which pattern caught it, never any of its characters. */
const MARK = (kind: string) => `<redacted:${kind}>`;

/** Telegram bot tokens: the bot id, a colon, and 30+ token characters. */
const BOT_TOKEN = /(?<!\d)\d+:[A-Za-z0-9_-]{30,}/g;
/** `Authorization: Bearer …` in any quoting, keeping the header name and scheme. */
const AUTHORIZATION =
  /(authorization["']?\s*[:=]\s*["']?)(?:((?:bearer|basic|token|bot|digest)\s+))?[^\s"',;}]+/gi;
/** The password part of `scheme://user:password@host`. */
const URL_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:)[^\s@/]+@/gi;
/** A run of hex or base64(url) characters long enough to be a key. */
const LONG_TOKEN = /(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{32,}={0,2}/g;

/**
 * A long token is a secret when it is all hex, or mixes upper case, lower case and digits the
 * way random base64 does; a long path or snake_case name does neither and stays readable.
 */
function looksRandom(token: string): boolean {
  const body = token.replace(/=+$/, "");
  if (/^[A-Fa-f0-9]+$/.test(body)) return true;
  return /[A-Z]/.test(body) && /[a-z]/.test(body) && /\d/.test(body);
}

/** Removes bot tokens, Authorization values, URL passwords and 32+ character hex/base64 secrets. */
export function redactLine(line: string): string {
  return line
    .replace(BOT_TOKEN, MARK("bot-token"))
    .replace(URL_PASSWORD, (_, head: string) => `${head}${MARK("password")}@`)
    .replace(
      AUTHORIZATION,
      (_, head: string, scheme?: string) => `${head}${scheme ?? ""}${MARK("authorization")}`,
    )
    .replace(LONG_TOKEN, (token) => (looksRandom(token) ? MARK("secret") : token));
}
