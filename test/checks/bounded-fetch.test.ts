import { describe, expect, it } from "vitest";
import { boundedFetch, type FetchFn } from "../../src/checks/bounded-fetch";
import { Fake } from "../support/fake-client";

const now = () => Date.now();

describe("boundedFetch against the loopback fake", () => {
  it("returns status, headers and body of a normal response", async () => {
    const fake = new Fake();
    const url = await fake.script("/ok", {
      status: 503,
      body: "down for maintenance",
      headers: { "x-a": "1" },
    });
    const res = await boundedFetch(fetch, url, { now });
    expect(res).toMatchObject({ ok: true, status: 503, body: "down for maintenance" });
    expect(res.ok && res.headers.get("x-a")).toBe("1");
  });

  it("reports connection refused on a closed port", async () => {
    const res = await boundedFetch(fetch, "http://127.0.0.1:9/health", { now });
    expect(res.ok).toBe(false);
    expect(!res.ok && res.reason).toMatch(/^connection to 127\.0\.0\.1:9 failed: /);
  });

  it("reports a DNS failure with the host", async () => {
    const res = await boundedFetch(fetch, "http://watchdog-no-such-host.invalid/health", { now });
    expect(!res.ok && res.reason).toMatch(/^connection to watchdog-no-such-host\.invalid failed: /);
  });

  it("names the cause Node's fetch hides (ENOTFOUND)", async () => {
    const nodeLike: FetchFn = () =>
      Promise.reject(new TypeError("fetch failed", { cause: new Error("getaddrinfo ENOTFOUND x.invalid") }));
    const res = await boundedFetch(nodeLike, "http://x.invalid/health", { now });
    expect(!res.ok && res.reason).toBe(
      "connection to x.invalid failed: fetch failed (getaddrinfo ENOTFOUND x.invalid)",
    );
  });

  it("reports a hang-up without an answer", async () => {
    const fake = new Fake();
    const url = await fake.script("/hang", { hangUp: true });
    const res = await boundedFetch(fetch, url, { now });
    expect(!res.ok && res.reason).toMatch(/failed: /);
  });

  it("times out a slow answer at the deadline", async () => {
    const fake = new Fake();
    const url = await fake.script("/slow", { delayMs: 2_000, body: {} });
    const started = Date.now();
    const res = await boundedFetch(fetch, url, { now, timeoutMs: 300 });
    expect(res).toMatchObject({ ok: false, reason: "timeout after 300 ms" });
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it("times out a body that stalls after the headers", async () => {
    const stalling: FetchFn = () =>
      Promise.resolve(
        new Response(
          new ReadableStream({
            start(controller) {
              controller.enqueue(new TextEncoder().encode('{"status":'));
            },
          }),
        ),
      );
    const res = await boundedFetch(stalling, "http://example.test/", { now, timeoutMs: 200 });
    expect(res).toMatchObject({ ok: false, reason: "timeout after 200 ms", status: 200 });
  });

  it("refuses a body over the cap and accepts one exactly at it", async () => {
    const fake = new Fake();
    const big = await fake.script("/big", { bytes: 65_537 });
    const over = await boundedFetch(fetch, big, { now });
    expect(over).toMatchObject({ ok: false, status: 200, reason: "body over the cap of 65536 bytes" });
    const edge = await fake.script("/edge", { bytes: 65_536 });
    const at = await boundedFetch(fetch, edge, { now });
    expect(at.ok && at.body.length).toBe(65_536);
  });

  it("does not trust a Content-Length that understates the body", async () => {
    const liar: FetchFn = () =>
      Promise.resolve(new Response("x".repeat(5_000), { headers: { "content-length": "10" } }));
    const res = await boundedFetch(liar, "http://example.test/", { now, maxBytes: 1_000 });
    expect(res).toMatchObject({ ok: false, reason: "body over the cap of 1000 bytes" });
  });

  it("does not follow a redirect and names its target", async () => {
    const fake = new Fake();
    const target = await fake.script("/elsewhere", { body: { status: "healthy" } });
    const url = await fake.script("/moved", { status: 302, headers: { location: target }, body: "" });
    const res = await boundedFetch(fetch, url, { now });
    expect(res).toMatchObject({
      ok: false,
      status: 302,
      reason: `redirect (HTTP 302) to ${target}; not followed`,
    });
    expect(await fake.calls("/elsewhere")).toHaveLength(0);
  });

  it("measures latency with the injected clock", async () => {
    const fake = new Fake();
    const url = await fake.script("/t", { body: {} });
    const ticks = [1_000, 1_250];
    const clock = () => ticks.shift() ?? 9_999;
    const res = await boundedFetch(fetch, url, { now: clock });
    expect(res.latencyMs).toBe(250);
  });
});
