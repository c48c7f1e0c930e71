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
  /** A report too long for one Telegram message, in several, grouped by state; `telegramHtml` is the first. */
  telegramPages?: string[];
  text: string;
  html: string;
}

interface Block {
  name: string;
  problem: boolean;
  incident: boolean;
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
    return { name: item(s.name), problem, incident: s.openIncident !== undefined, lines };
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

/** Room for the title and page mark on each page of a split report. */
const PAGE_HEAD = 200;

/**
 * The whole report over as many Telegram messages as it takes, each under the limit: services
 * with an open incident, then those needing attention (each with its checklist), then the rest
 * one line each, then the lists. A page never ends on a group's heading alone.
 */
function telegramPages(m: ReportModel, locale: Locale): string[] {
  const d = DAILY[locale];
  const esc = (s: string) => escapeTelegram(truncate(s, 300));
  const block = (b: Block) =>
    [`<b>${esc(b.name)}</b>`, ...b.lines.map((l) => `${MARK[l.mark]} ${esc(`${l.label}: ${l.value}`)}`)].join(
      "\n",
    );
  const chunks: string[] = [];
  const group = (heading: string, items: string[]) => {
    for (const [i, c] of items.entries()) chunks.push(i === 0 ? `<b>${esc(heading)}</b>\n\n${c}` : c);
  };
  const incident = m.blocks.filter((b) => b.incident);
  const attention = m.blocks.filter((b) => b.problem && !b.incident);
  const ok = m.blocks.filter((b) => !b.problem);
  group(d.groups.incident(incident.length), incident.map(block));
  group(d.groups.attention(attention.length), attention.map(block));
  group(
    d.groups.ok(ok.length),
    ok.map((b) => `✅ ${esc(b.name)}`),
  );
  for (const s of m.sections)
    group(
      `${s.title}:`,
      s.items.map((i) => `• ${esc(i)}`),
    );
  const bodies: string[] = [];
  let current = "";
  for (const c of chunks) {
    const sep = c.startsWith("<b>") ? "\n\n" : "\n";
    const next = current ? `${current}${sep}${c}` : c;
    if (current && next.length > TELEGRAM_LIMIT - PAGE_HEAD) {
      bodies.push(current);
      current = c;
    } else current = next;
  }
  if (current) bodies.push(current);
  return bodies.map(
    (body, i) => `<b>${escapeTelegram(m.title)} ${d.page(i + 1, bodies.length)}</b>\n\n${body}`,
  );
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
  const subject = m.title.replace(/^\S+\s/, "");
  const full = telegram(m, locale, { okServices: "full", maxItems: 50, line: 300 });
  if (full.length <= TELEGRAM_LIMIT && m.blocks.length <= 50)
    return { subject, telegramHtml: full, text: text(m), html: html(m, locale) };
  // Too long for one message: every service, over several (issue 17 item 3), never a title alone.
  const pages = telegramPages(m, locale);
  return {
    subject,
    telegramHtml: pages[0] ?? "",
    telegramPages: pages,
    text: text(m),
    html: html(m, locale),
  };
}
