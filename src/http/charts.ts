import { html } from "hono/html";
import type { Severity } from "../checks/types";
import type { Locale } from "../escalation/message";
import type { IncidentView } from "../escalation/types";
import { DAY_MS, type DayCell, type HistorySummary, HOUR_MS, latencyOf, uptimeOf } from "../history";
import { formatUtcDate, formatUtcSeconds } from "../time-format";
import { historyStrings, percent } from "./history-strings";
import type { Html } from "./layout";

/** How a day or an incident is drawn: colour and a pattern, so it reads without colour too. */
type Look = Severity | "up" | "none";

const FILL: Record<Look, string> = {
  P1: "url(#h-P1)",
  P2: "url(#h-P2)",
  P3: "url(#h-P3)",
  P4: "#7cb342",
  up: "#2e7d32",
  none: "#fff",
};

/**
 * Patterns shared by every chart of a page, drawn once: P1 cross-hatched dark red, P2 striped
 * orange, P3 dotted ochre; a day up is solid green, a day without data is white with a border.
 */
export function chartDefs(): Html {
  return html`<svg width="0" height="0" aria-hidden="true" style="position:absolute"><defs>
<pattern id="h-P1" width="4" height="4" patternUnits="userSpaceOnUse"><rect width="4" height="4" fill="#b00020"/><path d="M0 0L4 4M4 0L0 4" stroke="#fff" stroke-width=".8"/></pattern>
<pattern id="h-P2" width="4" height="4" patternUnits="userSpaceOnUse"><rect width="4" height="4" fill="#c65100"/><path d="M0 4L4 0" stroke="#fff" stroke-width=".8"/></pattern>
<pattern id="h-P3" width="4" height="4" patternUnits="userSpaceOnUse"><rect width="4" height="4" fill="#d4a300"/><circle cx="2" cy="2" r=".8" fill="#fff"/></pattern>
</defs></svg>`;
}

function lookOf(cell: DayCell): Look {
  if (!cell.bucket || cell.bucket.observedMs + cell.bucket.probes === 0) return "none";
  return cell.bucket.worst ?? "up";
}

/** The hover text of one day: its date, both uptimes, probes and latency, or "no data". */
function dayTitle(locale: Locale, cell: DayCell): string {
  const t = historyStrings(locale);
  const date = formatUtcDate(cell.start);
  const b = cell.bucket;
  if (!b || lookOf(cell) === "none") return `${date}: ${t.noData}`;
  const u = uptimeOf([b]);
  const l = latencyOf(b);
  const worst = b.worst ? `; ${t.worst[b.worst]}` : "";
  const latency = l ? `; p50 ${l.p50} ms, p95 ${l.p95} ms, ${t.max} ${l.max} ms` : "";
  return `${date}: ${percent(locale, u.byIncidents)} ${t.byIncidents}, ${percent(locale, u.byProbes)} ${t.byProbes}; ${t.probes(b.probes, b.failures)}${latency}${worst}`;
}

const CELL = 6;
const GAP = 2;

/** The 90-day bar: one cell per UTC day, coloured and patterned by the day's worst severity. */
export function uptimeBar(locale: Locale, days: DayCell[], label: string): Html {
  const t = historyStrings(locale);
  const width = days.length * (CELL + GAP);
  return html`<svg class="bar" role="img" aria-label="${label}" width="${width}" height="44" viewBox="0 0 ${width} 44">
${days.map((cell, i) => {
  const look = lookOf(cell);
  return html`<rect class="day ${look}" x="${i * (CELL + GAP)}" y="0" width="${CELL}" height="28" fill="${FILL[look]}" stroke="${look === "none" ? "#999" : "none"}"><title>${dayTitle(locale, cell)}</title></rect>`;
})}
<text x="0" y="42" font-size="10" fill="#555">${t.daysAgo90}</text><text x="${width}" y="42" font-size="10" fill="#555" text-anchor="end">${t.today}</text>
</svg>`;
}

/** The legend under the bars: each look's swatch with its words. */
export function barLegend(locale: Locale): Html {
  const t = historyStrings(locale);
  const items: [Look, string][] = [
    ["up", t.up],
    ["P1", t.worst.P1],
    ["P2", t.worst.P2],
    ["P3", t.worst.P3],
    ["none", t.noData],
  ];
  return html`<p class="legend">${items.map(
    ([look, text]) =>
      html`<svg width="12" height="12" aria-hidden="true"><rect width="12" height="12" fill="${FILL[look]}" stroke="${look === "none" ? "#999" : "none"}"/></svg> ${text} `,
  )}</p>`;
}

const W = 480;
const H = 120;

/** The 48-hour latency line: p50 solid, p95 dashed (told apart without colour), one point per hour. */
export function latencyChart(locale: Locale, summary: HistorySummary, now: number): Html {
  const t = historyStrings(locale);
  const points = summary.latency;
  if (points.length === 0) return html`<p class="muted">${t.noData}</p>`;
  const top = Math.max(...points.map((p) => p.p95), 1);
  const first = Math.floor(now / HOUR_MS) * HOUR_MS - 47 * HOUR_MS;
  const x = (start: number) => Math.round(((start - first) / (47 * HOUR_MS)) * W);
  const y = (ms: number) => Math.round(H - (ms / top) * H);
  const line = (key: "p50" | "p95") => points.map((p) => `${x(p.start)},${y(p[key])}`).join(" ");
  return html`<svg class="latency" role="img" aria-label="${t.latency48}" width="${W + 60}" height="${H + 30}" viewBox="-50 -10 ${W + 60} ${H + 30}">
<line x1="0" y1="${H}" x2="${W}" y2="${H}" stroke="#999"/><line x1="0" y1="0" x2="0" y2="${H}" stroke="#999"/>
<text x="-4" y="4" font-size="10" text-anchor="end">${top} ms</text><text x="-4" y="${H}" font-size="10" text-anchor="end">0</text>
<polyline class="p50" points="${line("p50")}" fill="none" stroke="#1565c0" stroke-width="1.5"/>
<polyline class="p95" points="${line("p95")}" fill="none" stroke="#6a1b9a" stroke-width="1.5" stroke-dasharray="4 3"/>
${points.map((p) => html`<circle cx="${x(p.start)}" cy="${y(p.p95)}" r="2" fill="#6a1b9a"><title>${formatUtcSeconds(p.start)}: ${t.p50} ${p.p50} ms, ${t.p95} ${p.p95} ms, ${t.max} ${p.max} ms</title></circle>`)}
<text x="0" y="${H + 14}" font-size="10">${t.hoursAgo48}</text><text x="${W}" y="${H + 14}" font-size="10" text-anchor="end">${t.now}</text>
</svg><p class="legend">— ${t.p50} · - - ${t.p95}</p>`;
}

/** A span's label beside it: after it on the left half, before it on the right half. */
function label(x0: number, w: number, y: number, text: string): Html {
  const right = x0 > 90 * (CELL + GAP) * 0.5;
  return html`<text x="${right ? x0 - 3 : x0 + w + 3}" y="${y + 10}" font-size="10" text-anchor="${right ? "end" : "start"}">${text}</text>`;
}

/** Incidents of the last 90 days on a time line: a labelled, patterned span each, linked to its page. */
export function incidentTimeline(
  locale: Locale,
  incidents: IncidentView[],
  now: number,
  href: (i: IncidentView) => string,
): Html {
  const t = historyStrings(locale);
  const first = Math.floor(now / DAY_MS) * DAY_MS - 89 * DAY_MS;
  const width = 90 * (CELL + GAP);
  const x = (at: number) => Math.round(Math.max(0, Math.min(width, ((at - first) / (90 * DAY_MS)) * width)));
  const shown = incidents.filter((i) => (i.resolvedAt ?? now) >= first);
  return html`<svg class="timeline" role="img" aria-label="${t.incidentTimeline}" width="${width}" height="${20 + shown.length * 18}" viewBox="0 0 ${width} ${20 + shown.length * 18}">
<text x="0" y="10" font-size="10" fill="#555">${t.daysAgo90}</text><text x="${width}" y="10" font-size="10" fill="#555" text-anchor="end">${t.today}</text>
${shown.map((i, row) => {
  const x0 = x(i.openedAt);
  const w = Math.max(3, x(i.resolvedAt ?? now) - x0);
  const y = 16 + row * 18;
  return html`<a href="${href(i)}"><rect class="incident ${i.severity}" x="${x0}" y="${y}" width="${w}" height="12" fill="${FILL[i.severity]}"><title>${i.id} ${i.severity}: ${formatUtcSeconds(i.openedAt)} – ${formatUtcSeconds(i.resolvedAt)}</title></rect>${label(x0, w, y, `${i.severity} ${i.id}`)}</a>`;
})}
</svg>`;
}
