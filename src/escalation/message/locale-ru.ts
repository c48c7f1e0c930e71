import type { Finding } from "../../checks/types";
import { pathEnds } from "../../checks/vantage";
import type { Strings } from "./strings";

const n = (v: number | undefined) => (v === undefined ? "?" : String(Math.round(v * 10) / 10));
const over = (f: Finding, unit: string) =>
  f.threshold === undefined ? "" : ` (порог ${n(f.threshold)}${unit})`;
const who = (f: Finding, fallback: string) => f.subject ?? fallback;

function duration(ms: number): string {
  const min = Math.max(0, Math.round(ms / 60_000));
  if (min < 1) return "меньше минуты";
  const d = Math.floor(min / 1440);
  const h = Math.floor((min % 1440) / 60);
  const m = min % 60;
  return [d ? `${d} д` : "", h ? `${h} ч` : "", m ? `${m} мин` : ""].filter(Boolean).join(" ");
}

/** Russian, the runbook's language and the default. */
export const ru: Strings = {
  severityName: { P1: "Critical", P2: "Major", P3: "Minor", P4: "Low" },
  kind: {
    page: "Новый инцидент",
    escalation: "Эскалация",
    reminder: "Напоминание: инцидент не подтверждён",
    severity_raised: "Критичность повышена",
    reopened: "Инцидент открыт повторно",
    acknowledged: "Инцидент подтверждён",
    resolved: "Инцидент решён",
    sla_breach: "Нарушение SLA",
    delivery_failed: "Уведомление не доставлено",
    watchdog_gap: "Watchdog пропустил проверки",
    daily_report: "Ежедневный отчёт",
    weekly_report: "Еженедельный отчёт по SLA",
    diagnostics: "Диагностика с сервера",
    remediation: "Перезапуск",
  },
  status: { open: "Открыт, не подтверждён", acknowledged: "В работе", resolved: "Решён" },
  timeline: {
    opened: "Открыт",
    reopened: "Открыт повторно",
    finding: "Обнаружено",
    finding_cleared: "Восстановлено",
    notified: "Уведомление",
    notify_failed: "Уведомление не доставлено",
    acknowledged: "Подтверждён",
    note: "Заметка",
    escalated: "Эскалация",
    reminder: "Напоминание",
    severity_raised: "Критичность повышена",
    severity_lowered: "Критичность понижена",
    sla_breach: "Нарушение SLA",
    postmortem: "Постмортем",
    maintenance: "Обслуживание",
    version_changed: "Новая версия",
    resolved: "Решён",
  },
  finding: {
    health_down: () => "/health не отвечает",
    health_and_agent_down: () => "Недоступны и /health, и агент на сервере",
    app_container_down: (f) => `Контейнер приложения ${who(f, "telegram-bot")} не запущен`,
    app_restart_loop: (f) =>
      `Контейнер ${who(f, "telegram-bot")} перезапускается в цикле (рестартов: ${n(f.value)})`,
    dependency_container_down: (f) => `Контейнер зависимости ${who(f, "?")} не запущен`,
    redis_down: () => "Redis не отвечает PONG",
    radicale_down: () => "Radicale (CalDAV) недоступен",
    database_locked: (f) => `"database is locked" в логах за 24 ч: ${n(f.value)}`,
    health_slow: (f) => `/health отвечает медленно: ${n(f.value)} мс${over(f, " мс")}`,
    network_path: (f) =>
      `/health доступен из ${pathEnds(f).from}, но не из ${pathEnds(f).to}: проблема сетевого пути`,
    disk_critical: (f) => `Диск ${who(f, "/")} заполнен на ${n(f.value)}%${over(f, "%")}`,
    memory_high: (f) => `Память занята на ${n(f.value)}%${over(f, "%")}`,
    disk_high: (f) => `Диск ${who(f, "/")} заполнен на ${n(f.value)}%${over(f, "%")}`,
    log_errors: (f) => `Ошибок в логах за 24 ч: ${n(f.value)}${over(f, "")}`,
    backup_stale: (f) => `Последний бэкап сделан ${n(f.value)} ч назад${over(f, " ч")}`,
    backup_missing: () => "Бэкапы не найдены",
    backup_small: (f) => `Бэкап подозрительно мал: ${n(f.value)} байт${over(f, " байт")}`,
    monitoring_down: (f) => `${who(f, "Мониторинг")} недоступен`,
    agent_unreachable: () => "Агент watchdog на сервере недоступен",
    version_changed: (f) => `Версия приложения изменилась${f.subject ? `: ${f.subject}` : ""}`,
    clock_skew: (f) => `Часы приложения расходятся с watchdog на ${duration(f.value ?? 0)}`,
    http_check_failed: (f) => `HTTP-проверка ${who(f, "?")} не прошла`,
    http_check_slow: (f) => `HTTP-проверка ${who(f, "?")} медленная: ${n(f.value)} мс${over(f, " мс")}`,
    tcp_check_failed: (f) => `TCP-проверка ${who(f, "?")} не прошла`,
    dns_check_failed: (f) => `DNS-проверка ${who(f, "?")} не прошла`,
    heartbeat_missed: (f) => `Heartbeat ${who(f, "?")} не отметился вовремя`,
    heartbeat_failed: (f) => `Heartbeat ${who(f, "?")} сообщил о сбое`,
    tls_expiring: (f) => `TLS-сертификат ${who(f, "?")} истекает через ${n(f.value)} дн.`,
    tls_invalid: (f) => `TLS-сертификат ${who(f, "?")} недействителен`,
  },
  label: {
    severity: "Критичность",
    service: "Сервис",
    time: "Время",
    incident: "Инцидент",
    level: "Уровень",
    status: "Текущий статус",
    duration: "Длительность",
    symptoms: "Симптомы",
    actions: "Действия предприняты",
    needed: "Требуется",
    sla: "SLA",
    runbook: "Runbook",
    noSymptoms: "Активных проблем нет",
    details: "Подробности",
  },
  button: {
    acknowledge: "✋ Подтвердить",
    resolve: "✅ Решено",
    open: "🔎 Открыть",
    restart: "🔄 Перезапустить бота",
  },
  omittedActions: (k) => `… и ещё ${k} более ранних записей`,
  omittedSymptoms: (k) => `… и ещё ${k}`,
  duration,
  autoChecks: "Автоматические проверки watchdog: сбой подтверждён повторными проверками",
  need: {
    acknowledge: (by) => `Подтвердить получение (кнопка «Подтвердить»)${by ? ` до ${by}` : ""}`,
    diagnose: "Провести диагностику по разделу runbook ниже",
    takeOver: "Инцидент не подтверждён вовремя: взять его на себя",
    resolve: (by) => `Устранить причину и отметить «Решено»${by ? ` (срок ${by})` : ""}`,
    postmortem: { required: "Постмортем обязателен", recommended: "Постмортем рекомендован" },
    nothing: "Действий не требуется",
    checkChannel: (f) => `Проверить канал ${f.channel} и контакт уровня ${f.level}`,
    watchdogGap: "Проверить cron-триггер и журнал воркера watchdog (wrangler tail)",
    slaBreached: "SLA нарушен: при отсутствии прогресса эскалировать",
  },
  clock: { respond: "Реакция", resolve: "Решение" },
  sla: {
    due: (c, at, left) => `${c}: до ${at} (осталось ${left})`,
    met: (c, at, took) => `${c}: выполнено в ${at} (за ${took})`,
    missed: (c, deadline, late) => `${c}: НАРУШЕНО, срок ${deadline}, просрочено на ${late}`,
    backlog: (c) => `${c}: без срока (backlog)`,
    breaches: (list) => `Зафиксированные нарушения: ${list}`,
  },
  failure: (f) => `Не доставлено уровню ${f.level} через ${f.channel}: ${f.reason} (${f.detail})`,
  gap: {
    title: "Пропуск проверок watchdog",
    text: (minutes, since) =>
      `Cron-проверки не выполнялись ${minutes} мин (с ${since}). Всё, что произошло за это время, могло пройти незамеченным.`,
  },
  diagnostics: { title: "Диагностика", unavailable: "снимок недоступен", more: "Полный снимок" },
  remediation: {
    action: { "restart-app": "Перезапуск бота", "restart-stack": "Полный перезапуск" },
    healthy: (a, by, at, s) => `${a}: ${by}, ${at}: /health снова здоров через ${s} с`,
    checksPassing: (a, by, at, s) => `${a}: ${by}, ${at}: проверки снова проходят через ${s} с`,
    stillFailing: (a, by, at, detail) => `${a}: ${by}, ${at}: всё ещё не работает (${detail})`,
    fullRestart: "🔁 Полный перезапуск",
    open: "Инцидент",
  },
};
