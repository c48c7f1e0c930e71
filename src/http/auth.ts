import type { Context, MiddlewareHandler } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import { isStrongSecret } from "../config/secrets";
import { type LinkClaims, LinkError, verifyLink } from "../escalation/links";
import type { ConfiguredEnv, HttpEnv } from "./deps";
import { HttpError } from "./errors";
import { isLoopback } from "./loopback";
import { clientKey } from "./rate-limit";
import { issueSession, SESSION_COOKIE, SESSION_TTL_MS, verifySession } from "./session";

const encoder = new TextEncoder();

async function digest(text: string): Promise<ArrayBuffer> {
  return crypto.subtle.digest("SHA-256", encoder.encode(text));
}

/**
 * Compares two secrets in constant time. Both sides are hashed first so the lengths match
 * (workerd's `timingSafeEqual` throws on different lengths) and length leaks nothing.
 */
export async function safeEqual(given: string, expected: string): Promise<boolean> {
  const [a, b] = await Promise.all([digest(given), digest(expected)]);
  return crypto.subtle.timingSafeEqual(a, b);
}

/** The bearer token of a request, or undefined when the header is missing or not a bearer. */
export function bearerOf(c: Context): string | undefined {
  const header = c.req.header("Authorization");
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1];
}

/** True when `given` is the admin token; an unset or weak token matches nothing (never "no auth"). */
export async function isAdminToken(given: string | undefined, token: string): Promise<boolean> {
  return given !== undefined && isStrongSecret(token) && (await safeEqual(given, token));
}

/** True when the request carries the admin token as a bearer header. */
export async function hasAdminToken(c: Context, token: string): Promise<boolean> {
  return isAdminToken(bearerOf(c), token);
}

function clientOf(c: Context): string {
  return clientKey(c.req.header("CF-Connecting-IP"));
}

function tooManyAttempts(c: Context, waitS: number): never {
  c.header("Retry-After", String(waitS));
  throw new HttpError("too_many_attempts", `too many failed attempts; retry after ${waitS} s`);
}

/**
 * Counts a credential that was presented and refused against the client (see rate-limit.ts);
 * beyond the limit the answer is 429 with Retry-After instead of the refusal.
 */
export async function countAuthFailure(c: Context<ConfiguredEnv>): Promise<void> {
  const { deps } = c.var;
  const wait = await deps.authLimiter.fail(clientOf(c), deps.now());
  if (wait > 0) tooManyAttempts(c, wait);
}

/** Middleware: 429 while the client is over the failed-authentication limit, before any credential is read. */
export const refuseThrottled: MiddlewareHandler<HttpEnv> = async (c, next) => {
  const wait = c.var.deps.authLimiter.blockedFor(clientOf(c), c.var.deps.now());
  if (wait > 0) tooManyAttempts(c, wait);
  await next();
};

/** Verifies an action link; a forged or garbled one counts as a failed authentication, an expired one does not. */
export async function verifiedLink(c: Context<ConfiguredEnv>, token: string): Promise<LinkClaims> {
  const { deps } = c.var;
  try {
    return await verifyLink(deps.secrets.linkKey, token, deps.now());
  } catch (error) {
    if (error instanceof LinkError && (error.code === "bad_signature" || error.code === "malformed"))
      await countAuthFailure(c);
    throw error;
  }
}

/**
 * True when a page request is the admin's: the bearer token or a valid session cookie. A
 * credential presented and refused (a wrong bearer, an expired or forged session) counts as a
 * failed authentication; no credential at all guesses nothing and does not.
 */
export async function isAdminPage(c: Context<ConfiguredEnv>): Promise<boolean> {
  const { deps } = c.var;
  const token = deps.secrets.adminToken;
  if (await hasAdminToken(c, token)) return true;
  const session = getCookie(c, SESSION_COOKIE);
  if (session !== undefined && isStrongSecret(token) && (await verifySession(token, session, deps.now())))
    return true;
  if (session !== undefined || c.req.header("Authorization") !== undefined) await countAuthFailure(c);
  return false;
}

/**
 * Starts a status-page session: an HttpOnly, SameSite=Strict cookie on /status holding a
 * derived value (never the token), `Secure` everywhere but on loopback (plain-http `npm start`).
 */
export async function startSession(c: Context, token: string, now: number): Promise<void> {
  setCookie(c, SESSION_COOKIE, await issueSession(token, now), {
    httpOnly: true,
    sameSite: "Strict",
    secure: !isLoopback(c),
    path: "/status",
    maxAge: SESSION_TTL_MS / 1000,
  });
}

/** Middleware: 401 unless the request presents the door's admin token as a bearer header. */
export function adminAuth(): MiddlewareHandler<ConfiguredEnv> {
  return async (c, next) => {
    const token = c.var.deps.secrets.adminToken;
    if (!(await hasAdminToken(c, token))) {
      if (c.req.header("Authorization") !== undefined) await countAuthFailure(c);
      c.header("WWW-Authenticate", 'Bearer realm="watchdog"');
      const usable = isStrongSecret(token);
      throw new HttpError(
        "unauthorized",
        usable ? undefined : "ADMIN_TOKEN is missing or too weak; see /health",
      );
    }
    await next();
  };
}
