import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import worker from "../../src/index";
import { TEST_PUBLIC_URL, TEST_SECRETS } from "../support/test-config";

/** One request through the real Worker with some of its bindings replaced (the config as JSON text, say). */
async function fetchWith(
  path: string,
  patch: Partial<Record<keyof Env | "WATCHDOG_CONFIG", unknown>>,
  init: RequestInit = {},
  origin = TEST_PUBLIC_URL,
): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await worker.fetch(new Request(`${origin}${path}`, init), { ...env, ...patch } as Env, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

describe("issue 13 item 5: weak secrets in the running Worker", () => {
  it("a weak ADMIN_TOKEN makes /health 503 secrets_weak and opens nothing, even to itself", async () => {
    const weak = { ADMIN_TOKEN: "a" };
    const health = await fetchWith("/health", weak);
    expect(health.status).toBe(503);
    expect(await health.json()).toEqual({
      status: "secrets_weak",
      problems: [{ path: "ADMIN_TOKEN", message: "too weak: 1 characters; needs at least 32" }],
    });
    const api = await fetchWith("/api/maintenance", weak, { headers: { Authorization: "Bearer a" } });
    expect(api.status).toBe(401);
    expect(await api.json()).toMatchObject({ message: expect.stringMatching(/too weak/) });
    const strong = await fetchWith(
      "/api/maintenance",
      {},
      {
        headers: { Authorization: `Bearer ${TEST_SECRETS.ADMIN_TOKEN}` },
      },
    );
    expect(strong.status).toBe(200);
  });

  it("names a weak LINK_SIGNING_KEY on /health without showing it", async () => {
    const health = await fetchWith("/health", { LINK_SIGNING_KEY: "changeme-changeme-changeme-changeme" });
    expect(health.status).toBe(503);
    const body = await health.text();
    expect(JSON.parse(body)).toMatchObject({
      status: "secrets_weak",
      problems: [{ path: "LINK_SIGNING_KEY" }],
    });
    expect(body).not.toContain("changeme");
  });
});

describe("issue 13 item 2: the committed demo config in the running Worker", () => {
  it("marks itself local-only: 503 demo_config off loopback, the outbox on loopback", async () => {
    const demo = { WATCHDOG_CONFIG: env.DEMO_CONFIG };
    const remote = await fetchWith("/health", demo);
    expect(remote.status).toBe(503);
    expect(await remote.json()).toMatchObject({ error: "demo_config" });
    const local = await fetchWith("/outbox?format=json", demo, {}, "http://127.0.0.1:8787");
    expect(local.status).toBe(200);
    expect(local.headers.get("Cache-Control")).toBe("no-store");
  });
});
