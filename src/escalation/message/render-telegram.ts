import { strings } from "./locales";
import { BUDGETS, type Budget, shrink } from "./shrink";
import { escapeTelegram as esc, truncate } from "./text";
import type { MessageModel } from "./types";

/** Telegram's limit on a message's text. */
export const TELEGRAM_LIMIT = 4096;

function section(title: string, lines: string[], numbered = false): string {
  if (lines.length === 0) return "";
  const items = lines.map((l, i) => `${numbered ? `${i + 1}.` : "•"} ${esc(l)}`);
  return `\n\n<b>${esc(title)}:</b>\n${items.join("\n")}`;
}

function render(m: MessageModel): string {
  const t = strings(m.locale);
  const upper = (s: string) => s.toLocaleUpperCase(m.locale);
  let out = `<b>${esc(m.headline)}</b>\n`;
  out += m.facts.map((f) => `\n<b>${esc(f.label)}:</b> ${esc(f.value)}`).join("");
  if (m.text) out += `\n\n<i>${esc(m.text)}</i>`;
  if (m.incidentId !== undefined) {
    const symptoms = m.symptoms.length > 0 ? [...m.symptoms] : [t.label.noSymptoms];
    if (m.symptomsOmitted > 0) symptoms.push(t.omittedSymptoms(m.symptomsOmitted));
    out += section(upper(t.label.symptoms), symptoms);
    const actions = m.actionsOmitted > 0 ? [t.omittedActions(m.actionsOmitted), ...m.actions] : m.actions;
    out += section(upper(t.label.actions), actions, m.actionsOmitted === 0);
  }
  out += section(upper(t.label.needed), m.needed);
  out += section(t.label.sla, m.sla);
  for (const r of m.runbook) {
    out += `\n\n<b>${esc(`${t.label.runbook} ${r.ref}: ${r.title}`)}</b>`;
    if (r.hint) out += `\n<i>${esc(r.hint)}</i>`;
    if (r.commands.length > 0) out += `\n<pre>${esc(r.commands.join("\n"))}</pre>`;
  }
  return out;
}

/**
 * Telegram HTML (only b, i, pre tags; every field escaped) that never exceeds 4096 characters:
 * the model is shortened budget by budget before escaping, never the rendered HTML.
 */
export function renderTelegram(model: MessageModel, budgets: readonly Budget[] = BUDGETS): string {
  let last = "";
  for (const b of budgets) {
    last = render(shrink(model, b));
    if (last.length <= TELEGRAM_LIMIT) return last;
  }
  // Unreachable with the default budgets; a bare headline is still a valid, useful page.
  return `<b>${esc(truncate(model.headline, 200))}</b>`;
}
