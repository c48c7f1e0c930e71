import { getConnInfo } from "@hono/node-server/conninfo";
import type { Context } from "hono";
import {
  MAX_SKEW_SECONDS,
  SIGNATURE_HEADER,
  type SignatureFailure,
  signedHost,
  signedRequestOf,
  TIMESTAMP_HEADER,
  verifyRequest,
} from "../../src/checks/signature.ts";
import type { FailureLimiter, ReplayGuard } from "./guard.ts";
import type { Logger } from "./log.ts";

/** What every signed route shares: the secret, the host it must name, the failure limiter. */
export interface VerifierOptions {
  secret: string;
  /** The host signatures must name; undefined means the request's `Host` header. */
  expectedHost?: string | undefined;
  /** Take the client address from `X-Forwarded-For` (only behind a trusted proxy). */
  trustProxy: boolean;
  limiter: FailureLimiter;
  now: () => number;
  log: Logger;
}

/** Per-route rules: which replay guard, how much clock skew, and the body hash when there is a body. */
export interface RouteRules {
  replay: ReplayGuard;
  maxSkewSeconds?: number;
  bodySha256?: string;
}

/** Why a request was refused before its route ran. */
export type Refusal = SignatureFailure | "replayed";

/** A verified request, or the answer to send instead. */
export type Verdict =
  | { ok: true; client: string; at: number }
  | { ok: false; client: string; at: number; status: 401 | 429; failure: Refusal; retryAfter?: number };

/** The client's address as the limiter counts it. */
export function clientAddress(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    // The proxy appends the address it saw; earlier entries are client-controlled.
    const last = c.req.header("x-forwarded-for")?.split(",").pop()?.trim();
    if (last) return last;
  }
  try {
    return getConnInfo(c).remote.address ?? "unknown";
  } catch {
    return "unknown";
  }
}

/** Builds the one signature check every route uses; it logs refusals and counts them per client. */
export function createVerifier(options: VerifierOptions) {
  const { secret, limiter, now, log } = options;
  return async (c: Context, rules: RouteRules): Promise<Verdict> => {
    const at = now();
    const client = clientAddress(c, options.trustProxy);
    const url = new URL(c.req.url);
    const signature = c.req.header(SIGNATURE_HEADER);
    // The node server builds the URL from the Host header, so url.host is what the client named.
    const received = signedRequestOf(c.req.method, url);
    const named = options.expectedHost === undefined ? received : { ...received, host: options.expectedHost };
    const request = rules.bodySha256 === undefined ? named : { ...named, bodySha256: rules.bodySha256 };
    const check = await verifyRequest(
      secret,
      request,
      { timestamp: c.req.header(TIMESTAMP_HEADER), signature },
      at,
      rules.maxSkewSeconds ?? MAX_SKEW_SECONDS,
    );
    const failure = !check.ok
      ? check.failure
      : signature && !rules.replay.firstUse(signature, at)
        ? "replayed"
        : undefined;
    if (!failure) return { ok: true, client, at };
    const path = url.pathname;
    // Only failures are limited: a correctly signed request is served even from a blocked
    // address, which may be a shared one (the proxy, or the Worker's egress) that others abused.
    if (limiter.isBlocked(client, at)) {
      log({ level: "warn", msg: "agent request rate-limited", client, path });
      return {
        ok: false,
        client,
        at,
        status: 429,
        failure,
        retryAfter: limiter.retryAfterSeconds(client, at),
      };
    }
    limiter.recordFailure(client, at);
    // The host verified against: after an upgrade, a proxy that rewrites Host shows up here.
    const host = signedHost(request.host);
    log({ level: "warn", msg: "agent request refused", client, host, path, failure });
    return { ok: false, client, at, status: 401, failure };
  };
}

/** The verifier's type. */
export type Verifier = ReturnType<typeof createVerifier>;

/** The answer to a refused request: no detail beyond the status, the same on every route. */
export function refusal(c: Context, verdict: Extract<Verdict, { ok: false }>): Response {
  if (verdict.status === 429) {
    return c.json({ error: "too many failed attempts" }, 429, {
      "Retry-After": String(verdict.retryAfter ?? 60),
    });
  }
  return c.json({ error: "unauthorized" }, 401);
}
