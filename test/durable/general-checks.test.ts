import { describe, expect, it } from "vitest";
import { alarmAt, healedAfterEach, setClock, tick, Watched } from "../support/runtime";
import { CHECKED_API, TEST_CONTACTS } from "../support/test-config";

describe("issue 16 item 2: a general check through the Durable Object", () => {
  const watch = healedAfterEach(async (w) => {
    await w.fake.scriptAbsolute(CHECKED_API, { body: { status: "ok" } });
  });

  it("a failing http check beside a healthy /health opens a P2 incident that pages L1, and its recovery resolves it", async () => {
    const w = watch(new Watched("chk-gen"));
    await w.fake.scriptAbsolute(CHECKED_API, { status: 503, body: "db down" });
    let at = Date.now();
    await setClock(w.stub, at);
    await tick();
    for (let i = 0; i < 4; i++) {
      at += 6_000;
      await alarmAt(w.stub, at);
    }
    const incident = await w.incident();
    expect(incident.severity).toBe("P2");
    expect(incident.findings).toEqual([
      expect.objectContaining({
        code: "http_check_failed",
        check: "check",
        reason: "HTTP 503, expected 200: db down",
      }),
    ]);
    const pages = await w.telegram("sendMessage");
    expect(pages).toHaveLength(1);
    expect(pages[0]?.chat_id).toBe(TEST_CONTACTS.l1Chat);
    expect(pages[0]?.text).toContain("HTTP check");

    await w.fake.scriptAbsolute(CHECKED_API, { body: { status: "ok" } });
    at += 60_000;
    await setClock(w.stub, at);
    await tick();
    await alarmAt(w.stub, at + 6_000);
    expect((await w.api.snapshot()).incident).toBeUndefined();
  });
});
