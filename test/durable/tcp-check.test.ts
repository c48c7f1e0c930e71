import { describe, expect, inject, it } from "vitest";
import { alarmsUntil, healedAfterEach, setClock, tick, Watched } from "../support/runtime";
import { type SwitchableState, TCP_FAKE_BANNER } from "../support/tcp-fake";
import { TCP_CHECK_BANNER, TEST_CONTACTS } from "../support/test-config";

const tcp = inject("tcpFakes");
const TARGET = `127.0.0.1:${tcp.switchable}`;

/** Closes, reopens or re-banners the loopback listener `chk-tcp` checks (test/support/tcp-fake.ts). */
async function listener(state: SwitchableState): Promise<void> {
  const res = await fetch(`${tcp.control}/switchable`, { method: "POST", body: JSON.stringify(state) });
  if (res.status !== 204) throw new Error(`tcp fake control: ${res.status} ${await res.text()}`);
}

const answering: SwitchableState = { open: true, banner: TCP_FAKE_BANNER };

interface Case {
  name: string;
  broken: SwitchableState;
  reason: RegExp;
}

const cases: Case[] = [
  {
    name: "a closed port",
    broken: { open: false, banner: TCP_FAKE_BANNER },
    reason: new RegExp(`^${TARGET.replace(/\./g, "\\.")}: connection failed: `),
  },
  {
    name: "an expectBanner mismatch",
    broken: { open: true, banner: "220 mail.example ESMTP" },
    reason: new RegExp(
      `^${TARGET.replace(/\./g, "\\.")} sent "220 mail\\.example ESMTP", expected "${TCP_CHECK_BANNER}"$`,
    ),
  },
];

/** Where the next case's clock starts: past the previous case's, whose object clock ran ahead. */
let next = 0;

describe("issue 16 item 3: a tcp check through the Durable Object", () => {
  const watch = healedAfterEach(async () => listener(answering));

  it.each(cases)(
    "issue 16 item 3: a tcp check through the Durable Object: $name opens an incident and pages, the listener answering resolves it",
    async (c) => {
      const w = watch(new Watched("chk-tcp"));
      const earlier = (await w.telegram("sendMessage")).length;
      await listener(c.broken);
      let at = Math.max(Date.now(), next);
      await setClock(w.stub, at);
      await tick();
      await alarmsUntil(w.stub, at + 40_000);
      const incident = await w.incident();
      expect(incident.severity).toBe("P2");
      expect(incident.findings).toEqual([
        expect.objectContaining({ code: "tcp_check_failed", check: "check", subject: TARGET }),
      ]);
      expect(incident.findings[0]?.reason).toMatch(c.reason);
      const pages = (await w.telegram("sendMessage")).slice(earlier);
      expect(pages).toHaveLength(1);
      expect(pages[0]?.chat_id).toBe(TEST_CONTACTS.l1Chat);
      expect(pages[0]?.text).toContain(TARGET);

      await listener(answering);
      at += 60_000;
      await setClock(w.stub, at);
      await tick();
      await alarmsUntil(w.stub, at + 20_000);
      const after = await w.api.snapshot();
      expect(after.incident).toBeUndefined();
      expect(after.lastProbe?.checks).toEqual([
        expect.objectContaining({ kind: "tcp", label: TARGET, ok: true }),
      ]);
      next = at + 120_000;
    },
  );
});
