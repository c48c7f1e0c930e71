import type { Config } from "../../config/schema";
import { strings } from "./locales";
import { escapeHtml, escapeTelegram } from "./text";

/** What the follow-up to a page says about the agent's snapshot. */
export interface DiagnosticsNoticeInput {
  locale: Config["locale"];
  serviceName: string;
  incidentId: string;
  /** The summary lines, or undefined when the agent gave no snapshot. */
  lines?: readonly string[] | undefined;
  /** Why there is no snapshot. */
  unavailable?: string | undefined;
  /** The incident page, where the whole snapshot is. */
  incidentUrl: string;
}

/** The short follow-up that carries a snapshot's summary to everyone the page reached. */
export function renderDiagnosticsNotice(input: DiagnosticsNoticeInput) {
  const w = strings(input.locale).diagnostics;
  const body = input.lines ?? [`${w.unavailable}: ${input.unavailable ?? "?"}`];
  const subject = `${w.title}: ${input.serviceName} (${input.incidentId})`;
  const telegramHtml = [
    `🔎 <b>${escapeTelegram(subject)}</b>`,
    ...body.map((l) => `<code>${escapeTelegram(l)}</code>`),
    `<a href="${escapeTelegram(input.incidentUrl)}">${w.more}</a>`,
  ].join("\n");
  const text = [subject, "", ...body, "", `${w.more}: ${input.incidentUrl}`].join("\n");
  const html = `<p><b>${escapeHtml(subject)}</b></p><pre>${body.map(escapeHtml).join("\n")}</pre><p><a href="${escapeHtml(input.incidentUrl)}">${w.more}</a></p>`;
  return { subject, telegramHtml, text, html };
}
