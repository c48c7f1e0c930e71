import { buildMessage } from "./model";
import { renderEmailHtml, renderEmailText } from "./render-email";
import { renderTelegram } from "./render-telegram";
import type { MessageInput, MessageModel } from "./types";

export { formatUtc } from "../../time-format";
export type { DailyReportInput, DailyService, RenderedReport, ReportBreach } from "./daily-report";
export { renderDailyReport } from "./daily-report";
export { strings } from "./locales";
export { buildMessage, describeFinding } from "./model";
export { renderEmailHtml, renderEmailText } from "./render-email";
export { renderTelegram, TELEGRAM_LIMIT } from "./render-telegram";
export type { RunbookId } from "./runbook";
export { RUNBOOK, runbookExcerpts, runbookIdFor } from "./runbook";
export type { Strings } from "./strings";
export { escapeHtml, escapeTelegram, truncate } from "./text";
export * from "./types";
export { renderWeeklyReport, type WeeklyReportInput } from "./weekly-report";

/** One notification rendered for every channel from one model. */
export interface RenderedMessage {
  model: MessageModel;
  subject: string;
  /** Telegram HTML, at most 4096 characters. */
  telegramHtml: string;
  text: string;
  html: string;
}

/** Builds the model and renders it for Telegram and email. */
export function renderMessage(input: MessageInput): RenderedMessage {
  const model = buildMessage(input);
  return {
    model,
    subject: model.subject,
    telegramHtml: renderTelegram(model),
    text: renderEmailText(model),
    html: renderEmailHtml(model),
  };
}
