import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { signLink } from "../../src/escalation/links";
import { clientKey, FAILED_AUTH_LIMIT, memoryLimiter } from "../../src/http/rate-limit";
import worker from "../../src/index";
import { TEST_PUBLIC_URL, TEST_SECRETS } from "../support/test-config";
import { T0 } from "../support/time";
import { ADMIN, harness, incidentOf, LINK_KEY, WEBHOOK_SECRET } from "./fakes";

const from = (ip: string, headers: Record<string, string> = {}) => ({
  headers: { "CF-Connecting-IP": ip, ...headers },
});

describe("issue 13 item 5: failed authentication is rate limited", () => {
  it("/api: ten wrong tokens are 401, the eleventh 429 with Retry-After; then even the right one waits", async () => {
    const h = harness();
    const wrong = from("203.0.113.9", { Authorization: "Bearer wrong" });
    const right = (ip: string) => from(ip, { Authorization: `Bearer ${ADMIN}` });
    for (let i = 0; i < FAILED_AUTH_LIMIT; i++)
      expect((await h.app.request("/api/services", wrong)).status).toBe(401);
    const limited = await h.app.request("/api/services", wrong);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("Retry-After")).toBe("60");
    expect(await limited.json()).toMatchObject({ error: "too_many_attempts" });
    // Throttled, a right guess does not get through either; other clients are not affected.
    h.clock.now = T0 + 20_000;
    const waiting = await h.app.request("/metrics", right("203.0.113.9"));
    expect(waiting.status).toBe(429);
    expect(waiting.headers.get("Retry-After")).toBe("40");
    expect((await h.app.request("/api/services", right("203.0.113.10"))).status).toBe(200);
    h.clock.now = T0 + 60_000;
    expect((await h.app.request("/api/services", right("203.0.113.9"))).status).toBe(200);
  });

  it("counts wrong logins, forged sessions, forged links and wrong webhook secrets alike", async () => {
    const h = harness();
    h.monitor("calendar-bot").add(incidentOf("calendar-bot", 1));
    const ip = "198.51.100.4";
    const login = (token: string) =>
      h.app.request("/status/login", {
        method: "POST",
        headers: { "CF-Connecting-IP": ip, "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ token }),
      });
    const forged = await signLink("not-the-link-key-of-this-watchdog-x", {
      i: "calendar-bot:1",
      a: "resolve",
      l: "L1",
      e: 1,
      t: T0,
      x: T0 + 60_000,
    });
    const attempts = [
      () => login("guess-1"),
      () => login("guess-2"),
      () => login("guess-3"),
      () => h.app.request("/status", from(ip, { Cookie: "watchdog_session=1.forged.forged" })),
      () => h.app.request("/status", from(ip, { Authorization: "Bearer guess" })),
      () => h.app.request(`/a/${forged}`, from(ip)),
      () => h.app.request(`/a/${forged}`, { method: "POST", ...from(ip) }),
      () => h.app.request("/a/garbage", from(ip)),
      () => h.app.request(`/status/incidents/calendar-bot:1?link=${forged}`, from(ip)),
      () =>
        h.app.request("/telegram/webhook", {
          method: "POST",
          headers: { "CF-Connecting-IP": ip, "X-Telegram-Bot-Api-Secret-Token": `${WEBHOOK_SECRET}x` },
          body: "{}",
        }),
    ];
    expect(attempts).toHaveLength(FAILED_AUTH_LIMIT);
    for (const attempt of attempts) expect((await attempt()).status).toBeLessThan(429);
    const limited = await login("guess-4");
    expect(limited.status).toBe(429);
    expect(await limited.text()).toContain("Слишком много попыток");
    expect((await login(ADMIN)).status).toBe(429);
    expect((await h.app.request(`/a/${forged}`, from(ip))).status).toBe(429);
    expect(h.mutations()).toBe(0);
  });

  it("does not count requests without any credential, nor expired links", async () => {
    const h = harness();
    h.monitor("calendar-bot").add(incidentOf("calendar-bot", 1));
    const ip = "198.51.100.5";
    const expired = await signLink(LINK_KEY, {
      i: "calendar-bot:1",
      a: "resolve",
      l: "L1",
      e: 1,
      t: T0,
      x: T0,
    });
    for (let i = 0; i < 2 * FAILED_AUTH_LIMIT; i++) {
      expect((await h.app.request("/status", from(ip))).status).toBe(401);
      expect((await h.app.request("/api/services", from(ip))).status).toBe(401);
      expect((await h.app.request(`/a/${expired}`, from(ip))).status).toBe(410);
    }
    expect(
      (await h.app.request("/api/services", from(ip, { Authorization: `Bearer ${ADMIN}` }))).status,
    ).toBe(200);
  });

  it("counts an IPv6 /64 as one client, and IPv4 addresses one by one", () => {
    expect(clientKey("2001:db8:1:2:aaaa::1")).toBe("2001:db8:1:2::/64");
    expect(clientKey("2001:0db8:0001:0002:ffff:eeee:dddd:cccc")).toBe("2001:db8:1:2::/64");
    expect(clientKey("2001:db8::9")).toBe("2001:db8:0:0::/64");
    expect(clientKey("::1")).toBe("0:0:0:0::/64");
    expect(clientKey("::ffff:192.0.2.1")).toBe("192.0.2.1");
    expect(clientKey("192.0.2.1")).toBe("192.0.2.1");
    expect(clientKey(undefined)).toBe("unknown");
  });

  it("the in-memory fallback forgets a window once it is over", async () => {
    const limiter = memoryLimiter(2, 10);
    expect([
      await limiter.fail("a", 0),
      await limiter.fail("a", 1_000),
      await limiter.fail("a", 2_000),
    ]).toEqual([0, 0, 8]);
    expect(limiter.blockedFor("a", 9_000)).toBe(1);
    expect(limiter.blockedFor("b", 9_000)).toBe(0);
    expect(limiter.blockedFor("a", 10_000)).toBe(0);
    expect(await limiter.fail("a", 10_000)).toBe(0);
  });
});

/** Requests through the real Worker, from one client address; `patch` replaces bindings. */
async function realFetch(
  ip: string,
  token: string,
  patch: Partial<Record<keyof Env | "WATCHDOG_CONFIG", unknown>> = {},
) {
  const ctx = createExecutionContext();
  const request = new Request(`${TEST_PUBLIC_URL}/api/maintenance`, {
    headers: { "CF-Connecting-IP": ip, Authorization: `Bearer ${token}` },
  });
  const res = await worker.fetch(request, { ...env, ...patch } as Env, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

/** The binding counts in windows aligned to the minute: start well inside one. */
async function awayFromMinuteEdge(): Promise<void> {
  const into = Date.now() % 60_000;
  if (into > 45_000) await new Promise((r) => setTimeout(r, 60_500 - into));
}

/** Eleven wrong tokens from `ip`: ten refusals, then the limit. Returns the eleventh answer. */
async function elevenWrong(
  ip: string,
  patch: Partial<Record<keyof Env | "WATCHDOG_CONFIG", unknown>> = {},
): Promise<Response> {
  for (let i = 0; i < FAILED_AUTH_LIMIT; i++) expect((await realFetch(ip, "wrong", patch)).status).toBe(401);
  return realFetch(ip, "wrong", patch);
}

describe("issue 13 item 5: the running Worker", () => {
  it("counts through the AUTH_FAILURES Rate Limiting binding of wrangler.toml", async () => {
    expect(typeof env.AUTH_FAILURES.limit).toBe("function");
    await awayFromMinuteEdge();
    const ip = `192.0.2.${Math.floor(Math.random() * 200) + 1}`;
    const limited = await elevenWrong(ip);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("Retry-After")).toBe("60");
    expect((await realFetch(ip, TEST_SECRETS.ADMIN_TOKEN)).status).toBe(429);
    expect((await realFetch("192.0.2.250", TEST_SECRETS.ADMIN_TOKEN)).status).toBe(200);
  }, 90_000);

  it("falls back to counting in memory when the environment has no binding", async () => {
    const ip = "192.0.2.251";
    const limited = await elevenWrong(ip, { AUTH_FAILURES: undefined });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect((await realFetch(ip, TEST_SECRETS.ADMIN_TOKEN, { AUTH_FAILURES: undefined })).status).toBe(429);
  });
});
