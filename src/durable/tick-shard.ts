import { DurableObject } from "cloudflare:workers";
import { configFromEnv } from "../config/load";
import type { MaintenanceWindow } from "../escalation/types";
import { type ShardApi, type ShardReport, superviseEach } from "../monitor/fan-out";
import { monitorsOf } from "./stubs";

/**
 * A shard supervisor (issue 17 item 3): the tick hands it up to `SHARD_SIZE` services and it
 * supervises each through its own object, in an invocation of its own, so the tick's
 * subrequests grow with the shards, not the services, and a slow or failing shard delays only
 * its services. Stateless: it keeps nothing between ticks.
 */
export class TickShard extends DurableObject<Env> implements ShardApi {
  async supervise(serviceIds: string[], maintenance: MaintenanceWindow[]): Promise<ShardReport> {
    const parsed = configFromEnv(this.env);
    const monitor = monitorsOf(this.env, parsed.ok ? parsed.config : undefined);
    return { errors: await superviseEach(serviceIds, maintenance, monitor) };
  }
}
