import { Hono } from "hono";
import * as z from "zod";
import type { Config } from "../config/schema";
import { DAY_MS, type SlaFigures, STEPS, slaOf } from "../history";
import { adminAuth } from "./auth";
import type { ConfiguredEnv, HttpDeps } from "./deps";
import { HttpError } from "./errors";

/** The longest range the history answers for: the day buckets' 400 days. */
export const MAX_RANGE_DAYS = 400;

const STEP_NAMES = Object.keys(STEPS) as [keyof typeof STEPS, ...(keyof typeof STEPS)[]];

/** ISO 8601 or epoch milliseconds, as a query string gives it. */
const instant = z.string().transform((s, ctx) => {
  const ms = /^\d+$/.test(s) ? Number(s) : Date.parse(s);
  if (!Number.isFinite(ms)) {
    ctx.addIssue({ code: "custom", message: `not a time: ${s} (ISO 8601 or epoch milliseconds)` });
    return z.NEVER;
  }
  return ms;
});

/** `from` and `to` of a history or SLA query; `to` defaults to now and `from` to a day before it. */
const rangeSchema = z.object({
  /** Start of the range (inclusive). */
  from: instant.optional(),
  /** End of the range (exclusive). */
  to: instant.optional(),
});

/** Query of `GET /api/services/:id/history`. */
export const historyQuerySchema = rangeSchema.extend({
  /** Bucket size: 1m (kept 48 h), 1h (90 days) or 1d (400 days). */
  step: z.enum(STEP_NAMES, { error: `step must be one of ${STEP_NAMES.join(", ")}` }).default("1h"),
});

function issues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ");
}

/** A checked range: from ≤ to, at most 400 days long. */
export function rangeOf(query: Record<string, string>, now: number): { from: number; to: number } {
  const q = rangeSchema.safeParse(query);
  if (!q.success) throw new HttpError("bad_request", issues(q.error));
  const to = q.data.to ?? now;
  const from = q.data.from ?? to - DAY_MS;
  if (from > to) throw new HttpError("bad_request", "from must not be after to");
  if (to - from > MAX_RANGE_DAYS * DAY_MS)
    throw new HttpError("bad_request", `the range is over ${MAX_RANGE_DAYS} days; the history keeps no more`);
  return { from, to };
}

/** SLA figures of every service's incidents opened in [from, to), and of each service alone. */
export async function slaReport(deps: HttpDeps, config: Config, from: number, to: number) {
  const now = deps.now();
  const lists = await Promise.all(config.services.map((s) => deps.monitor(s.id).history(500)));
  const all = lists.flat();
  const services = config.services.map((s, i) => ({
    id: s.id,
    name: s.name,
    ...slaOf(lists[i] ?? [], from, to, now),
  }));
  const total: SlaFigures = slaOf(all, from, to, now);
  return { from, to, ...total, services };
}

/** `GET /api/services/:id/history` and `GET /api/sla`, behind the admin token. */
export function historyApiRoutes(): Hono<ConfiguredEnv> {
  const app = new Hono<ConfiguredEnv>();

  app.get("/api/services/:id/history", adminAuth(), async (c) => {
    const { deps, config } = c.var;
    const id = c.req.param("id");
    if (!config.services.some((s) => s.id === id))
      throw new HttpError("bad_request", `unknown service ${id}`);
    const q = historyQuerySchema.safeParse(c.req.query());
    if (!q.success) throw new HttpError("bad_request", issues(q.error));
    const { from, to } = rangeOf(c.req.query(), deps.now());
    const points = await deps.monitor(id).historyPoints(from, to, q.data.step);
    return c.json({ serviceId: id, from, to, step: q.data.step, points });
  });

  app.get("/api/sla", adminAuth(), async (c) => {
    const { deps, config } = c.var;
    const { from, to } = rangeOf(c.req.query(), deps.now());
    return c.json(await slaReport(deps, config, from, to));
  });

  return app;
}
