import { describe, expect, it } from "vitest";
import {
  attemptHttp,
  type HttpProvider,
  type HttpReply,
  MAX_REPLY_BYTES,
  type ReplyReading,
  retryAfterMs,
} from "../../src/escalation/notify/http-attempt";
import type { FailureReason } from "../../src/escalation/notify/types";

const SECRET = "123456:secret-token-value";
const REQUEST = { url: "https://api.example.com/send", body: "{}", recipient: "r1", label: "send" };

function provider(
  fetch: typeof globalThis.fetch,
  statusReasons: Partial<Record<number, FailureReason>> = {},
): HttpProvider {
  return { channel: "telegram", fetch, timeoutMs: 1000, secrets: [SECRET], statusReasons };
}

const replying =
  (status: number, body = "{}", headers: Record<string, string> = {}): typeof fetch =>
  async () =>
    new Response(body, { status, headers });

/** A notifier that reports every reply as a failure, asking for a 7 s wait. */
const alwaysFailed = (): ReplyReading<never> => ({ failed: "nope", retryAfter: 7 });

describe("attemptHttp: status → verdict", () => {
  const table: {
    status: number;
    reasons?: Partial<Record<number, FailureReason>>;
    retry: boolean;
    reason: FailureReason;
    afterMs?: number;
  }[] = [
    { status: 400, retry: false, reason: "bad_request" },
    { status: 401, retry: false, reason: "auth" },
    // 401 stays auth whatever the provider says about other statuses.
    { status: 401, reasons: { 401: "recipient_gone" }, retry: false, reason: "auth" },
    { status: 403, retry: false, reason: "bad_request" },
    { status: 403, reasons: { 403: "recipient_gone" }, retry: false, reason: "recipient_gone" },
    { status: 404, reasons: { 404: "auth" }, retry: false, reason: "auth" },
    { status: 409, reasons: { 404: "auth" }, retry: false, reason: "bad_request" },
    { status: 408, retry: true, reason: "server" },
    { status: 429, retry: true, reason: "rate_limited", afterMs: 7000 },
    { status: 500, retry: true, reason: "server" },
    { status: 502, retry: true, reason: "server" },
    { status: 503, retry: true, reason: "server" },
  ];

  it.each(table)("$status with $reasons → retry $retry, $reason", async (row) => {
    const verdict = await attemptHttp(provider(replying(row.status), row.reasons), REQUEST, alwaysFailed);
    const result = "done" in verdict ? verdict.done : verdict.retry;
    expect("retry" in verdict).toBe(row.retry);
    expect(result).toMatchObject({
      ok: false,
      channel: "telegram",
      retryable: row.retry,
      reason: row.reason,
      detail: `send: HTTP ${row.status}: nope`,
      recipient: "r1",
    });
    // Only a 429 waits the provider's Retry-After; other retries back off.
    expect("afterMs" in verdict ? verdict.afterMs : undefined).toBe(row.afterMs);
  });

  it("a 429 without a usable Retry-After backs off instead", async () => {
    const verdict = await attemptHttp(provider(replying(429)), REQUEST, () => ({
      failed: "slow down",
      retryAfter: "soon",
    }));
    expect(verdict).toEqual({ retry: expect.objectContaining({ reason: "rate_limited" }) });
  });

  it("the notifier's own verdict overrides the status rules (a 2xx with a body that makes no sense)", async () => {
    const verdict = await attemptHttp(provider(replying(200)), REQUEST, () => ({
      failed: "unexpected response body",
      as: { retryable: false, reason: "server" },
    }));
    expect(verdict).toEqual({
      done: expect.objectContaining({
        retryable: false,
        reason: "server",
        detail: "send: HTTP 200: unexpected response body",
      }),
    });
  });

  it("a done reading passes through untouched", async () => {
    const delivered = { ok: true as const, channel: "telegram" as const, messageId: "m1", recipient: "r1" };
    expect(await attemptHttp(provider(replying(200)), REQUEST, () => ({ done: delivered }))).toEqual({
      done: delivered,
    });
  });
});

describe("attemptHttp: the request and the reply", () => {
  it("POSTs JSON with the request's headers and hands the notifier status, headers, text and JSON", async () => {
    let seen: Request | undefined;
    const fetch: typeof globalThis.fetch = async (input, init) => {
      seen = new Request(input, init);
      return new Response('{"id":"x"}', { status: 201, headers: { "retry-after": "3" } });
    };
    let reply: HttpReply | undefined;
    await attemptHttp(provider(fetch), { ...REQUEST, headers: { "idempotency-key": "k1" } }, (r) => {
      reply = r;
      return { failed: "" };
    });
    expect(seen?.method).toBe("POST");
    expect(seen?.headers.get("content-type")).toBe("application/json");
    expect(seen?.headers.get("idempotency-key")).toBe("k1");
    expect(reply).toMatchObject({ status: 201, ok: true, text: '{"id":"x"}', json: { id: "x" } });
    expect(reply?.headers.get("retry-after")).toBe("3");
  });

  it("a body that is not JSON reaches the notifier as text, with no JSON", async () => {
    let reply: HttpReply | undefined;
    await attemptHttp(provider(replying(502, "<html>Bad Gateway</html>")), REQUEST, (r) => {
      reply = r;
      return { failed: r.text };
    });
    expect(reply).toMatchObject({ text: "<html>Bad Gateway</html>", json: undefined });
  });

  it("reads at most MAX_REPLY_BYTES of a runaway body", async () => {
    const huge = `{"a":"${"x".repeat(MAX_REPLY_BYTES)}"}`;
    let reply: HttpReply | undefined;
    await attemptHttp(provider(replying(200, huge)), REQUEST, (r) => {
      reply = r;
      return { failed: "" };
    });
    expect(reply?.text).toHaveLength(MAX_REPLY_BYTES);
    expect(reply?.json).toBeUndefined();
  });

  it("a network error is a retryable network failure", async () => {
    const fetch: typeof globalThis.fetch = async () => {
      throw new TypeError("connection refused");
    };
    expect(await attemptHttp(provider(fetch), REQUEST, alwaysFailed)).toEqual({
      retry: expect.objectContaining({
        retryable: true,
        reason: "network",
        detail: "send: network: TypeError: connection refused",
      }),
    });
  });

  it("a provider that never answers times out as a retryable network failure", async () => {
    const hang: typeof globalThis.fetch = (_input, init) =>
      new Promise((_resolve, reject) => {
        init?.signal?.addEventListener("abort", () => reject(init.signal?.reason));
      });
    const verdict = await attemptHttp({ ...provider(hang), timeoutMs: 20 }, REQUEST, alwaysFailed);
    expect(verdict).toEqual({ retry: expect.objectContaining({ retryable: true, reason: "network" }) });
  });

  it("failure details are scrubbed of the provider's secrets and capped", async () => {
    const echo = `token ${SECRET} at https://api.example.com/bot${SECRET}/send ${"y".repeat(1000)}`;
    const verdict = await attemptHttp<never>(provider(replying(400)), REQUEST, () => ({ failed: echo }));
    const detail = "done" in verdict && !verdict.done.ok ? verdict.done.detail : "";
    expect(detail).toMatch(
      /^send: HTTP 400: token \[redacted\] at https:\/\/api\.example\.com\/bot\[redacted\]/,
    );
    expect(detail).not.toContain("secret-token-value");
    expect(detail.length).toBeLessThanOrEqual(500);
  });

  // The detail reaches L1 in a delivery_failed notice; half an emoji there is invalid UTF-8 and Telegram refuses it.
  it("issue 13 item 13: a capped failure detail never ends in half an emoji", async () => {
    const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
    const broken: number[] = [];
    for (const shift of [0, 1]) {
      const failed = `${"x".repeat(shift)}${"🔥".repeat(400)}`;
      const verdict = await attemptHttp<never>(provider(replying(400)), REQUEST, () => ({ failed }));
      const detail = "done" in verdict && !verdict.done.ok ? verdict.done.detail : "";
      expect(detail.length).toBeLessThanOrEqual(500);
      if (loneSurrogate.test(detail)) broken.push(shift);
    }
    expect(broken).toEqual([]);
  });
});

describe("retryAfterMs", () => {
  it.each([
    [3, 3000],
    ["2", 2000],
    [0, 0],
    ["-1", undefined],
    ["soon", undefined],
    [null, undefined],
    [undefined, undefined],
  ] as const)("%s → %s", (value, ms) => {
    expect(retryAfterMs(value)).toBe(ms);
  });
});
