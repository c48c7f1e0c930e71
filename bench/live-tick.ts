/**
 * One cron tick over many loopback services on the real Worker: its wall time as seen by
 * `/__scheduled`, and its subrequests (requests arriving at the loopback servers, counted,
 * plus Durable Object RPC calls, counted by construction and checked through the API).
 */
import type { Live } from "./live.ts";
import { median } from "./stats.ts";

/** Tick timing and subrequest count. */
export interface TickFigures {
  services: number;
  ticksMs: number[];
  p50Ms: number;
  /** Requests that reached the fleet per measured tick (health + agent + heartbeat). */
  loopbackPerTick: number[];
  /** listMaintenance + one supervise per service + recordTick. */
  doCalls: number;
  subrequests: number;
  /** Services whose Durable Object recorded a probe from the last measured tick. */
  ingested: number;
}

interface ServicesAnswer {
  services: { id: string; lastProbe: { at: number } | null }[];
}

/** Fires `warmup` unmeasured ticks, then `count` measured ones, one at a time. */
export async function measureTicks(live: Live, count = 9, warmup = 3): Promise<TickFigures> {
  const services = live.worker.config.services.length;
  for (let i = 0; i < warmup; i++) await live.tick();
  const ticksMs: number[] = [];
  const loopbackPerTick: number[] = [];
  let lastStart = 0;
  for (let i = 0; i < count; i++) {
    const before = live.fleet.hits().length;
    lastStart = Date.now();
    ticksMs.push(await live.tick());
    // No alarm is pending while every service is healthy, so every request here came from the tick.
    loopbackPerTick.push(live.fleet.hits().length - before);
  }
  const answer = await live.worker.api<ServicesAnswer>("/api/services");
  if (answer.status !== 200) throw new Error(`GET /api/services answered ${answer.status}`);
  // The tick's probe start is stamped by the Worker's clock, a few ms after our `lastStart`.
  const ingested = answer.body.services.filter((s) => (s.lastProbe?.at ?? 0) >= lastStart).length;
  const doCalls = 1 + services + 1;
  const loopback = median(loopbackPerTick);
  return {
    services,
    ticksMs,
    p50Ms: median(ticksMs),
    loopbackPerTick,
    doCalls,
    subrequests: loopback + doCalls,
    ingested,
  };
}
