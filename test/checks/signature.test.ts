import { describe, expect, it } from "vitest";
import {
  canonicalRequest,
  SIGNATURE_HEADER,
  type SignedRequest,
  signedRequestOf,
  signRequest,
  TIMESTAMP_HEADER,
  verifyRequest,
} from "../../src/checks/signature";
import { T0 } from "../support/time";

const SECRET = "shared-agent-secret";
const PATH = "/agent/status?verbose=1";
const HOST = "calendar.example.com";
const get = (path = PATH, host = HOST): SignedRequest => ({ method: "GET", host, path });

async function signed(at = T0, secret = SECRET, path = PATH, host = HOST) {
  const h = await signRequest(secret, get(path, host), at);
  return { timestamp: h[TIMESTAMP_HEADER], signature: h[SIGNATURE_HEADER] };
}

describe("request signature", () => {
  it("signs the SPEC's canonical string with HMAC-SHA256, hex-encoded", async () => {
    const key = await crypto.subtle.importKey(
      "raw",
      new TextEncoder().encode(SECRET),
      { name: "HMAC", hash: "SHA-256" },
      false,
      ["sign"],
    );
    const canonical = `1767614400\nGET\n${HOST}\n${PATH}`;
    const mac = await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(canonical));
    const hex = [...new Uint8Array(mac)].map((b) => b.toString(16).padStart(2, "0")).join("");
    expect(await signed()).toEqual({ timestamp: "1767614400", signature: hex });
    expect(canonicalRequest("1767614400", { method: "get", host: HOST, path: PATH })).toBe(canonical);
  });

  it("accepts a fresh valid signature, also 59 s old or ahead", async () => {
    expect(await verifyRequest(SECRET, get(), await signed(), T0)).toEqual({ ok: true });
    expect(await verifyRequest(SECRET, get(), await signed(T0 - 59_000), T0)).toEqual({ ok: true });
    expect(await verifyRequest(SECRET, get(), await signed(T0 + 59_000), T0)).toEqual({ ok: true });
  });

  it.each([
    ["a wrong secret", async () => signed(T0, "another-secret"), PATH, "mismatch"],
    ["a replay 61 s later", async () => signed(T0 - 61_000), PATH, "stale"],
    ["a timestamp 61 s in the future", async () => signed(T0 + 61_000), PATH, "stale"],
    ["a tampered path", async () => signed(), "/agent/status?verbose=2", "mismatch"],
    ["a signature for another path", async () => signed(T0, SECRET, "/agent/other"), PATH, "mismatch"],
    [
      "a tampered timestamp",
      async () => ({ ...(await signed()), timestamp: String(T0 / 1000 + 1) }),
      PATH,
      "mismatch",
    ],
    [
      "non-hex signature",
      async () => ({ ...(await signed()), signature: "zz".repeat(32) }),
      PATH,
      "malformed",
    ],
    [
      "a truncated signature",
      async () => {
        const s = await signed();
        return { ...s, signature: s.signature?.slice(0, 62) };
      },
      PATH,
      "malformed",
    ],
    [
      "an odd-length signature",
      async () => ({ ...(await signed()), signature: `${(await signed()).signature}0` }),
      PATH,
      "malformed",
    ],
    ["a non-numeric timestamp", async () => ({ ...(await signed()), timestamp: "12:00" }), PATH, "malformed"],
    ["a missing signature", async () => ({ ...(await signed()), signature: null }), PATH, "missing"],
    ["a missing timestamp", async () => ({ ...(await signed()), timestamp: undefined }), PATH, "missing"],
  ] as const)("rejects %s", async (_name, headers, path, failure) => {
    expect(await verifyRequest(SECRET, get(path), await headers(), T0)).toEqual({ ok: false, failure });
  });

  it("rejects the same headers on another method", async () => {
    expect(await verifyRequest(SECRET, { ...get(), method: "POST" }, await signed(), T0)).toEqual({
      ok: false,
      failure: "mismatch",
    });
  });

  it("issue 13 item 6: the signature names the host, so a capture for one agent fails at another", async () => {
    const forA = await signed(T0, SECRET, PATH, "agent-a.example.com");
    expect(await verifyRequest(SECRET, get(PATH, "agent-a.example.com"), forA, T0)).toEqual({ ok: true });
    // Same secret, same path, same second: only the host differs.
    expect(await verifyRequest(SECRET, get(PATH, "agent-b.example.com"), forA, T0)).toEqual({
      ok: false,
      failure: "mismatch",
    });
    expect(await verifyRequest(SECRET, get(PATH, "agent-a.example.com:8443"), forA, T0)).toEqual({
      ok: false,
      failure: "mismatch",
    });
  });

  it("compares hosts as URLs name them: any case, default ports dropped", async () => {
    const url = new URL("https://Calendar.Example.COM:443/agent/status?verbose=1");
    const request = signedRequestOf("GET", url);
    expect(request).toEqual({ method: "GET", host: HOST, path: PATH });
    const headers = await signRequest(SECRET, request, T0);
    const sent = { timestamp: headers[TIMESTAMP_HEADER], signature: headers[SIGNATURE_HEADER] };
    for (const host of [HOST, "CALENDAR.example.com", `${HOST}:443`, `${HOST}:80`]) {
      expect(await verifyRequest(SECRET, get(PATH, host), sent, T0), host).toEqual({ ok: true });
    }
  });

  it("accepts an upper-case hex signature of the right MAC", async () => {
    const s = await signed();
    const upper = { ...s, signature: s.signature?.toUpperCase() };
    expect(await verifyRequest(SECRET, get(), upper, T0)).toEqual({ ok: true });
  });
});
