import { html } from "hono/html";
import type { Locale } from "../escalation/message";
import type { StoredDiagnostics } from "../monitor/diagnostics-entry";
import { formatUtcSeconds } from "../time-format";
import type { Html } from "./layout";

const WORDS = {
  ru: {
    title: "Диагностика с сервера",
    none: "Снимка нет.",
    unavailable: "Снимок недоступен",
    refresh: "Снять снимок заново",
    containers: "Контейнеры",
    log: "Последние строки лога",
    memory: "Память",
    disk: "Диск",
    deps: "Зависимости (P2)",
    truncated: "старые строки отброшены (лимит 16 КиБ)",
  },
  en: {
    title: "Diagnostics from the server",
    none: "No snapshot.",
    unavailable: "Snapshot unavailable",
    refresh: "Take a fresh snapshot",
    containers: "Containers",
    log: "Last log lines",
    memory: "Memory",
    disk: "Disk",
    deps: "Dependencies (P2)",
    truncated: "older lines dropped (16 KiB cap)",
  },
} as const;

const err = (v: unknown): v is { error: string } => typeof v === "object" && v !== null && "error" in v;

/** The snapshot's summary lines, for the status page's list of open incidents. */
export function diagnosticsSummary(d: StoredDiagnostics | undefined): Html {
  if (!d) return html``;
  if (!d.ok) return html`<div class="muted">${d.reason}</div>`;
  return html`<pre>${d.summary.join("\n")}</pre>`;
}

/** The whole snapshot for the incident page, with the admin's "take a fresh one" button. */
export function diagnosticsSection(
  locale: Locale,
  incidentId: string,
  d: StoredDiagnostics | undefined,
  canRefresh: boolean,
): Html {
  const w = WORDS[locale];
  const refresh = canRefresh
    ? html`<form method="post" action="/status/incidents/${encodeURIComponent(incidentId)}/diagnostics"><button>${w.refresh}</button></form>`
    : "";
  if (!d) return html`<h2>${w.title}</h2><p class="muted">${w.none}</p>${refresh}`;
  const when = html`<p class="muted">${formatUtcSeconds(d.at)} · ${d.trigger}</p>`;
  if (!d.ok) return html`<h2>${w.title}</h2>${when}<p class="P2">${w.unavailable}: ${d.reason}</p>${refresh}`;
  const s = d.snapshot;
  const containers = err(s.containers)
    ? html`<p class="P2">${s.containers.error}</p>`
    : html`<table>${s.containers.map((c) => html`<tr><td>${c.name}</td><td>${c.status ?? c.state}</td><td>${c.restartCount}</td></tr>`)}</table>`;
  const log = err(s.logs)
    ? html`<p class="P2">${s.logs.error}</p>`
    : html`<pre>${s.logs.lines.join("\n")}</pre>${s.logs.truncated ? html`<p class="muted">${w.truncated}</p>` : ""}`;
  const memory = err(s.memory) ? s.memory.error : `${s.memory.usedPercent} %`;
  const disk = err(s.disks) ? s.disks.error : s.disks.map((x) => `${x.mount} ${x.usedPercent} %`).join(", ");
  const deps = s.dependencies
    ? html`<h3>${w.deps}</h3><pre>${JSON.stringify(s.dependencies, null, 2)}</pre>`
    : "";
  return html`<h2>${w.title}</h2>${when}<pre>${d.summary.join("\n")}</pre>
<h3>${w.containers}</h3>${containers}<p>${w.memory}: ${memory} · ${w.disk}: ${disk}</p>${deps}
<h3>${w.log}</h3>${log}${refresh}`;
}
