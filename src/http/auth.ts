import type { Context, MiddlewareHandler } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import { isStrongSecret } from "../config/secrets";
import type { ConfiguredEnv } from "./deps";
import { HttpError } from "./errors";
import { isLoopback } from "./loopback";
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

/** True when the request carries the bearer token or a valid status-page session cookie. */
export async function hasAdminSession(c: Context, token: string, now: number): Promise<boolean> {
  if (await hasAdminToken(c, token)) return true;
  const session = getCookie(c, SESSION_COOKIE);
  return session !== undefined && isStrongSecret(token) && (await verifySession(token, session, now));
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
