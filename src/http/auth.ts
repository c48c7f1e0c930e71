import type { Context, MiddlewareHandler } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import { isStrongSecret } from "../config/secrets";
import type { HttpEnv } from "./deps";
import { HttpError } from "./errors";

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

/** Options of `adminAuth`. */
export interface AdminAuthOptions {
  /** The admin token; an empty or weak one refuses everyone (never "no auth", never guessable). */
  token: string;
  /** Also accept the browser cookie that `?token=` is exchanged for (the HTML status page). */
  allowCookie?: boolean;
}

/** The cookie a browser holds the admin token in after opening `/status?token=…` once. */
export const ADMIN_COOKIE = "watchdog_admin";

/** True when the request carries the admin token (as a bearer header, or the cookie when allowed). */
export async function hasAdminToken(c: Context, options: AdminAuthOptions): Promise<boolean> {
  if (!isStrongSecret(options.token)) return false;
  const given = bearerOf(c) ?? (options.allowCookie ? getCookie(c, ADMIN_COOKIE) : undefined);
  return given !== undefined && (await safeEqual(given, options.token));
}

/**
 * `?token=` in a status-page URL is exchanged for an HttpOnly, SameSite=Strict cookie and a
 * redirect to the same page without it, so the token does not stay in the address bar,
 * bookmarks or history. Returns the redirect, or undefined when there is no query token.
 */
export async function exchangeQueryToken(c: Context, token: string): Promise<Response | undefined> {
  const given = c.req.query("token");
  if (given === undefined) return undefined;
  if (!isStrongSecret(token) || !(await safeEqual(given, token))) throw new HttpError("unauthorized");
  const url = new URL(c.req.url);
  url.searchParams.delete("token");
  setCookie(c, ADMIN_COOKIE, given, {
    httpOnly: true,
    sameSite: "Strict",
    secure: url.protocol === "https:",
    path: "/status",
    maxAge: 30 * 86_400,
  });
  return c.redirect(`${url.pathname}${url.search}`, 303);
}

/** Middleware: 401 unless the request presents the door's admin token as a bearer header. */
export function adminAuth(): MiddlewareHandler<HttpEnv> {
  return async (c, next) => {
    const token = c.var.deps.secrets.adminToken;
    if (!(await hasAdminToken(c, { token }))) {
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
