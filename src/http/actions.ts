import { type Context, Hono } from "hono";
import * as z from "zod";
import type { Config } from "../config/schema";
import {
  isRemediation,
  LINK_ACTIONS,
  type LinkAction,
  type LinkClaims,
  LinkError,
} from "../escalation/links";
import type { Locale } from "../escalation/message";
import type { Actor, IncidentView } from "../escalation/types";
import type { ActionOutcome, ActionRefusal, ActionTarget, RemediationRefusal } from "../monitor/api";
import { formatUtcSeconds } from "../time-format";
import { confirmPage, resultPage } from "./action-pages";
import { verifiedLink } from "./auth";
import type { ConfiguredEnv, HttpDeps } from "./deps";
import { HttpError } from "./errors";
import { fill, pageStrings } from "./i18n";
import { findIncident, serviceOf } from "./queries";
import { remediationMessage } from "./remediation-message";

/** The confirmation form. */
const formSchema = z.object({
  /** Who acts; the link's level when empty. */
  name: z.string().trim().max(100).optional(),
  /** Optional note (required for a note link). */
  note: z.string().trim().max(2000).optional(),
  /** The action the page offered; must match the token. */
  action: z.enum(LINK_ACTIONS).optional(),
});

/** Refusals of the Durable Object that are not "already done" become typed HTTP errors. */
function throwRefusal(outcome: { refusal: RemediationRefusal }): never {
  if (outcome.refusal === "stale_epoch") throw new HttpError("stale_epoch");
  if (outcome.refusal === "unavailable") throw new HttpError("unavailable");
  throw new HttpError("no_such_incident");
}

/** The sentence shown after a POST: what was done, or what had already been done. */
export function outcomeMessage(
  locale: Locale,
  action: LinkAction,
  outcome: ActionOutcome,
  actor: Actor,
  now: number,
): string | undefined {
  const t = pageStrings(locale);
  if (outcome.ok) {
    const i = outcome.incident;
    if (action === "acknowledge")
      return fill(t.done.acknowledge, {
        by: i.acknowledgedBy ?? actor.by,
        at: formatUtcSeconds(i.acknowledgedAt ?? now),
      });
    if (action === "resolve")
      return fill(t.done.resolve, {
        by: i.resolvedBy ?? actor.by,
        at: formatUtcSeconds(i.resolvedAt ?? now),
      });
    return fill(t.done.note, { by: actor.by, at: formatUtcSeconds(now) });
  }
  const i = outcome.incident;
  if (outcome.refusal === "already_acknowledged")
    return fill(t.alreadyAcknowledged, {
      by: i?.acknowledgedBy ?? "?",
      at: formatUtcSeconds(i?.acknowledgedAt),
    });
  if (outcome.refusal === "already_resolved")
    return fill(t.alreadyResolved, { by: i?.resolvedBy ?? "?", at: formatUtcSeconds(i?.resolvedAt) });
  return undefined;
}

function alreadyDone(action: LinkAction, incident: IncidentView): ActionRefusal | undefined {
  if (action === "note") return undefined;
  if (incident.status === "resolved") return "already_resolved";
  if (action === "acknowledge" && incident.status === "acknowledged") return "already_acknowledged";
  return undefined;
}

function actorOf(c: Context, claims: LinkClaims, name: string | undefined): Actor {
  return {
    by: name || claims.l,
    level: claims.l,
    ip: c.req.header("CF-Connecting-IP") ?? undefined,
    userAgent: c.req.header("User-Agent")?.slice(0, 300),
  };
}

/** The posted form; a body that cannot be parsed (broken multipart) is the client's error, not ours. */
async function readForm(c: Context): Promise<unknown> {
  try {
    return await c.req.parseBody();
  } catch (error) {
    if (error instanceof HttpError) throw error;
    throw new HttpError("bad_request", "the form cannot be read");
  }
}

/** Loads the incident a link points at; refuses links of an older epoch. */
async function linkedIncident(deps: HttpDeps, config: Config, claims: LinkClaims): Promise<IncidentView> {
  const incident = await findIncident(deps, config, claims.i);
  if (incident.epoch !== claims.e) throw new HttpError("stale_epoch");
  return incident;
}

/** `GET /a/:token` shows a confirmation page and changes nothing; `POST` performs the action. */
export function actionRoutes(): Hono<ConfiguredEnv> {
  const app = new Hono<ConfiguredEnv>();

  app.get("/a/:token", async (c) => {
    const { deps, config } = c.var;
    const { locale } = config;
    const claims = await verifiedLink(c, c.req.param("token"));
    const incident = await linkedIncident(deps, config, claims);
    // Already done: say so by whom and when, and offer no form that could only be refused.
    const refusal = alreadyDone(claims.a, incident);
    if (refusal) {
      const actor = actorOf(c, claims, undefined);
      const message = outcomeMessage(locale, claims.a, { ok: false, refusal, incident }, actor, deps.now());
      return c.html(resultPage(locale, message ?? "", incident));
    }
    return c.html(confirmPage(locale, claims, incident));
  });

  app.post("/a/:token", async (c) => {
    const parsed = formSchema.safeParse(await readForm(c));
    if (!parsed.success) throw new HttpError("bad_request", "name or note too long");
    const form = parsed.data;
    const { deps, config } = c.var;
    const { locale } = config;
    const claims = await verifiedLink(c, c.req.param("token"));
    if (form.action && form.action !== claims.a) throw new LinkError("wrong_action");
    const service = serviceOf(config, claims.i);
    const monitor = deps.monitor(service.id);
    const target: ActionTarget = { incidentId: claims.i, epoch: claims.e };
    const actor = actorOf(c, claims, form.name);
    if (claims.a === "note" && !form.note) {
      const incident = await linkedIncident(deps, config, claims);
      return c.html(confirmPage(locale, claims, incident, pageStrings(locale).noteEmpty), 400);
    }
    if (isRemediation(claims.a)) {
      // Issue 14 item 3: the service object acts once, acknowledges, and re-probes.
      const done = await monitor.remediate(target, actor, claims.a, form.note || undefined);
      const said = remediationMessage(locale, claims.a, done, actor, deps.now());
      if (!done.ok && said === undefined) throwRefusal(done);
      return c.html(resultPage(locale, said ?? "", done.incident));
    }
    const outcome =
      claims.a === "acknowledge"
        ? await monitor.acknowledge(target, actor, form.note || undefined)
        : claims.a === "resolve"
          ? await monitor.resolve(target, actor, form.note || undefined)
          : await monitor.addNote(target, actor, form.note ?? "");
    const message = outcomeMessage(locale, claims.a, outcome, actor, deps.now());
    if (!outcome.ok && message === undefined) throwRefusal(outcome);
    return c.html(resultPage(locale, message ?? "", outcome.incident));
  });

  // `/a/`, `/a` or `/a/x/y` is a link cut short: the door's broken-link page, not a bare 404.
  app.all("/a/*", () => {
    throw new LinkError("malformed");
  });

  return app;
}
