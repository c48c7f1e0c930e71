import type { Finding } from "../../checks/types";
import type { Locale, RunbookExcerpt } from "./types";

/** A runbook section as data: the commands are the runbook's own, shortened to the diagnostic core. */
interface RunbookSection {
  /** Where in runbook.md, e.g. "2. P1"; headings print it before the title, so titles never repeat it. */
  ref: string;
  title: Record<Locale, string>;
  hint?: Record<Locale, string>;
  commands: string[];
}

const COMPOSE = "docker-compose -f docker-compose.secure.yml";

/** Sections of `runbook.md` that messages quote, keyed by a short id. */
export const RUNBOOK = {
  p1: {
    ref: "2. P1",
    title: { ru: "Сервис полностью недоступен", en: "Service completely down" },
    hint: {
      ru: "Шаги 1–5: диагностика, рестарт бота, полный рестарт, ресурсы, логи. >15 мин без прогресса — эскалация.",
      en: "Steps 1–5: diagnose, restart the bot, full restart, resources, logs. >15 min without progress: escalate.",
    },
    commands: [
      "cd /root/ai-calendar-assistant/ai-calendar-assistant",
      "docker ps -a",
      "docker logs telegram-bot --tail 50",
      `${COMPOSE} restart telegram-bot`,
      "curl -s http://localhost:8000/health | jq",
      `${COMPOSE} down && ${COMPOSE} up -d`,
      "free -h && df -h",
      "docker logs telegram-bot 2>&1 | tail -100",
    ],
  },
  p2: {
    ref: "2. P2",
    title: { ru: "Частичная деградация", en: "Partial degradation" },
    commands: [
      `${COMPOSE} ps`,
      "docker exec calendar-redis redis-cli ping",
      "docker exec radicale-calendar curl -s http://localhost:5232",
      "docker exec telegram-bot ping -c 3 calendar-redis",
      "docker stats --no-stream telegram-bot",
    ],
  },
  "3.1": {
    ref: "3.1",
    title: { ru: '"database is locked" (SQLite)', en: '"database is locked" (SQLite)' },
    hint: {
      ru: "Несколько процессов пишут в SQLite; если повторяется — включить WAL.",
      en: "Several processes write to SQLite at once; if it recurs, enable WAL mode.",
    },
    commands: [
      "docker exec telegram-bot fuser /app/data/*.db",
      `${COMPOSE} restart telegram-bot`,
      `docker exec telegram-bot python -c "import sqlite3; c=sqlite3.connect('/app/data/calendar.db'); c.execute('PRAGMA journal_mode=WAL;'); c.close()"`,
    ],
  },
  "3.3": {
    ref: "3.3",
    title: { ru: "Memory usage высокий", en: "High memory usage" },
    commands: [
      "free -h",
      "docker stats --no-stream",
      "docker exec telegram-bot top -bn1",
      "docker system prune -f",
      `${COMPOSE} restart telegram-bot`,
    ],
  },
  "3.4": {
    ref: "3.4",
    title: { ru: "Redis connection refused", en: "Redis connection refused" },
    commands: [
      "docker ps | grep redis",
      `${COMPOSE} up -d redis`,
      "docker exec calendar-redis redis-cli ping",
      "docker exec telegram-bot ping -c 3 calendar-redis",
    ],
  },
  "3.5": {
    ref: "3.5",
    title: { ru: "Radicale (CalDAV) недоступен", en: "Radicale (CalDAV) unreachable" },
    commands: [
      "docker ps | grep radicale",
      "docker logs radicale-calendar --tail 20",
      "docker exec telegram-bot curl -s http://radicale:5232",
      `${COMPOSE} restart radicale`,
      "docker volume inspect ai-calendar-assistant_radicale-data",
    ],
  },
  "3.7": {
    ref: "3.7",
    title: { ru: "Контейнер перезапускается в цикле", en: "Container restarting in a loop" },
    hint: {
      ru: "Exit code: 1 — ошибка приложения, 137 — OOM, 139 — segfault.",
      en: "Exit code: 1 application error, 137 killed (OOM), 139 segfault.",
    },
    commands: [
      "docker logs telegram-bot 2>&1 | tail -50",
      "docker inspect telegram-bot --format='{{.State.ExitCode}}'",
      "docker stats telegram-bot",
    ],
  },
  disk: {
    ref: "1.3",
    title: { ru: "Место на диске", en: "Disk space" },
    hint: {
      ru: "Критично: < 10% свободного места. Освободить: docker system prune.",
      en: "Critical below 10% free. Free space with docker system prune.",
    },
    commands: ["df -h /", "docker system prune -f"],
  },
  logs: {
    ref: "1.4",
    title: { ru: "Логи ошибок за 24 часа", en: "Errors in the logs over 24 h" },
    commands: [
      'docker logs telegram-bot --since 24h 2>&1 | grep -i -E "(error|exception|traceback|critical)" | tail -20',
      'docker logs telegram-bot --since 24h 2>&1 | grep -ci "error"',
    ],
  },
  backup: {
    ref: "4.4",
    title: { ru: "Верификация бэкапа", en: "Backup verification" },
    hint: {
      ru: "Бэкап делается в 03:00 (cron); размер не должен быть меньше 1000 байт.",
      en: "The backup runs at 03:00 (cron); it must not be under 1000 bytes.",
    },
    commands: [
      "ls -la /root/backups/calendar/ | tail -5",
      "crontab -l | grep backup",
      "LATEST=$(ls -t /root/backups/calendar/*.tar.gz* | head -1)",
      'tar tzf "$LATEST" > /dev/null && echo "OK: Backup is valid"',
      'stat -c %s "$LATEST"',
    ],
  },
  monitoring: {
    ref: "1.6",
    title: { ru: "Мониторинг (Prometheus / Grafana / Loki)", en: "Monitoring (Prometheus / Grafana / Loki)" },
    commands: [
      "curl -s http://localhost:9090/-/healthy",
      "curl -s http://localhost:3000/api/health",
      "curl -s http://localhost:3100/ready",
    ],
  },
  quick: {
    ref: "Appendix",
    title: { ru: "Быстрая проверка всего", en: "Quick check of everything" },
    commands: ["docker ps && curl -s http://localhost:8000/health | jq && df -h /"],
  },
} satisfies Record<string, RunbookSection>;

/** Ids of the quoted runbook sections. */
export type RunbookId = keyof typeof RUNBOOK;

/** The runbook section that applies to a finding; P4 findings have none. */
export function runbookIdFor(finding: Finding): RunbookId | undefined {
  switch (finding.code) {
    case "health_down":
    case "health_and_agent_down":
    case "app_container_down":
      return "p1";
    case "app_restart_loop":
      return "3.7";
    case "redis_down":
      return "3.4";
    case "radicale_down":
      return "3.5";
    case "dependency_container_down": {
      const subject = (finding.subject ?? "").toLowerCase();
      if (subject.includes("redis")) return "3.4";
      if (subject.includes("radicale")) return "3.5";
      return "p2";
    }
    case "database_locked":
      return "3.1";
    case "memory_high":
      return "3.3";
    case "health_slow":
      return "p2";
    case "disk_critical":
    case "disk_high":
      return "disk";
    case "log_errors":
      return "logs";
    case "backup_stale":
    case "backup_missing":
    case "backup_small":
      return "backup";
    case "monitoring_down":
      return "monitoring";
    case "agent_unreachable":
    case "network_path":
      return "quick";
    case "version_changed":
    case "clock_skew":
    // General checks watch a team's other endpoints, which the runbook does not cover.
    case "http_check_failed":
    case "http_check_slow":
    case "tcp_check_failed":
    case "dns_check_failed":
      return undefined;
    // The runbook's backup section covers the nightly backup, the heartbeat the docs show.
    case "heartbeat_missed":
    case "heartbeat_failed":
      return "backup";
    // Certificates are renewed outside the runbook's sections; the quick check shows the app is up.
    case "tls_expiring":
    case "tls_invalid":
      return "quick";
  }
}

/** The distinct runbook sections for these findings, most severe finding first, in the given language. */
export function runbookExcerpts(findings: readonly Finding[], locale: Locale): RunbookExcerpt[] {
  const ids: RunbookId[] = [];
  for (const f of findings) {
    const id = runbookIdFor(f);
    if (id && !ids.includes(id)) ids.push(id);
  }
  return ids.map((id) => {
    const s: RunbookSection = RUNBOOK[id];
    return {
      ref: s.ref,
      title: s.title[locale],
      ...(s.hint ? { hint: s.hint[locale] } : {}),
      commands: [...s.commands],
    };
  });
}
