import type { Context, MiddlewareHandler } from "hono";
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
  /** The admin token; an empty one refuses everyone (never "no auth"). */
  token: string;
  /** Also accept `?token=` (for the HTML status page opened in a browser). */
  allowQuery?: boolean;
}

/** True when the request carries the admin token (as a bearer header, or `?token=` when allowed). */
export async function hasAdminToken(c: Context, options: AdminAuthOptions): Promise<boolean> {
  if (!options.token) return false;
  const given = bearerOf(c) ?? (options.allowQuery ? c.req.query("token") : undefined);
  return given !== undefined && (await safeEqual(given, options.token));
}

/** Middleware: 401 unless the admin token is presented. */
export function adminAuth(options: AdminAuthOptions): MiddlewareHandler {
  return async (c, next) => {
    if (!(await hasAdminToken(c, options))) {
      c.header("WWW-Authenticate", 'Bearer realm="watchdog"');
      throw new HttpError("unauthorized", options.token ? undefined : "ADMIN_TOKEN is not configured");
    }
    await next();
  };
}
