import { DurableObject } from "cloudflare:workers";

/** Singleton: tick bookkeeping, maintenance windows, the outbox. */
export class WatchdogState extends DurableObject<Env> {}
