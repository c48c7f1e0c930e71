import { type Context, Hono } from "hono";
import { html } from "hono/html";
import { primaryOutcome } from "../checks/primary";
import { STATUS_DETAIL_SERVICES } from "../config/budget-traffic";
import type { Level } from "../config/schema";
import type { MaintenanceWindow } from "../durable/state-api";
import { LinkError } from "../escalation/links";
import type { Locale } from "../escalation/message";
import type { IncidentView } from "../escalation/types";
import { formatUtcSeconds } from "../time-format";
import { isAdminPage, verifiedLink } from "./auth";
import type { ConfiguredEnv } from "./deps";
import { diagnosticsSection, diagnosticsSummary } from "./diagnostics-view";
import { HttpError } from "./errors";
import { historySections } from "./history-page";
import { pageStrings } from "./i18n";
import { type Html, incidentSummary, page } from "./layout";
import { loginPage, loginRoutes } from "./login";
import { findIncident, listIncidents, serviceOf } from "./queries";
import { restartLink } from "./restart-link";
import { type SummaryRow, summaryRows } from "./summary-rows";

/** What the incident lists show of an incident; the summaries carry no more. */
type ListedIncident = Pick<IncidentView, "id" | "serviceName" | "severity" | "status" | "openedAt">;

function incidentLink(incident: Pick<IncidentView, "id">): Html {
  return html`<a href="/status/incidents/${encodeURIComponent(incident.id)}">${incident.id}</a>`;
}

function servicesTable(locale: Locale, rows: SummaryRow[]): Html {
  const t = pageStrings(locale);
  const probe = (row: SummaryRow) => {
    const p = row.summary?.lastProbe;
    if (!p) return html`<span class="muted">${t.notProbed}</span>`;
    const o = primaryOutcome(p);
    if (!o) return html`${formatUtcSeconds(p.at)}`;
    const state = o.ok ? t.up : html`<span class="P1">${t.down}</span>`;
    return html`${state}, ${o.latencyMs} ms, ${formatUtcSeconds(p.at)}${o.reason ? ` (${o.reason})` : ""}`;
  };
  return html`<table><tr><th>${t.service}</th><th>${t.latestProbe}</th><th>${t.incident}</th><th>${t.maintenance}</th></tr>
${rows.map(
  (
    row,
  ) => html`<tr><td><a href="/status/services/${encodeURIComponent(row.service.id)}">${row.service.name}</a><br><span class="muted">${row.service.id} · ${t.cadence(row.service.probeEvery / 1000, row.service.vantage)}</span></td><td>${probe(row)}</td>
<td>${row.summary?.incident ? html`<span class="${row.summary.incident.severity}">${row.summary.incident.severity}</span> ${incidentLink(row.summary.incident)}` : t.none}</td>
<td>${row.summary?.maintenance ? `${formatUtcSeconds(row.summary.maintenance.start)} – ${formatUtcSeconds(row.summary.maintenance.end)}: ${row.summary.maintenance.reason}` : ""}</td></tr>`,
)}</table>`;
}

function incidentsTable(locale: Locale, incidents: ListedIncident[]): Html {
  const t = pageStrings(locale);
  if (incidents.length === 0) return html`<p class="muted">${t.none}</p>`;
  return html`<table><tr><th>${t.incident}</th><th>${t.service}</th><th>${t.severity}</th><th>${t.state}</th><th>${t.openedAt}</th></tr>
${incidents.map(
  (
    i,
  ) => html`<tr><td>${incidentLink(i)}</td><td>${i.serviceName}</td><td class="${i.severity}">${i.severity}</td>
<td>${t.status[i.status]}</td><td>${formatUtcSeconds(i.openedAt)}</td></tr>`,
)}</table>`;
}

function maintenanceTable(locale: Locale, windows: MaintenanceWindow[]): Html {
  const t = pageStrings(locale);
  if (windows.length === 0) return html`<p class="muted">${t.none}</p>`;
  return html`<table><tr><th>${t.service}</th><th>${t.window}</th><th>${t.reason}</th><th></th></tr>
${windows.map(
  (
    w,
  ) => html`<tr><td>${w.serviceId}</td><td>${formatUtcSeconds(w.start)} – ${formatUtcSeconds(w.end)}</td><td>${w.reason}</td>
<td class="muted">${w.id} · ${w.createdBy}</td></tr>`,
)}</table>`;
}

function timeline(locale: Locale, incident: IncidentView): Html {
  const t = pageStrings(locale);
  return html`<h2>${t.timeline}</h2><table>
${incident.timeline.map(
  (e) =>
    html`<tr><td>${formatUtcSeconds(e.at)}</td><td>${e.kind}</td><td>${e.by}</td><td>${e.text}</td></tr>`,
)}</table>`;
}

/** What both pages read: deps, config, strings, and whether the request is the admin's. */
async function pageContext(c: Context<ConfiguredEnv>) {
  const { deps, config } = c.var;
  const isAdmin = await isAdminPage(c);
  return { deps, config, locale: config.locale, t: pageStrings(config.locale), isAdmin };
}

/** The sign-in form, 401, for a browser without a session; it returns here after the login. */
function askToLogIn(c: Context<ConfiguredEnv>): Response | Promise<Response> {
  return c.html(loginPage(c.var.config.locale, new URL(c.req.url).pathname), 401);
}

/**
 * `GET /status` and `GET /status/incidents/:id`: HTML for people. The admin comes with a bearer
 * header or a session cookie from the login form (`POST /status/login`); one incident also
 * opens with `?link=` (a signed link of that incident).
 */
export function statusRoutes(): Hono<ConfiguredEnv> {
  const app = new Hono<ConfiguredEnv>();
  app.route("/", loginRoutes());

  app.get("/status", async (c) => {
    const { deps, config, locale, t, isAdmin } = await pageContext(c);
    if (!isAdmin) return askToLogIn(c);
    // The service list and open incidents come from the ticks' summaries: one call (issue 17 item 5).
    // A large estate's history and recent incidents are on each service's page (STATUS_DETAIL_SERVICES).
    const detailed = config.services.length <= STATUS_DETAIL_SERVICES;
    const [aggregate, recent, windows, history] = await Promise.all([
      deps.state.summaries(),
      detailed ? listIncidents(deps, config, { limit: 20 }) : undefined,
      deps.state.listMaintenance(),
      detailed
        ? historySections(deps, config)
        : html`<p class="muted">${t.perServicePages(STATUS_DETAIL_SERVICES)}</p>`,
    ]);
    const { rows, at } = summaryRows(config, aggregate);
    const open = rows.flatMap((r) =>
      r.summary?.incident && r.summary.incident.status !== "resolved" ? [r.summary.incident] : [],
    );
    // Issue 14: the diagnostics summary of the first open incidents under the list (bounded: a
    // mass outage must not turn one view into a call per service).
    const withDiagnostics = open.slice(0, STATUS_DETAIL_SERVICES);
    const snapshots = await Promise.all(
      withDiagnostics.map((i) => deps.monitor(i.serviceId).diagnostics(i.id)),
    );
    return c.html(
      page(
        locale,
        t.statusTitle,
        html`<h1>${t.statusTitle}</h1><p class="muted">${formatUtcSeconds(deps.now())}</p>
<h2>${t.services}</h2><p class="muted">${t.listAsOf(at === undefined ? undefined : formatUtcSeconds(at))}</p>${servicesTable(locale, rows)}
<h2>${t.openIncidents}</h2>${incidentsTable(locale, open)}${withDiagnostics.map((i, n) => html`<p>${i.id}</p>${diagnosticsSummary(snapshots[n])}`)}
${recent ? html`<h2>${t.recent}</h2>${incidentsTable(locale, recent)}` : ""}
<h2>${t.maintenance}</h2>${maintenanceTable(locale, windows)}
${history}`,
      ),
    );
  });

  // One service's history, SLA and incident time line: 3 calls to its object, whatever the estate.
  app.get("/status/services/:id", async (c) => {
    const { deps, config, locale, t, isAdmin } = await pageContext(c);
    if (!isAdmin) return askToLogIn(c);
    const service = config.services.find((s) => s.id === c.req.param("id"));
    if (!service) throw new HttpError("not_found", `no service ${c.req.param("id")} in the config`);
    const history = await historySections(deps, { ...config, services: [service] });
    return c.html(
      page(
        locale,
        t.serviceTitle(service.name),
        html`<h1>${t.serviceTitle(service.name)}</h1><p><a href="/status">${t.statusTitle}</a></p>${history}`,
      ),
    );
  });

  app.get("/status/incidents/:id", async (c) => {
    const { deps, config, locale, t, isAdmin } = await pageContext(c);
    const id = c.req.param("id");
    const link = c.req.query("link");
    let noteToken: string | undefined;
    let level: Level = "L1";
    if (!isAdmin) {
      if (!link) return askToLogIn(c);
      const claims = await verifiedLink(c, link);
      // A link opens only its own incident.
      if (claims.i !== id) throw new LinkError("bad_signature");
      level = claims.l;
      if (claims.a === "note") noteToken = link;
    }
    const incident = await findIncident(deps, config, id);
    const back = isAdmin ? html`<p><a href="/status">← ${t.statusTitle}</a></p>` : "";
    const snapshot = await deps.monitor(incident.serviceId).diagnostics(incident.id);
    const live = incident.status !== "resolved";
    const restart = await restartLink(config, incident, level, deps.secrets.linkKey, deps.now());
    const note = noteToken ? html`<p><a href="/a/${noteToken}">${t.submit.note}</a></p>` : "";
    return c.html(
      page(
        locale,
        `${t.incident} ${incident.id}`,
        html`${back}<h1>${t.incident} ${incident.id}</h1>${incidentSummary(locale, incident)}${note}${restart}${diagnosticsSection(locale, incident.id, snapshot, isAdmin && live)}${timeline(locale, incident)}`,
      ),
    );
  });

  // Issue 14: the admin asks the agent for a fresh snapshot; back to the incident page.
  app.post("/status/incidents/:id/diagnostics", async (c) => {
    const { deps, config, isAdmin } = await pageContext(c);
    if (!isAdmin) return askToLogIn(c);
    const id = c.req.param("id");
    await deps.monitor(serviceOf(config, id).id).refreshDiagnostics(id);
    return c.redirect(`/status/incidents/${encodeURIComponent(id)}`, 303);
  });

  return app;
}
