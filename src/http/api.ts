import { Hono } from "hono";
import * as z from "zod";
import { selfProbeEvery } from "../config/cadence";
import { maintenanceInstantMs, maintenanceTooLong } from "../config/schema";
import { adminAuth } from "./auth";
import type { ConfiguredEnv } from "./deps";
import { HttpError } from "./errors";
import {
  findIncident,
  incidentQuerySchema,
  listIncidents,
  servicePageSchema,
  serviceRows,
  summarize,
} from "./queries";

/** ISO 8601 or epoch ms, within the years a window may use (beyond them the Date formatting throws). */
const instant = z
  .union([z.iso.datetime({ offset: true }).transform((s) => Date.parse(s)), z.number().int()])
  .pipe(maintenanceInstantMs);

/** Body of `POST /api/maintenance`. */
export const maintenanceBodySchema = z
  .object({
    /** Configured service id. */
    serviceId: z.string().min(1),
    /** ISO 8601 time or epoch milliseconds. */
    start: instant,
    /** ISO 8601 time or epoch milliseconds; after start, at most `maxMaintenance` later. */
    end: instant,
    /** Shown on the timeline and status page. */
    reason: z.string().trim().min(1).max(500),
    /** Who asks; "api" when absent. */
    createdBy: z.string().trim().min(1).max(100).optional(),
  })
  .refine((w) => w.end > w.start, { message: "end must be after start", path: ["end"] });

async function jsonBody(req: Request): Promise<unknown> {
  try {
    return await req.json();
  } catch {
    throw new HttpError("bad_request", "body is not JSON");
  }
}

function issues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ");
}

/** The admin JSON API under /api (bearer token). */
export function apiRoutes(): Hono<ConfiguredEnv> {
  const app = new Hono<ConfiguredEnv>();
  app.use("/api/*", adminAuth());

  app.get("/api/services", async (c) => {
    const page = servicePageSchema.safeParse(c.req.query());
    if (!page.success) throw new HttpError("bad_request", issues(page.error));
    const { deps, config } = c.var;
    const { offset, limit } = page.data;
    // A page at a time: each service is one call to its object (OBJECT_READS_PER_REQUEST).
    const shown = config.services.slice(offset, offset + limit);
    const rows = await serviceRows(deps, { ...config, services: shown });
    const next = offset + limit < config.services.length ? offset + limit : null;
    return c.json({
      total: config.services.length,
      offset,
      next,
      services: rows.map(({ service, snapshot, error }) => ({
        id: service.id,
        name: service.name,
        probeEveryMs: service.probeEvery,
        probedBy: selfProbeEvery(service) === undefined ? "tick" : "object",
        vantage: service.vantage ?? null,
        lastProbe: snapshot?.lastProbe ?? null,
        findings: snapshot?.lastProbe?.findings ?? [],
        incident: snapshot?.incident ? summarize(snapshot.incident) : null,
        maintenance: snapshot?.maintenance ?? null,
        nextWakeAt: snapshot?.nextWakeAt ?? null,
        ...(error ? { error } : {}),
      })),
    });
  });

  app.get("/api/incidents", async (c) => {
    const q = incidentQuerySchema.safeParse(c.req.query());
    if (!q.success) throw new HttpError("bad_request", issues(q.error));
    const { deps, config } = c.var;
    const incidents = await listIncidents(deps, config, q.data);
    return c.json({ incidents: incidents.map(summarize) });
  });

  app.get("/api/incidents/:id", async (c) => {
    return c.json({ incident: await findIncident(c.var.deps, c.var.config, c.req.param("id")) });
  });

  app.get("/api/maintenance", async (c) => {
    return c.json({ windows: await c.var.deps.state.listMaintenance(c.req.query("service") || undefined) });
  });

  app.post("/api/maintenance", async (c) => {
    const body = maintenanceBodySchema.safeParse(await jsonBody(c.req.raw));
    if (!body.success) throw new HttpError("bad_request", issues(body.error));
    const { serviceId, start, end, reason, createdBy } = body.data;
    const { deps, config } = c.var;
    if (!config.services.some((s) => s.id === serviceId))
      throw new HttpError("bad_request", `serviceId: unknown service ${serviceId}`);
    if (end <= deps.now()) throw new HttpError("bad_request", "end: the window is already over");
    const tooLong = maintenanceTooLong(start, end, config.maxMaintenance);
    if (tooLong) throw new HttpError("bad_request", `end: ${tooLong}`);
    const window = await deps.state.addMaintenance({
      serviceId,
      start,
      end,
      reason,
      createdBy: createdBy ?? "api",
    });
    return c.json({ window }, 201);
  });

  app.delete("/api/maintenance/:id", async (c) => {
    if (!(await c.var.deps.state.cancelMaintenance(c.req.param("id"))))
      throw new HttpError("not_found", "no such maintenance window");
    return c.json({ ok: true });
  });

  return app;
}
