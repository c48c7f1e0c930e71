import type { Severity } from "../checks/types";
import type { Locale } from "../escalation/message";
import type { WindowName } from "../history";

/** Strings of the history sections and the public page (issue 15), ru and en. */
export interface HistoryStrings {
  history: string;
  uptime90: string;
  latency48: string;
  sla: string;
  incidentTimeline: string;
  noData: string;
  up: string;
  worst: Record<Severity, string>;
  window: Record<WindowName, string>;
  byIncidents: string;
  byProbes: string;
  probes: (n: number, failed: number) => string;
  p50: string;
  p95: string;
  max: string;
  hoursAgo48: string;
  now: string;
  incidents: string;
  mtta: string;
  mttr: string;
  respondOk: string;
  resolveOk: string;
  breaches: string;
  breach: Record<"respond" | "resolve", string>;
  deadline: string;
  noBreaches: string;
  daysAgo90: string;
  today: string;
  publicState: Record<"operational" | "degraded" | "down" | "maintenance", string>;
  ongoing: string;
  updates: string;
  last90: string;
}

const RU: HistoryStrings = {
  history: "История",
  uptime90: "Доступность за 90 дней",
  latency48: "Время ответа за 48 часов",
  sla: "SLA за 30 дней",
  incidentTimeline: "Инциденты за 90 дней",
  noData: "нет данных",
  up: "работал",
  worst: { P1: "P1 — авария", P2: "P2 — сбой", P3: "P3 — предупреждение", P4: "P4 — заметка" },
  window: { "24h": "24 ч", "7d": "7 дн", "30d": "30 дн", "90d": "90 дн" },
  byIncidents: "по инцидентам P1/P2",
  byProbes: "по проверкам",
  probes: (n, failed) => `проверок ${n}, неудачных ${failed}`,
  p50: "медиана",
  p95: "95-й перцентиль",
  max: "максимум",
  hoursAgo48: "48 ч назад",
  now: "сейчас",
  incidents: "Инцидентов",
  mtta: "MTTA",
  mttr: "MTTR",
  respondOk: "Реакция в срок",
  resolveOk: "Решение в срок",
  breaches: "Нарушения SLA",
  breach: { respond: "реакция", resolve: "решение" },
  deadline: "срок",
  noBreaches: "Нарушений нет",
  daysAgo90: "90 дней назад",
  today: "сегодня",
  publicState: {
    operational: "работает",
    degraded: "работает с ограничениями",
    down: "не работает",
    maintenance: "обслуживание",
  },
  ongoing: "Текущий инцидент",
  updates: "Обновления",
  last90: "за 90 дней",
};

const EN: HistoryStrings = {
  history: "History",
  uptime90: "Uptime, last 90 days",
  latency48: "Response time, last 48 hours",
  sla: "SLA, last 30 days",
  incidentTimeline: "Incidents, last 90 days",
  noData: "no data",
  up: "up",
  worst: { P1: "P1 — outage", P2: "P2 — failure", P3: "P3 — warning", P4: "P4 — notice" },
  window: { "24h": "24 h", "7d": "7 d", "30d": "30 d", "90d": "90 d" },
  byIncidents: "by P1/P2 incidents",
  byProbes: "by probes",
  probes: (n, failed) => `${n} probes, ${failed} failed`,
  p50: "median",
  p95: "95th percentile",
  max: "max",
  hoursAgo48: "48 h ago",
  now: "now",
  incidents: "Incidents",
  mtta: "MTTA",
  mttr: "MTTR",
  respondOk: "Acknowledged in time",
  resolveOk: "Resolved in time",
  breaches: "SLA breaches",
  breach: { respond: "respond", resolve: "resolve" },
  deadline: "deadline",
  noBreaches: "No breaches",
  daysAgo90: "90 days ago",
  today: "today",
  publicState: { operational: "operational", degraded: "degraded", down: "down", maintenance: "maintenance" },
  ongoing: "Ongoing incident",
  updates: "Updates",
  last90: "last 90 days",
};

/** The history strings in `locale`. */
export function historyStrings(locale: Locale): HistoryStrings {
  return locale === "en" ? EN : RU;
}

/** A percentage as pages show it: three decimals, or "no data". */
export function percent(locale: Locale, value: number | null): string {
  return value === null ? historyStrings(locale).noData : `${value.toFixed(3)} %`;
}

/** A duration as "1 h 5 min" / "1 ч 5 мин", or "—" for none. */
export function minutes(locale: Locale, ms: number | null): string {
  if (ms === null) return "—";
  const total = Math.round(ms / 60_000);
  const [h, m] = [Math.floor(total / 60), total % 60];
  const [hu, mu] = locale === "en" ? ["h", "min"] : ["ч", "мин"];
  return h > 0 ? `${h} ${hu} ${m} ${mu}` : `${m} ${mu}`;
}
