import { DurableObject } from "cloudflare:workers";
import { configFromEnv } from "../config/load";
import type { MaintenanceWindow } from "../escalation/types";
import type { ServiceSnapshot } from "../monitor/api";
import { type ShardApi, type ShardReport, snapshotsEach, superviseEach } from "../monitor/fan-out";
import { countingMonitors, noSubrequests, subrequestsLine } from "../monitor/subrequests";
import { monitorsOf } from "./stubs";

/**
 * A shard supervisor (issue 17 item 3): the tick hands it up to `SHARD_SIZE` services and it
 * supervises each through its own object, in an invocation of its own, so the tick's
 * subrequests grow with the shards, not the services, and a slow or failing shard delays only
 * its services. Stateless: it keeps nothing between ticks.
 */
export class TickShard extends DurableObject<Env> implements ShardApi {
  async supervise(serviceIds: string[], maintenance: MaintenanceWindow[]): Promise<ShardReport> {
    const started = Date.now();
    const used = noSubrequests();
    const report = await superviseEach(serviceIds, maintenance, countingMonitors(this.monitors(), used));
    const durationMs = Date.now() - started;
    console.log(subrequestsLine("shard", { ...used, durationMs, services: serviceIds.length }));
    return report;
  }

  async snapshots(serviceIds: string[]): Promise<ServiceSnapshot[]> {
    return snapshotsEach(serviceIds, this.monitors());
  }

  private monitors() {
    const parsed = configFromEnv(this.env);
    return monitorsOf(this.env, parsed.ok ? parsed.config : undefined);
  }
}
