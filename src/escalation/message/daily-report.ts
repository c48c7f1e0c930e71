import type { Finding, ProbeResult, Severity } from "../../checks/types";
import { formatUtc, formatUtcDate } from "../../time-format";
import type { IncidentView, SlaBreach } from "../types";
import { type CheckLine, checklist } from "./daily-checklist";
import { DAILY } from "./daily-strings";
import { strings } from "./locales";
import { describeFinding } from "./model";
import { TELEGRAM_LIMIT } from "./render-telegram";
import { escapeHtml, escapeTelegram, oneLineTruncated, truncate } from "./text";
import type { Locale } from "./types";

/** One service in the daily report. */
export interface DailyService {
  name: string;
  lastProbe?: ProbeResult;
  openIncident?: IncidentView;
}

/** An SLA breach listed in the daily report. */
export interface ReportBreach {
  serviceName: string;
  incidentId: string;
  severity: Severity;
  breach: SlaBreach;
}

/** What the daily report is built from. */
export interface DailyReportInput {
  services: DailyService[];
  /** P4 findings keyed by service name. */
  p4: Record<string, Finding[]>;
  slaBreaches: ReportBreach[];
  /** When the report is made, epoch milliseconds; its UTC date is the title. */
  date: number;
}

/** The daily report for Telegram and email. */
export interface RenderedReport {
  subject: string;
  telegramHtml: string;
  text: string;
  html: string;
}

interface Block {
  name: string;
  problem: boolean;
  lines: CheckLine[];
}

interface ReportModel {
  title: string;
  blocks: Block[];
  sections: { title: string; items: string[] }[];
}

const MARK: Record<CheckLine["mark"], string> = { ok: "✅", warn: "⚠️", fail: "❌", none: "➖" };

function buildReport(input: DailyReportInput, locale: Locale): ReportModel {
  const d = DAILY[locale];
  const t = strings(locale);
  const item = (s: string) => oneLineTruncated(s, 300);
  const blocks = input.services.map((s): Block => {
    const lines = checklist(s.lastProbe, d);
    const problem = lines.some((l) => l.mark === "fail" || l.mark === "warn") || s.openIncident !== undefined;
    return { name: item(s.name), problem, lines };
  });
  const incidents = input.services.flatMap((s) => {
    const i = s.openIncident;
    if (!i) return [];
    return [item(`[${i.severity}] ${s.name}: ${t.status[i.status]}, ${formatUtc(i.openedAt)} (${i.id})`)];
  });
  const breaches = input.slaBreaches.map((b) =>
    item(
      `[${b.severity}] ${b.serviceName}: ${t.clock[b.breach.kind]} ${formatUtc(b.breach.at)} (${b.incidentId})`,
    ),
  );
  const p4 = Object.entries(input.p4).flatMap(([name, fs]) =>
    fs.map((f) => item(`${name}: ${describeFinding(f, t)}`)),
  );
  const orNone = (items: string[]) => (items.length > 0 ? items : [d.none]);
  return {
    title: d.title(formatUtcDate(input.date)),
    blocks,
    sections: [
      { title: d.openIncidents, items: orNone(incidents) },
      { title: d.slaBreaches, items: orNone(breaches) },
      { title: d.p4, items: orNone(p4) },
    ],
  };
}

interface Detail {
  /** Show healthy services' full checklists (else one line each, or only a count). */
  okServices: "full" | "line" | "count";
  maxItems: number;
  line: number;
}

const DETAILS: readonly Detail[] = [
  { okServices: "full", maxItems: 50, line: 300 },
  { okServices: "line", maxItems: 20, line: 200 },
  { okServices: "count", maxItems: 10, line: 120 },
  { okServices: "count", maxItems: 5, line: 80 },
  { okServices: "count", maxItems: 2, line: 60 },
];

function telegram(m: ReportModel, locale: Locale, det: Detail): string {
  const d = DAILY[locale];
  const esc = (s: string) => escapeTelegram(truncate(s, det.line));
  const out: string[] = [`<b>${esc(m.title)}</b>`];
  const problems = m.blocks.filter((b) => b.problem);
  const ok = m.blocks.filter((b) => !b.problem);
  const shownProblems = problems.slice(0, det.maxItems);
  const shownOk =
    det.okServices === "count" ? [] : ok.slice(0, Math.max(0, det.maxItems - shownProblems.length));
  for (const b of shownProblems) {
    out.push("", `<b>${esc(b.name)}</b>`);
    for (const l of b.lines) out.push(`${MARK[l.mark]} ${esc(`${l.label}: ${l.value}`)}`);
  }
  if (shownOk.length > 0) out.push("");
  for (const b of shownOk) {
    if (det.okServices === "line") out.push(`✅ <b>${esc(b.name)}</b>: ${esc(d.allOk)}`);
    else
      out.push(
        `<b>${esc(b.name)}</b>`,
        ...b.lines.map((l) => `${MARK[l.mark]} ${esc(`${l.label}: ${l.value}`)}`),
        "",
      );
  }
  const hiddenProblems = problems.length - shownProblems.length;
  const hiddenOk = ok.length - shownOk.length;
  if (hiddenProblems > 0) out.push("", esc(d.more(hiddenProblems)));
  if (hiddenOk > 0) out.push("", esc(d.okCount(hiddenOk)));
  for (const s of m.sections) {
    out.push("", `<b>${esc(s.title)}:</b>`, ...s.items.slice(0, det.maxItems).map((i) => `• ${esc(i)}`));
    if (s.items.length > det.maxItems) out.push(esc(d.more(s.items.length - det.maxItems)));
  }
  return out.join("\n");
}

function text(m: ReportModel): string {
  const out: string[] = [m.title];
  for (const b of m.blocks) {
    out.push("", b.name, ...b.lines.map((l) => `  ${MARK[l.mark]} ${l.label}: ${l.value}`));
  }
  for (const s of m.sections) out.push("", `${s.title}:`, ...s.items.map((i) => `- ${i}`));
  return `${out.join("\n")}\n`;
}

function html(m: ReportModel, locale: Locale): string {
  const esc = escapeHtml;
  let body = `<h2>${esc(m.title)}</h2>`;
  for (const b of m.blocks) {
    body += `<h3>${esc(b.name)}</h3><ul>${b.lines.map((l) => `<li>${MARK[l.mark]} ${esc(`${l.label}: ${l.value}`)}</li>`).join("")}</ul>`;
  }
  for (const s of m.sections) {
    body += `<h3>${esc(s.title)}</h3><ul>${s.items.map((i) => `<li>${esc(i)}</li>`).join("")}</ul>`;
  }
  return `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>${esc(m.title)}</title></head><body>${body}</body></html>`;
}

/** The runbook's daily checklist per service, open incidents, SLA breaches and P4 items. */
export function renderDailyReport(input: DailyReportInput, locale: Locale = "ru"): RenderedReport {
  const m = buildReport(input, locale);
  let tg = "";
  for (const det of DETAILS) {
    tg = telegram(m, locale, det);
    if (tg.length <= TELEGRAM_LIMIT) break;
  }
  if (tg.length > TELEGRAM_LIMIT) tg = `<b>${escapeTelegram(m.title)}</b>`;
  return { subject: m.title.replace(/^\S+\s/, ""), telegramHtml: tg, text: text(m), html: html(m, locale) };
}
