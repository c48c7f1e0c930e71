import { DurableObject } from "cloudflare:workers";

/** One per watched service: the single writer of its incident state. */
export class ServiceMonitor extends DurableObject<Env> {}
