import { strings } from "./locales";
import { escapeHtml as esc } from "./text";
import type { MessageModel } from "./types";

/** The email's plain-text part, laid out like the runbook's incident template. */
export function renderEmailText(m: MessageModel): string {
  const t = strings(m.locale);
  const upper = (s: string) => s.toLocaleUpperCase(m.locale);
  const out: string[] = [m.headline, ""];
  for (const f of m.facts) out.push(`[${upper(f.label)}: ${f.value}]`);
  if (m.text) out.push("", m.text);
  const block = (title: string, lines: string[], numbered = false) => {
    if (lines.length === 0) return;
    out.push("", `${upper(title)}:`, ...lines.map((l, i) => `${numbered ? `${i + 1}.` : "-"} ${l}`));
  };
  if (m.incidentId !== undefined) {
    const symptoms = m.symptoms.length > 0 ? [...m.symptoms] : [t.label.noSymptoms];
    if (m.symptomsOmitted > 0) symptoms.push(t.omittedSymptoms(m.symptomsOmitted));
    block(t.label.symptoms, symptoms);
    block(t.label.actions, m.actions, true);
  }
  block(t.label.needed, m.needed);
  block(t.label.sla, m.sla);
  for (const r of m.runbook) {
    out.push("", `${upper(t.label.runbook)} ${r.ref}: ${r.title}`);
    if (r.hint) out.push(r.hint);
    out.push(...r.commands.map((c) => `    ${c}`));
  }
  if (m.links.length > 0) out.push("", ...m.links.map((l) => `${l.label}: ${l.url}`));
  return `${out.join("\n")}\n`;
}

function list(title: string, lines: string[], ordered = false): string {
  if (lines.length === 0) return "";
  const tag = ordered ? "ol" : "ul";
  return `<h3>${esc(title)}</h3><${tag}>${lines.map((l) => `<li>${esc(l)}</li>`).join("")}</${tag}>`;
}

/** The email's HTML part: the same model, every field escaped. */
export function renderEmailHtml(m: MessageModel): string {
  const t = strings(m.locale);
  let body = `<h2>${esc(m.headline)}</h2><table>`;
  body += m.facts
    .map((f) => `<tr><th align="left">${esc(f.label)}</th><td>${esc(f.value)}</td></tr>`)
    .join("");
  body += "</table>";
  if (m.text) body += `<p>${esc(m.text)}</p>`;
  if (m.incidentId !== undefined) {
    const symptoms = m.symptoms.length > 0 ? [...m.symptoms] : [t.label.noSymptoms];
    if (m.symptomsOmitted > 0) symptoms.push(t.omittedSymptoms(m.symptomsOmitted));
    body += list(t.label.symptoms, symptoms);
    body += list(t.label.actions, m.actions, true);
  }
  body += list(t.label.needed, m.needed);
  body += list(t.label.sla, m.sla);
  for (const r of m.runbook) {
    body += `<h3>${esc(`${t.label.runbook} ${r.ref}: ${r.title}`)}</h3>`;
    if (r.hint) body += `<p><i>${esc(r.hint)}</i></p>`;
    body += `<pre>${esc(r.commands.join("\n"))}</pre>`;
  }
  if (m.links.length > 0) {
    body += `<p>${m.links.map((l) => `<a href="${esc(l.url)}">${esc(l.label)}</a>`).join(" &nbsp; ")}</p>`;
  }
  return `<!doctype html><html lang="${m.locale}"><head><meta charset="utf-8"><title>${esc(m.subject)}</title></head><body>${body}</body></html>`;
}
