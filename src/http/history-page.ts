import { html } from "hono/html";
import { SEVERITIES } from "../checks/types";
import type { Config, Service } from "../config/schema";
import type { Locale } from "../escalation/message";
import type { IncidentView } from "../escalation/types";
import { DAY_MS, type HistorySummary, type SlaFigures, WINDOWS, type WindowName } from "../history";
import { formatUtcSeconds } from "../time-format";
import { barLegend, chartDefs, incidentTimeline, latencyChart, uptimeBar } from "./charts";
import type { HttpDeps } from "./deps";
import { slaReport } from "./history-api";
import { historyStrings, minutes, percent } from "./history-strings";
import type { Html } from "./layout";
import { listIncidents } from "./queries";

/** Each service's history summary; a service whose object fails shows no history, the rest still do. */
export async function summaries(
  deps: HttpDeps,
  services: readonly Service[],
): Promise<(HistorySummary | undefined)[]> {
  const settled = await Promise.allSettled(services.map((s) => deps.monitor(s.id).historySummary()));
  return settled.map((r) => (r.status === "fulfilled" ? r.value : undefined));
}

/** Uptime over each window, both ways; a row with "no data" where nothing was watched. */
export function uptimeTable(locale: Locale, summary: HistorySummary): Html {
  const t = historyStrings(locale);
  const names = Object.keys(WINDOWS) as WindowName[];
  return html`<table class="uptime"><tr><th></th>${names.map((n) => html`<th>${t.window[n]}</th>`)}</tr>
<tr><td>${t.byIncidents}</td>${names.map((n) => html`<td>${percent(locale, summary.uptime[n].byIncidents)}</td>`)}</tr>
<tr><td>${t.byProbes}</td>${names.map((n) => html`<td>${percent(locale, summary.uptime[n].byProbes)}</td>`)}</tr></table>`;
}

function slaTable(locale: Locale, sla: SlaFigures): Html {
  const t = historyStrings(locale);
  const rows = SEVERITIES.filter((s) => sla.bySeverity[s].incidents > 0);
  const table =
    rows.length === 0
      ? html`<p class="muted">${t.incidents}: 0</p>`
      : html`<table class="sla"><tr><th></th><th>${t.incidents}</th><th>${t.mtta}</th><th>${t.mttr}</th><th>${t.respondOk}</th><th>${t.resolveOk}</th></tr>
${rows.map((s) => {
  const f = sla.bySeverity[s];
  return html`<tr><td class="${s}">${s}</td><td>${f.incidents}</td><td>${minutes(locale, f.mttaMs)}</td><td>${minutes(locale, f.mttrMs)}</td><td>${percent(locale, f.respondCompliance)}</td><td>${percent(locale, f.resolveCompliance)}</td></tr>`;
})}</table>`;
  const breaches =
    sla.breaches.length === 0
      ? html`<p class="muted">${t.noBreaches}</p>`
      : html`<h3>${t.breaches}</h3><ul class="breaches">${sla.breaches.map(
          (b) =>
            html`<li><span class="${b.severity}">${b.severity}</span> <a href="/status/incidents/${encodeURIComponent(b.incidentId)}">${b.incidentId}</a>: ${t.breach[b.kind]}, ${t.deadline} ${formatUtcSeconds(b.deadline)}</li>`,
        )}</ul>`;
  return html`${table}${breaches}`;
}

/** The admin status page's history: per service the windows, the 90-day bar and the latency line; the SLA table; the incident timeline. */
export async function historySections(deps: HttpDeps, config: Config): Promise<Html> {
  const locale = config.locale;
  const t = historyStrings(locale);
  const now = deps.now();
  const [sums, sla, incidents] = await Promise.all([
    summaries(deps, config.services),
    slaReport(deps, config, now - 30 * DAY_MS, now),
    listIncidents(deps, config, { limit: 200 }),
  ]);
  const href = (i: IncidentView) => `/status/incidents/${encodeURIComponent(i.id)}`;
  return html`${chartDefs()}<h2>${t.history}</h2>
${config.services.map((s, i) => {
  const summary = sums[i];
  if (!summary) return html`<h3>${s.name}</h3><p class="muted">${t.noData}</p>`;
  return html`<section class="history" data-service="${s.id}"><h3>${s.name}</h3>${uptimeTable(locale, summary)}
<h4>${t.uptime90}</h4>${uptimeBar(locale, summary.days, `${s.name}: ${t.uptime90}`)}
<h4>${t.latency48}</h4>${latencyChart(locale, summary, now)}</section>`;
})}
${barLegend(locale)}
<h2>${t.sla}</h2>${slaTable(locale, sla)}
<h2>${t.incidentTimeline}</h2>${incidentTimeline(locale, incidents, now, href)}`;
}
