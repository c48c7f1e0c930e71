import { type Context, Hono } from "hono";
import { html } from "hono/html";
import type { Config, Service } from "../config/schema";
import type { Locale } from "../escalation/message";
import type { IncidentView, TimelineKind } from "../escalation/types";
import type { HistorySummary } from "../history";
import type { ServiceSnapshot } from "../monitor/api";
import { formatUtc } from "../time-format";
import { barLegend, chartDefs, uptimeBar } from "./charts";
import type { HttpEnv } from "./deps";
import { HttpError } from "./errors";
import { summaries } from "./history-page";
import { historyStrings, percent } from "./history-strings";
import { type Html, page } from "./layout";
import { serviceRows } from "./queries";

/** What the public sees of a service: one of four words, never why. */
export type PublicState = "operational" | "degraded" | "down" | "maintenance";

/** A service's public state from its snapshot: maintenance first, then the open incident's severity. */
export function publicState(snapshot: ServiceSnapshot | undefined): PublicState {
  if (snapshot?.maintenance) return "maintenance";
  const incident = snapshot?.incident;
  if (incident && incident.status !== "resolved") return incident.severity === "P1" ? "down" : "degraded";
  return "operational";
}

/**
 * The timeline kinds an ongoing incident shows publicly, each as a fixed phrase with its time:
 * never the entry's text (findings, hosts), its author or any link.
 */
const PUBLIC_UPDATES: Partial<Record<TimelineKind, Record<Locale, string>>> = {
  opened: { en: "Investigating a problem", ru: "Выясняем причину сбоя" },
  reopened: { en: "The problem is back", ru: "Сбой повторился" },
  acknowledged: { en: "The team is working on it", ru: "Команда занимается проблемой" },
  severity_raised: { en: "The impact grew", ru: "Последствия серьёзнее" },
  severity_lowered: { en: "The impact is smaller", ru: "Последствия меньше" },
  resolved: { en: "Resolved", ru: "Решено" },
};

const STATE_COLOUR: Record<PublicState, string> = {
  operational: "#2e7d32",
  degraded: "#c65100",
  down: "#b00020",
  maintenance: "#1565c0",
};

function ongoing(locale: Locale, incident: IncidentView): Html {
  const t = historyStrings(locale);
  const updates = incident.timeline.flatMap((e) => {
    const phrase = PUBLIC_UPDATES[e.kind]?.[locale];
    return phrase ? [{ at: e.at, phrase }] : [];
  });
  return html`<div class="ongoing"><p><strong>${t.ongoing}</strong>: ${t.worst[incident.severity]}, ${formatUtc(incident.openedAt)}</p>
<h4>${t.updates}</h4><ul>${updates.reverse().map((u) => html`<li>${formatUtc(u.at)} — ${u.phrase}</li>`)}</ul></div>`;
}

function serviceBlock(
  locale: Locale,
  service: Service,
  snapshot: ServiceSnapshot | undefined,
  summary: HistorySummary | undefined,
): Html {
  const t = historyStrings(locale);
  const state = publicState(snapshot);
  const incident =
    snapshot?.incident && snapshot.incident.status !== "resolved" ? snapshot.incident : undefined;
  return html`<section class="public-service"><h2>${service.name} <span class="state ${state}" style="color:${STATE_COLOUR[state]}">● ${t.publicState[state]}</span></h2>
${summary ? html`<p>${percent(locale, summary.uptime["90d"].byIncidents)} ${t.last90}</p>${uptimeBar(locale, summary.days, `${service.name}: ${t.uptime90}`)}` : html`<p class="muted">${t.noData}</p>`}
${incident ? ongoing(locale, incident) : ""}</section>`;
}

/** The public configuration, or a 404 as if the page did not exist. */
function enabled(c: Context<HttpEnv>): Config {
  const config = c.var.deps.config;
  if (!config?.publicStatus.enabled) throw new HttpError("not_found", "no public status page");
  return config;
}

/** Headers of every public response: cacheable by a CDN for a short while, script-free. */
function publicHeaders(c: Context<HttpEnv>, config: Config): void {
  const maxAge = config.publicStatus.maxAge;
  c.header("Cache-Control", `public, max-age=${maxAge}, stale-while-revalidate=${maxAge * 5}`);
  c.header("X-Content-Type-Options", "nosniff");
  c.header("Referrer-Policy", "no-referrer");
  c.header(
    "Content-Security-Policy",
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  );
}

function publicServices(config: Config): Service[] {
  return config.publicStatus.services.flatMap((id) => config.services.filter((s) => s.id === id));
}

/** The public page's HTML: each listed service's name, state, 90-day bar and ongoing incident. */
export async function publicPage(c: Context<HttpEnv>, config: Config): Promise<Html> {
  const { deps } = c.var;
  const services = publicServices(config);
  const shown = { ...config, services };
  const [rows, sums] = await Promise.all([serviceRows(deps, shown), summaries(deps, services)]);
  const locale = config.locale;
  return page(
    locale,
    config.publicStatus.title,
    html`<h1>${config.publicStatus.title}</h1>${chartDefs()}
${rows.map((row, i) => serviceBlock(locale, row.service, row.snapshot, sums[i]))}
${barLegend(locale)}`,
  );
}

/** A README badge: the service's 90-day uptime and state, as a small SVG. */
function badge(name: string, state: PublicState, uptime: string): string {
  const text = `${uptime} · ${state}`;
  const left = Math.max(40, name.length * 7 + 10);
  const right = text.length * 7 + 10;
  const esc = (s: string) => s.replace(/[&<>"]/g, (ch) => `&#${ch.charCodeAt(0)};`);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${left + right}" height="20" role="img" aria-label="${esc(`${name}: ${text}`)}"><title>${esc(`${name}: ${text}`)}</title><rect width="${left}" height="20" fill="#555"/><rect x="${left}" width="${right}" height="20" fill="${STATE_COLOUR[state]}"/><g fill="#fff" font-family="Verdana,sans-serif" font-size="11"><text x="5" y="14">${esc(name)}</text><text x="${left + 5}" y="14">${esc(text)}</text></g></svg>`;
}

/** `GET /public` (and `/` when enabled) and `GET /badge/<id>.svg`: no token, off unless `publicStatus.enabled`. */
export function publicRoutes(): Hono<HttpEnv> {
  const app = new Hono<HttpEnv>();
  const serve = async (c: Context<HttpEnv>) => {
    const config = enabled(c);
    publicHeaders(c, config);
    return c.html(await publicPage(c, config));
  };
  app.get("/public", serve);
  app.get("/", serve);
  app.get("/badge/:file", async (c) => {
    const config = enabled(c);
    const file = c.req.param("file");
    const id = file.endsWith(".svg") ? file.slice(0, -4) : "";
    const service = publicServices(config).find((s) => s.id === id);
    if (!service) throw new HttpError("not_found", "no such public service");
    const monitor = c.var.deps.monitor(service.id);
    const [snapshot, summary] = await Promise.all([monitor.snapshot(), monitor.historySummary()]);
    publicHeaders(c, config);
    c.header("Content-Type", "image/svg+xml; charset=utf-8");
    const uptime = percent("en", summary.uptime["90d"].byIncidents).replace(/(\.\d)\d+ %/, "$1%");
    return c.body(badge(service.name, publicState(snapshot), uptime));
  });
  return app;
}
