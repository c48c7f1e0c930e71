import { SEVERITIES } from "../../checks/types";
import type { SlaFigures, Uptime } from "../../history";
import { formatUtc, formatUtcDate } from "../../time-format";
import type { IncidentView } from "../types";
import { escapeHtml, escapeTelegram } from "./text";
import type { Locale } from "./types";

/** What the weekly SLA report says: the week's uptime per service, its incidents and SLA. */
export interface WeeklyReportInput {
  from: number;
  to: number;
  services: { name: string; uptime: Uptime }[];
  sla: SlaFigures;
  /** Incidents opened in the week, oldest first. */
  incidents: IncidentView[];
  /** Recent incidents whose postmortem is required or recommended. */
  postmortems: IncidentView[];
}

const WORDS = {
  en: {
    title: (from: string, to: string) => `Weekly SLA report ${from} – ${to}`,
    uptime: "Uptime (by P1/P2 incidents; by probes)",
    noData: "no data",
    incidents: "Incidents",
    none: "none",
    mtta: "MTTA",
    mttr: "MTTR",
    respond: "acknowledged in time",
    resolve: "resolved in time",
    breaches: "SLA breaches",
    postmortems: "Postmortems owed",
    kind: { respond: "respond", resolve: "resolve" },
  },
  ru: {
    title: (from: string, to: string) => `Еженедельный отчёт по SLA ${from} – ${to}`,
    uptime: "Доступность (по инцидентам P1/P2; по проверкам)",
    noData: "нет данных",
    incidents: "Инциденты",
    none: "нет",
    mtta: "MTTA",
    mttr: "MTTR",
    respond: "реакция в срок",
    resolve: "решение в срок",
    breaches: "Нарушения SLA",
    postmortems: "Ожидают постмортема",
    kind: { respond: "реакция", resolve: "решение" },
  },
} as const;

const pct = (v: number | null, none: string) => (v === null ? none : `${v.toFixed(3)} %`);
const mins = (ms: number | null) => (ms === null ? "—" : `${Math.round(ms / 60_000)} min`);

/** The report as lines of plain text; the HTML and Telegram forms wrap the same lines. */
function lines(input: WeeklyReportInput, locale: Locale): { title: string; sections: [string, string[]][] } {
  const w = WORDS[locale];
  const title = w.title(formatUtcDate(input.from), formatUtcDate(input.to - 1));
  const uptime = input.services.map(
    (s) => `${s.name}: ${pct(s.uptime.byIncidents, w.noData)}; ${pct(s.uptime.byProbes, w.noData)}`,
  );
  const bySeverity = SEVERITIES.filter((s) => input.sla.bySeverity[s].incidents > 0).map((s) => {
    const f = input.sla.bySeverity[s];
    return `${s}: ${f.incidents}, ${w.mtta} ${mins(f.mttaMs)}, ${w.mttr} ${mins(f.mttrMs)}, ${w.respond} ${pct(f.respondCompliance, "—")}, ${w.resolve} ${pct(f.resolveCompliance, "—")}`;
  });
  const incidents = input.incidents.map(
    (i) =>
      `${i.id} ${i.severity} ${i.serviceName}: ${formatUtc(i.openedAt)} – ${i.resolvedAt ? formatUtc(i.resolvedAt) : "…"}`,
  );
  const breaches = input.sla.breaches.map(
    (b) => `${b.incidentId} ${b.severity}: ${w.kind[b.kind]}, ${formatUtc(b.deadline)}`,
  );
  const postmortems = input.postmortems.map(
    (i) => `${i.id} ${i.severity} ${i.serviceName} (${i.postmortem})`,
  );
  const orNone = (xs: string[]) => (xs.length > 0 ? xs : [w.none]);
  return {
    title,
    sections: [
      [w.uptime, uptime],
      [w.incidents, orNone([...bySeverity, ...incidents])],
      [w.breaches, orNone(breaches)],
      [w.postmortems, orNone(postmortems)],
    ],
  };
}

/** The weekly SLA report in every channel's form. */
export function renderWeeklyReport(
  input: WeeklyReportInput,
  locale: Locale,
): { subject: string; text: string; html: string; telegramHtml: string } {
  const { title, sections } = lines(input, locale);
  const text = [title, ...sections.flatMap(([h, xs]) => ["", h, ...xs.map((x) => `- ${x}`)])].join("\n");
  const html = `<h1>${escapeHtml(title)}</h1>${sections
    .map(
      ([h, xs]) => `<h2>${escapeHtml(h)}</h2><ul>${xs.map((x) => `<li>${escapeHtml(x)}</li>`).join("")}</ul>`,
    )
    .join("")}`;
  const telegramHtml = `<b>${escapeTelegram(title)}</b>\n${sections
    .map(([h, xs]) => `\n<b>${escapeTelegram(h)}</b>\n${xs.map((x) => `• ${escapeTelegram(x)}`).join("\n")}`)
    .join("\n")}`;
  return { subject: title, text, html, telegramHtml };
}
