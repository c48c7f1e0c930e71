import { probeUserAgent } from "./user-agent";

/** The `fetch` the probes use; the global `fetch` of Workers and of Node both fit. */
export type FetchFn = (url: string, init: RequestInit) => Promise<Response>;

/** Default probe timeout: the runbook's `curl --max-time 5`. */
export const DEFAULT_TIMEOUT_MS = 5_000;
/** Default cap on a response body. */
export const DEFAULT_MAX_BYTES = 65_536;

/** Options of one bounded request. */
export interface BoundedInit {
  method?: string;
  /** Request body (the agent's signed action requests); none by default. */
  body?: string;
  headers?: Record<string, string>;
  /** The `User-Agent` header; the watchdog's name and version when not given, never empty. */
  userAgent?: string;
  /** Whole request, body included; default 5 s. */
  timeoutMs?: number;
  /** Largest body accepted; default 64 KiB. */
  maxBytes?: number;
  /** Clock for latency, epoch milliseconds. */
  now: () => number;
}

/** A response that arrived and was read within the bounds (any status except 3xx). */
export interface BoundedResponse {
  ok: true;
  status: number;
  headers: Headers;
  body: string;
  latencyMs: number;
}

/** A request that produced no usable response, with a human-readable reason. */
export interface BoundedFailure {
  ok: false;
  reason: string;
  status?: number;
  latencyMs: number;
}

/** Outcome of `boundedFetch`; never an exception. */
export type BoundedResult = BoundedResponse | BoundedFailure;

class TimeoutError extends Error {
  readonly code = "timeout";
}

class OverCapError extends Error {
  readonly code = "over_cap";
}

/** Rejects when the signal aborts, so a stalled body read cannot outlive the deadline. */
function abortPromise(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    const fail = () => reject(signal.reason);
    if (signal.aborted) fail();
    else signal.addEventListener("abort", fail, { once: true });
  });
}

/** Streams the body and stops past the cap: Content-Length is never trusted. */
async function readCapped(response: Response, maxBytes: number, aborted: Promise<never>): Promise<string> {
  if (!response.body) return "";
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let total = 0;
  let text = "";
  try {
    for (;;) {
      const { done, value } = await Promise.race([reader.read(), aborted]);
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) throw new OverCapError(`body over the cap of ${maxBytes} bytes`);
      text += decoder.decode(value, { stream: true });
    }
  } catch (error) {
    // Tell the runtime we will not read the rest, so the connection is dropped, not drained.
    reader.cancel().catch(() => {});
    throw error;
  }
  return text + decoder.decode();
}

/** Node's fetch hides the useful part (ECONNREFUSED, ENOTFOUND, a TLS code) in `cause`. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const message = error.message || error.name;
  const cause = error.cause instanceof Error ? error.cause.message : undefined;
  return cause && cause !== message ? `${message} (${cause})` : message;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/**
 * One HTTP request with a deadline, a body cap and no redirect following. Every failure
 * (network, DNS, TLS, timeout, redirect, oversized body) is returned as a reason.
 */
export async function boundedFetch(fetchFn: FetchFn, url: string, init: BoundedInit): Promise<BoundedResult> {
  const timeoutMs = init.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = init.maxBytes ?? DEFAULT_MAX_BYTES;
  const started = init.now();
  const elapsed = () => Math.max(0, init.now() - started);
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new TimeoutError(`timeout after ${timeoutMs} ms`)),
    timeoutMs,
  );
  const aborted = abortPromise(controller.signal);
  aborted.catch(() => {}); // only observed through races
  let status: number | undefined;
  try {
    const response = await Promise.race([
      fetchFn(url, {
        method: init.method ?? "GET",
        ...(init.body === undefined ? {} : { body: init.body }),
        headers: { ...init.headers, "user-agent": init.userAgent ?? probeUserAgent() },
        redirect: "manual",
        signal: controller.signal,
      }),
      aborted,
    ]);
    status = response.status;
    if (status >= 300 && status < 400) {
      response.body?.cancel().catch(() => {});
      const location = response.headers.get("location");
      return {
        ok: false,
        status,
        reason: `redirect (HTTP ${status}) to ${location ?? "no Location"}; not followed`,
        latencyMs: elapsed(),
      };
    }
    const body = await readCapped(response, maxBytes, aborted);
    return { ok: true, status, headers: response.headers, body, latencyMs: elapsed() };
  } catch (error) {
    const failure = (reason: string): BoundedFailure =>
      status === undefined
        ? { ok: false, reason, latencyMs: elapsed() }
        : { ok: false, reason, status, latencyMs: elapsed() };
    if (error instanceof OverCapError) return failure(error.message);
    if (controller.signal.reason instanceof TimeoutError) return failure(controller.signal.reason.message);
    return failure(`connection to ${hostOf(url)} failed: ${describe(error)}`);
  } finally {
    clearTimeout(timer);
  }
}
