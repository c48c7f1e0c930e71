import { describe, expect, it } from "vitest";
import type { Notifier, OutgoingMessage } from "../../src/escalation/notify";
import { SHARD_SIZE, type ShardApi, snapshotsSharded } from "../../src/monitor/fan-out";
import { sendToL1 } from "../../src/monitor/notices";
import { testConfig } from "../support/test-config";

/** A channel that records what it was asked to send. */
function recording(
  channel: "telegram" | "email",
  sent: { channel: string; msg: OutgoingMessage }[],
): Notifier {
  return {
    channel,
    send: async (msg) => {
      sent.push({ channel, msg });
      return { ok: true, channel, messageId: String(sent.length), recipient: "x" };
    },
  };
}

describe("issue 17 item 3: a daily report in several messages", () => {
  it("issue 17 item 3: Telegram contacts get every page, each under its own key; email gets the report once", async () => {
    const config = testConfig({
      escalation: {
        levels: {
          L1: [
            { channel: "telegram", chatId: 1 },
            { channel: "email", to: "lead@example.com" },
          ],
        },
      },
    });
    const sent: { channel: string; msg: OutgoingMessage }[] = [];
    const delivered = await sendToL1(
      {
        config,
        notifiers: { telegram: recording("telegram", sent), email: recording("email", sent) },
        count: async () => {},
      },
      "daily:2031-01-01",
      "daily_report",
      {
        subject: "Daily",
        telegramHtml: "page 1",
        telegramPages: ["page 1", "page 2", "page 3"],
        text: "all",
        html: "<p>all</p>",
      },
    );
    expect(delivered).toBe(true);
    expect(sent.map((s) => [s.channel, s.msg.key, s.msg.telegramHtml])).toEqual([
      ["telegram", "daily:2031-01-01/1", "page 1"],
      ["telegram", "daily:2031-01-01/2", "page 2"],
      ["telegram", "daily:2031-01-01/3", "page 3"],
      ["email", "daily:2031-01-01", "page 1"],
    ]);
  });

  it("issue 17 item 3: the report's 1,000 snapshots are read through the shards, not from the tick", async () => {
    const ids = Array.from({ length: 1_000 }, (_, i) => `svc-${i}`);
    let direct = 0;
    const shardCalls: string[] = [];
    const shard = (shardId: string): Pick<ShardApi, "snapshots"> => ({
      snapshots: async (part) => {
        shardCalls.push(shardId);
        if (shardId === "shard-9") throw new Error("shard down");
        return part.map((serviceId) => ({ serviceId, nextWakeAt: 1 }));
      },
    });
    const snaps = await snapshotsSharded(
      ids,
      (id) => {
        direct += 1;
        return { snapshot: async () => ({ serviceId: id }) };
      },
      shard,
    );
    expect(direct).toBe(0);
    expect(shardCalls).toHaveLength(1_000 / SHARD_SIZE);
    expect(snaps.map((s) => s.serviceId)).toEqual(ids);
    // A shard that cannot answer leaves its services blank, never out of the report.
    expect(snaps.filter((s) => s.nextWakeAt === undefined).map((s) => s.serviceId)).toEqual(ids.slice(900));
  });
});
