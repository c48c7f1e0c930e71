import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { heartbeatToken } from "../../src/checks/heartbeat-token";
import worker from "../../src/index";
import { alarmsUntil, armedAt, freshStart, healedAfterEach, setClock, Watched } from "../support/runtime";
import { TEST_CONTACTS, TEST_PUBLIC_URL, TEST_SECRETS } from "../support/test-config";

const PERIOD = 86_400_000;
const GRACE = 2 * 3_600_000;

async function hit(path: string, init?: RequestInit): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await worker.fetch(new Request(`${TEST_PUBLIC_URL}${path}`, init), env, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

const token = () => heartbeatToken(TEST_SECRETS.HEARTBEAT_SECRET, "chk-beat", "nightly-backup");

describe("issue 16 item 3: push heartbeats through the Durable Object", () => {
  const watch = healedAfterEach();

  it("missed by one grace period → incident and P2 page; a late ping resolves it; /fail's body is on the timeline", async () => {
    const w = watch(new Watched("chk-beat"));
    const t = await token();
    const start = freshStart();
    await setClock(w.stub, start);
    expect((await hit(`/ping/${t}`)).status).toBe(200);

    // The deadline is the object's alarm: one period plus the grace after the ping.
    const deadline = start + PERIOD + GRACE;
    expect(await armedAt(w.stub)).toBe(deadline + 1);
    await alarmsUntil(w.stub, deadline + 60_000);
    const incident = await w.incident();
    expect(incident.severity).toBe("P2");
    expect(incident.findings).toEqual([
      expect.objectContaining({ code: "heartbeat_missed", subject: "nightly-backup", check: "heartbeat" }),
    ]);
    const pages = await w.telegram("sendMessage");
    expect(pages).toHaveLength(1);
    expect(String(pages[0]?.chat_id)).toBe(TEST_CONTACTS.l1Chat);
    expect(pages[0]?.text).toContain("nightly-backup");

    // The late ping: recovery is confirmed like any other, and the incident resolves.
    const late = deadline + 5 * 60_000;
    await setClock(w.stub, late);
    expect((await hit(`/ping/${t}`, { method: "POST" })).status).toBe(200);
    await alarmsUntil(w.stub, late + 60_000);
    expect((await w.api.snapshot()).incident).toBeUndefined();
    expect((await w.api.history(5))[0]).toMatchObject({ id: incident.id, status: "resolved" });

    // The job reports its own failure, with the tool's output as the detail.
    const failed = late + 3_600_000;
    await setClock(w.stub, failed);
    const res = await hit(`/ping/${t}/fail`, {
      method: "POST",
      body: "tar: /backups: No space left on device",
    });
    expect(res.status).toBe(200);
    await alarmsUntil(w.stub, failed + 60_000);
    const again = await w.incident();
    expect(again.findings[0]).toMatchObject({
      code: "heartbeat_failed",
      reason: "tar: /backups: No space left on device",
    });
    expect(again.timeline.some((e) => e.text.includes("No space left on device"))).toBe(true);

    // The next success resolves it.
    await setClock(w.stub, failed + 10 * 60_000);
    expect((await hit(`/ping/${t}`)).status).toBe(200);
    await alarmsUntil(w.stub, failed + 11 * 60_000);
    expect((await w.api.snapshot()).incident).toBeUndefined();
  });

  it("an unknown token, a wrong kind and an oversized body are refused; a token is rate-limited", async () => {
    const t = await token();
    const other = await heartbeatToken(TEST_SECRETS.HEARTBEAT_SECRET, "chk-beat", "no-such-job");
    expect((await hit(`/ping/${other}`)).status).toBe(404);
    expect((await hit(`/ping/${"0".repeat(32)}`)).status).toBe(404);
    expect((await hit(`/ping/${t}/explode`)).status).toBe(404);
    expect((await hit(`/ping/${t}/fail`, { method: "POST", body: "x".repeat(10 * 1024 + 1) })).status).toBe(
      413,
    );
    // Every ping counts against its token, known or not: 30 a minute, then 429.
    const fresh = await heartbeatToken(TEST_SECRETS.HEARTBEAT_SECRET, "chk-beat", "rate-limited");
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) statuses.push((await hit(`/ping/${fresh}/start`)).status);
    expect(statuses.every((s) => s === 404)).toBe(true);
    const last = await hit(`/ping/${fresh}/start`);
    expect(last.status).toBe(429);
    expect(Number(last.headers.get("retry-after"))).toBeGreaterThan(0);
  });
});
