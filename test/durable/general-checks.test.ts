import { describe, expect, it } from "vitest";
import type { FakeResponse } from "../support/fake-client";
import { alarmsUntil, healedAfterEach, setClock, tick, Watched } from "../support/runtime";
import { CHECKED_ADDRESS, CHECKED_API, CHECKED_DOH, dohAnswer, TEST_CONTACTS } from "../support/test-config";

interface Case {
  kind: string;
  path: string;
  broken: FakeResponse;
  code: string;
  reason: string;
  text: string;
}

const cases: Case[] = [
  {
    kind: "http",
    path: CHECKED_API,
    broken: { status: 503, body: "db down" },
    code: "http_check_failed",
    reason: "HTTP 503, expected 200: db down",
    text: "HTTP check",
  },
  {
    kind: "dns",
    path: CHECKED_DOH,
    broken: { body: dohAnswer("198.51.100.7") },
    code: "dns_check_failed",
    reason: `chk-gen.example A: answers 198.51.100.7; missing ${CHECKED_ADDRESS}`,
    text: "DNS check",
  },
];

/** Where the next case's clock starts. */
let next = 0;

describe("issue 16 item 2: a general check through the Durable Object", () => {
  const healthy = async (w: Watched) => {
    await w.fake.scriptAbsolute(CHECKED_API, { body: { status: "ok" } });
    await w.fake.scriptAbsolute(CHECKED_DOH, { body: dohAnswer(CHECKED_ADDRESS) });
  };
  const watch = healedAfterEach(healthy);

  it.each(cases)(
    "a failing $kind check beside a healthy /health opens a P2 incident that pages L1, and its recovery resolves it",
    async (c) => {
      const w = watch(new Watched("chk-gen"));
      const earlier = (await w.telegram("sendMessage")).length;
      await w.fake.scriptAbsolute(c.path, c.broken);
      // Past the previous case, whose object clock ran ahead of the real one.
      let at = Math.max(Date.now(), next);
      await setClock(w.stub, at);
      await tick();
      // Each re-check at its own due time: a slow tick under load must not shift them.
      await alarmsUntil(w.stub, at + 40_000);
      const incident = await w.incident();
      expect(incident.severity).toBe("P2");
      expect(incident.findings).toEqual([
        expect.objectContaining({ code: c.code, check: "check", reason: c.reason }),
      ]);
      const pages = (await w.telegram("sendMessage")).slice(earlier);
      expect(pages).toHaveLength(1);
      expect(pages[0]?.chat_id).toBe(TEST_CONTACTS.l1Chat);
      expect(pages[0]?.text).toContain(c.text);

      await healthy(w);
      at += 60_000;
      await setClock(w.stub, at);
      await tick();
      await alarmsUntil(w.stub, at + 20_000);
      expect((await w.api.snapshot()).incident).toBeUndefined();
      next = at + 120_000;
    },
  );
});
