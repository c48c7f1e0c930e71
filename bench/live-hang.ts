/**
 * Issue 17 item 2: one cron tick on the real Worker while every service hangs (accepts the
 * connection, never answers). The tick only supervises and each object probes, so its wall
 * time is bounded by the supervise wait, not by the probes' timeouts over 6 connections.
 */
import type { Live } from "./live.ts";

/** Wall time of one tick with every id hanging; the fleet is healed after. */
export async function measureHangingTick(live: Live, ids: readonly string[]): Promise<number> {
  for (const id of ids) live.fleet.setHanging(id, true);
  try {
    return await live.tick();
  } finally {
    for (const id of ids) live.fleet.setHanging(id, false);
  }
}
