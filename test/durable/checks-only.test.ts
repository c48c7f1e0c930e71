import { describe, expect, it } from "vitest";
import { alarmsUntil, healedAfterEach, setClock, tick, Watched } from "../support/runtime";
import { CHECKS_ONLY_API, TEST_CONTACTS } from "../support/test-config";

describe("issue 16 item 3: a service watched by general checks alone, through the Durable Object", () => {
  const watch = healedAfterEach(async (w) => {
    await w.fake.scriptAbsolute(CHECKS_ONLY_API, { body: { status: "ok" } });
  });

  it("issue 16 item 3: a checks-only service's failing http check opens a P2 incident that pages L1, and its recovery resolves it", async () => {
    const w = watch(new Watched("chk-only"));
    const earlier = (await w.telegram("sendMessage")).length;
    const calledBefore = (await w.fake.callsAbsolute("/svc/chk-only/")).length;
    await w.fake.scriptAbsolute(CHECKS_ONLY_API, { status: 503, body: "db down" });
    let at = Date.now();
    await setClock(w.stub, at);
    await tick();
    await alarmsUntil(w.stub, at + 40_000);
    const incident = await w.incident();
    expect(incident.severity).toBe("P2");
    expect(incident.findings).toEqual([
      expect.objectContaining({
        code: "http_check_failed",
        check: "check",
        reason: "HTTP 503, expected 200: db down",
      }),
    ]);
    const pages = (await w.telegram("sendMessage")).slice(earlier);
    expect(pages).toHaveLength(1);
    expect(pages[0]?.chat_id).toBe(TEST_CONTACTS.l1Chat);
    const snap = await w.api.snapshot();
    expect(snap.lastProbe?.health).toBeUndefined();
    expect(snap.lastProbe?.checks).toEqual([expect.objectContaining({ kind: "http", ok: false })]);
    // Only the check was requested: the service has no /health to ask.
    const calls = (await w.fake.callsAbsolute("/svc/chk-only/")).slice(calledBefore);
    expect(calls.length).toBeGreaterThanOrEqual(5);
    expect(calls.every((c) => c.path === CHECKS_ONLY_API)).toBe(true);

    await w.fake.scriptAbsolute(CHECKS_ONLY_API, { body: { status: "ok" } });
    at += 60_000;
    await setClock(w.stub, at);
    await tick();
    await alarmsUntil(w.stub, at + 20_000);
    expect((await w.api.snapshot()).incident).toBeUndefined();
    expect((await w.api.snapshot()).lastProbe?.checks).toEqual([expect.objectContaining({ ok: true })]);
  });
});
