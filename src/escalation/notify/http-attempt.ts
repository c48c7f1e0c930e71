import { truncate } from "../message/text";
import type { Attempt } from "./retry";
import { scrubSecrets } from "./scrub";
import { type ChannelName, type DeliveryResult, type FailureReason, NotifierConfigError } from "./types";

/** I/O and limits every HTTP notifier accepts; tests inject `fetch` and `sleep`. */
export interface HttpNotifierOptions {
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  /** Attempts in total, including the first. */
  maxAttempts?: number;
  /** Longest total wait across retries; a longer Retry-After fails now as retryable. */
  maxRetryWaitMs?: number;
  /** Per-request timeout. */
  timeoutMs?: number;
  log?: (line: string) => void;
}

/** What one provider's requests have in common, fixed when its notifier is built. */
export interface HttpProvider {
  channel: ChannelName;
  fetch: typeof fetch;
  timeoutMs: number;
  /** Removed from every failure detail, along with any `/bot<token>/` path. */
  secrets: readonly string[];
  /** This provider's meaning of a 4xx other than 401, 408 and 429; unlisted ones are `bad_request`. */
  statusReasons: Partial<Record<number, FailureReason>>;
}

/** One POST of a JSON body to one recipient. */
export interface HttpRequest {
  url: string;
  body: string;
  /** Sent besides `content-type: application/json`. */
  headers?: Record<string, string>;
  recipient: string;
  /** Prefix of a failure's detail, e.g. the Bot API method. */
  label?: string;
  /** "manual": a 3xx comes back as the reply instead of being followed (the webhook's receivers). */
  redirect?: "manual";
}

/** A provider's reply: status, headers, the (bounded) body text and that text parsed as JSON. */
export interface HttpReply {
  status: number;
  ok: boolean;
  headers: Headers;
  text: string;
  /** Undefined when the body is not JSON. */
  json: unknown;
}

/**
 * A notifier's reading of a reply: its own verdict (delivered, or a special case), or a
 * failure that the shared status rules classify. `retryAfter` (seconds) is honoured on 429;
 * `as` overrides the status rules, for a 2xx whose body makes no sense.
 */
export type ReplyReading<T> =
  | { done: T }
  | { failed: string; retryAfter?: unknown; as?: { retryable: boolean; reason: FailureReason } };

const DEFAULT_TIMEOUT_MS = 10_000;

/** Longest reply body read; a provider's answer is a few KiB, and a runaway one must not fill memory. */
export const MAX_REPLY_BYTES = 1 << 20;

/** Longest failure detail kept in a result. */
const DETAIL_CAP = 500;

/** The shared HTTP status rules: 429, 408 and 5xx retry; 401 is auth; other 4xx are permanent. */
export function classifyStatus(
  status: number,
  permanent: Partial<Record<number, FailureReason>> = {},
): { retryable: boolean; reason: FailureReason } {
  if (status === 429) return { retryable: true, reason: "rate_limited" };
  if (status >= 500 || status === 408) return { retryable: true, reason: "server" };
  if (status === 401) return { retryable: false, reason: "auth" };
  return { retryable: false, reason: permanent[status] ?? "bad_request" };
}

/** Seconds from a Retry-After header or a `retry_after` field, as milliseconds. */
export function retryAfterMs(value: unknown): number | undefined {
  const n = typeof value === "number" ? value : typeof value === "string" ? Number(value) : Number.NaN;
  return Number.isFinite(n) && n >= 0 ? n * 1000 : undefined;
}

/** The provider a notifier's requests go to: its options' I/O with the notifier's own facts. */
export function httpProvider(
  opts: HttpNotifierOptions,
  own: Pick<HttpProvider, "channel" | "secrets" | "statusReasons">,
): HttpProvider {
  return { ...own, fetch: opts.fetch ?? fetch, timeoutMs: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS };
}

/** An API base URL without its trailing slashes; refused at construction when it is not a URL. */
export function apiBaseUrl(raw: string, setting: string): string {
  try {
    return new URL(raw).href.replace(/\/+$/, "");
  } catch {
    throw new NotifierConfigError("bad_url", `${setting} is not a URL`);
  }
}

// Scrubbing here, where every failure is made, keeps secrets out of results, logs and L1 notices.
function failure(
  provider: HttpProvider,
  req: HttpRequest,
  verdict: { retryable: boolean; reason: FailureReason },
  detail: string,
): Extract<DeliveryResult, { ok: false }> {
  const text = req.label === undefined ? detail : `${req.label}: ${detail}`;
  return {
    ok: false,
    channel: provider.channel,
    ...verdict,
    detail: truncate(scrubSecrets(text, provider.secrets), DETAIL_CAP),
    recipient: req.recipient,
  };
}

/**
 * One attempt: POST, then let the notifier read the reply. A network error or timeout retries
 * as `network`; a failure the notifier reports is classified by status, waiting Retry-After on 429.
 */
export async function attemptHttp<T>(
  provider: HttpProvider,
  req: HttpRequest,
  read: (reply: HttpReply) => ReplyReading<T | DeliveryResult>,
): Promise<Attempt<T | DeliveryResult>> {
  // Called unbound: the Workers runtime refuses `fetch` invoked as a method of another object.
  const doFetch = provider.fetch;
  let res: Response;
  let text: string;
  try {
    res = await doFetch(req.url, {
      method: "POST",
      headers: { "content-type": "application/json", ...req.headers },
      body: req.body,
      ...(req.redirect ? { redirect: req.redirect } : {}),
      signal: AbortSignal.timeout(provider.timeoutMs),
    });
    text = await readBounded(res, MAX_REPLY_BYTES);
  } catch (error) {
    const why = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return { retry: failure(provider, req, { retryable: true, reason: "network" }, `network: ${why}`) };
  }
  const reading = read({ status: res.status, ok: res.ok, headers: res.headers, text, json: parseJson(text) });
  if ("done" in reading) return reading;
  const verdict = reading.as ?? classifyStatus(res.status, provider.statusReasons);
  const failed = failure(provider, req, verdict, `HTTP ${res.status}: ${reading.failed}`);
  if (!verdict.retryable) return { done: failed };
  const afterMs = res.status === 429 ? retryAfterMs(reading.retryAfter) : undefined;
  // The wait travels with the failure: when it is too long to wait out here, the step's
  // durable retry comes due exactly then (src/monitor/ledger.ts).
  return afterMs === undefined ? { retry: failed } : { retry: { ...failed, retryAfterMs: afterMs }, afterMs };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

// Stops at `maxBytes`: a cut body simply fails to parse as JSON, and the excerpt still explains.
async function readBounded(res: Response, maxBytes: number): Promise<string> {
  if (!res.body) return "";
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const room = maxBytes - bytes;
    text += decoder.decode(value.byteLength > room ? value.subarray(0, room) : value, { stream: true });
    bytes += value.byteLength;
    if (bytes >= maxBytes) {
      await reader.cancel();
      break;
    }
  }
  return text + decoder.decode();
}
