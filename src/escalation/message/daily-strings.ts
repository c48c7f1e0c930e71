import type { Locale } from "./types";

/** Strings of the daily report, both languages complete. */
export interface DailyStrings {
  title: (date: string) => string;
  health: string;
  agent: string;
  containers: string;
  disk: string;
  memory: string;
  errors: string;
  backup: string;
  redis: string;
  radicale: string;
  monitoring: string;
  noProbe: string;
  noAgent: string;
  noBackup: string;
  notDeployed: string;
  /** Label of the agent's TLS certificates line. */
  tls: string;
  /** A certificate's remaining validity. */
  daysLeft: (n: number) => string;
  allOk: string;
  okCount: (n: number) => string;
  hoursAgo: (h: number) => string;
  bytes: (n: number) => string;
  restarts: (n: number) => string;
  openIncidents: string;
  slaBreaches: string;
  p4: string;
  none: string;
  more: (n: number) => string;
  /** Group headings of a report split over several Telegram messages (issue 17 item 3). */
  groups: { incident: (n: number) => string; attention: (n: number) => string; ok: (n: number) => string };
  /** Page mark of a split report, e.g. "(2/5)". */
  page: (i: number, n: number) => string;
}

/** Daily report strings per language. */
export const DAILY: Record<Locale, DailyStrings> = {
  ru: {
    title: (d) => `📋 Ежедневная проверка ${d} (09:00 МСК)`,
    health: "/health",
    agent: "Агент",
    containers: "Контейнеры",
    disk: "Диск",
    memory: "Память",
    errors: "Ошибок в логах за 24 ч",
    backup: "Бэкап",
    redis: "Redis",
    radicale: "Radicale",
    monitoring: "Мониторинг",
    noProbe: "нет данных проверки",
    noAgent: "агент не настроен",
    noBackup: "бэкапы не найдены",
    notDeployed: "не развернут",
    tls: "TLS",
    daysLeft: (n) => (n < 0 ? `истёк ${-n} дн. назад` : `осталось ${n} дн.`),
    allOk: "всё в порядке",
    okCount: (n) => `Ещё ${n} сервис(ов) без замечаний`,
    hoursAgo: (h) => `${Math.round(h * 10) / 10} ч назад`,
    bytes: (n) => `${n} байт`,
    restarts: (n) => `рестартов: ${n}`,
    openIncidents: "Открытые инциденты",
    slaBreaches: "Нарушения SLA",
    p4: "P4 (к сведению)",
    none: "нет",
    more: (n) => `… и ещё ${n}`,
    groups: {
      incident: (n) => `🚨 С открытым инцидентом: ${n}`,
      attention: (n) => `⚠️ Требуют внимания: ${n}`,
      ok: (n) => `✅ Без замечаний: ${n}`,
    },
    page: (i, n) => `(${i}/${n})`,
  },
  en: {
    title: (d) => `📋 Daily check ${d}`,
    health: "/health",
    agent: "Agent",
    containers: "Containers",
    disk: "Disk",
    memory: "Memory",
    errors: "Errors in logs over 24 h",
    backup: "Backup",
    redis: "Redis",
    radicale: "Radicale",
    monitoring: "Monitoring",
    noProbe: "no probe data",
    noAgent: "no agent configured",
    noBackup: "no backups found",
    notDeployed: "not deployed",
    tls: "TLS",
    daysLeft: (n) => (n < 0 ? `expired ${-n} days ago` : `${n} days left`),
    allOk: "all good",
    okCount: (n) => `${n} more service(s) without findings`,
    hoursAgo: (h) => `${Math.round(h * 10) / 10} h ago`,
    bytes: (n) => `${n} bytes`,
    restarts: (n) => `restarts: ${n}`,
    openIncidents: "Open incidents",
    slaBreaches: "SLA breaches",
    p4: "P4 (for information)",
    none: "none",
    more: (n) => `… and ${n} more`,
    groups: {
      incident: (n) => `🚨 With an open incident: ${n}`,
      attention: (n) => `⚠️ Need attention: ${n}`,
      ok: (n) => `✅ Without findings: ${n}`,
    },
    page: (i, n) => `(${i}/${n})`,
  },
};
