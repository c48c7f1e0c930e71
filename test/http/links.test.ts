import { describe, expect, it } from "vitest";
import { type LinkClaims, LinkError, linksFor, signLink, verifyLink } from "../../src/escalation/links";

const KEY = "k1";
const NOW = 1_700_000_000_000;
const claims: LinkClaims = { i: "svc:1", a: "acknowledge", l: "L1", e: 1, t: NOW, x: NOW + 60_000 };

async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (error) {
    if (error instanceof LinkError) return error.code;
    throw error;
  }
  return "accepted";
}

function b64url(text: string): string {
  return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

describe("signed action links", () => {
  it("round-trips the claims", async () => {
    const token = await signLink(KEY, claims);
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(await verifyLink(KEY, token, NOW)).toEqual(claims);
  });

  it("refuses truncated, garbled and empty tokens as malformed", async () => {
    const token = await signLink(KEY, claims);
    const [body = "", sig = ""] = token.split(".");
    for (const bad of ["", ".", body, `${body}.`, `.${sig}`, `${body}.${sig}.x`, `${body}.${sig}%%`]) {
      expect(await refusal(verifyLink(KEY, bad, NOW)), bad).toBe("malformed");
    }
    // Truncating the signature keeps the shape but breaks the MAC.
    expect(await refusal(verifyLink(KEY, token.slice(0, -3), NOW))).toBe("bad_signature");
  });

  it("issue 13 item 6: a token has exactly one valid spelling (no trailing-bit malleability)", async () => {
    const token = await signLink(KEY, claims);
    const [body = "", sig = ""] = token.split(".");
    // 32 MAC bytes take 43 characters; the last one carries 2 unused bits, which must be zero.
    expect(sig).toHaveLength(43);
    const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const last = ALPHABET.indexOf(sig.slice(-1));
    expect(last % 4).toBe(0);
    for (const unused of [1, 2, 3]) {
      const respelled = `${body}.${sig.slice(0, -1)}${ALPHABET[last + unused]}`;
      expect(respelled).not.toBe(token);
      expect(await refusal(verifyLink(KEY, respelled, NOW)), respelled).toBe("malformed");
    }
    expect(await refusal(verifyLink(KEY, `${body}.${sig}=`, NOW))).toBe("malformed");
    expect(await verifyLink(KEY, token, NOW)).toEqual(claims);
  });

  it("refuses another key, an edited payload and a swapped incident", async () => {
    const token = await signLink(KEY, claims);
    expect(await refusal(verifyLink("other-key", token, NOW))).toBe("bad_signature");
    const sig = token.split(".")[1];
    for (const edit of [{ a: "resolve" }, { i: "svc:2" }, { e: 2 }, { x: NOW + 10 ** 9 }, { l: "L4" }]) {
      const forged = `${b64url(JSON.stringify({ ...claims, ...edit }))}.${sig}`;
      expect(await refusal(verifyLink(KEY, forged, NOW)), JSON.stringify(edit)).toBe("bad_signature");
    }
  });

  it("refuses a signed payload that is not a claim set", async () => {
    const token = await signLink(KEY, { ...claims, a: "delete" } as unknown as LinkClaims);
    expect(await refusal(verifyLink(KEY, token, NOW))).toBe("malformed");
  });

  it("expires at x", async () => {
    const token = await signLink(KEY, claims);
    expect(await refusal(verifyLink(KEY, token, claims.x - 1))).toBe("accepted");
    expect(await refusal(verifyLink(KEY, token, claims.x))).toBe("expired");
  });

  it("refuses a token used for another action", async () => {
    const token = await signLink(KEY, { ...claims, a: "note" });
    expect(await refusal(verifyLink(KEY, token, NOW, "resolve"))).toBe("wrong_action");
    expect(await refusal(verifyLink(KEY, token, NOW, "note"))).toBe("accepted");
  });

  it("linksFor signs one link per action for the level, epoch and ttl", async () => {
    const links = await linksFor({ id: "svc:7", epoch: 3 }, "L2", {
      key: KEY,
      publicUrl: "https://w.example.com/",
      ttlMs: 3_600_000,
      now: NOW,
    });
    const tokenOf = (url: string) => url.replace("https://w.example.com/a/", "");
    for (const action of ["acknowledge", "resolve", "note"] as const) {
      expect(links[action]).toMatch(/^https:\/\/w\.example\.com\/a\/[\w-]+\.[\w-]+$/);
      expect(await verifyLink(KEY, tokenOf(links[action]), NOW)).toEqual({
        i: "svc:7",
        a: action,
        l: "L2",
        e: 3,
        t: NOW,
        x: NOW + 3_600_000,
      });
    }
    expect(links.open).toMatch(/^https:\/\/w\.example\.com\/status\/incidents\/svc%3A7\?link=/);
  });
});
