import type { LinkAction } from "../escalation/links";
import type { Locale } from "../escalation/message";
import type { IncidentStatus } from "../escalation/types";
import type { HttpErrorCode } from "./errors";

type ErrorText = { title: string; body: string };

/** Every string the HTML pages show; `{by}` / `{at}` are filled by `fill`. */
export interface PageStrings {
  confirmTitle: Record<LinkAction, string>;
  submit: Record<LinkAction, string>;
  done: Record<LinkAction, string>;
  alreadyAcknowledged: string;
  alreadyResolved: string;
  /** A second remediation POST (issue 14 item 3). */
  remediationRunning: string;
  remediationDone: string;
  remediationNoAgent: string;
  /** What the agent said; `{result}` is its detail. */
  remediationResult: { ok: string; failed: string };
  status: Record<IncidentStatus, string>;
  service: string;
  severity: string;
  state: string;
  openedAt: string;
  findings: string;
  noFindings: string;
  actingAs: string;
  name: string;
  namePlaceholder: string;
  note: string;
  noteRequired: string;
  noteEmpty: string;
  incident: string;
  timeline: string;
  statusTitle: string;
  services: string;
  openIncidents: string;
  recent: string;
  maintenance: string;
  none: string;
  latestProbe: string;
  /** How often a service is probed, and from where when it has a second vantage. */
  cadence: (seconds: number, vantage?: { home: string; second: string }) => string;
  up: string;
  down: string;
  notProbed: string;
  /** When the service list's figures were gathered by a tick (issue 17 item 5), or that none has yet. */
  listAsOf: (at: string | undefined) => string;
  /** Under the list of a large estate: history, SLA and recent incidents are on each service's page. */
  perServicePages: (limit: number) => string;
  serviceTitle: (name: string) => string;
  reason: string;
  window: string;
  /** The sign-in form of the status pages. */
  login: { title: string; token: string; submit: string; wrong: string };
  errors: Partial<Record<HttpErrorCode, ErrorText>> & { other: ErrorText };
}

const ru: PageStrings = {
  confirmTitle: {
    acknowledge: "Подтвердить инцидент",
    resolve: "Закрыть инцидент",
    note: "Заметка к инциденту",
    "restart-app": "Перезапустить бота (docker restart telegram-bot)?",
    "restart-stack": "Полный перезапуск (docker-compose down / up -d)?",
  },
  submit: {
    acknowledge: "Подтвердить",
    resolve: "Закрыть инцидент",
    note: "Добавить заметку",
    "restart-app": "Перезапустить бота",
    "restart-stack": "Полный перезапуск",
  },
  done: {
    acknowledge: "Подтверждено: {by}, {at}",
    resolve: "Инцидент закрыт: {by}, {at}",
    note: "Заметка добавлена: {by}, {at}",
    "restart-app": "Перезапуск бота: {by}, {at}",
    "restart-stack": "Полный перезапуск: {by}, {at}",
  },
  alreadyAcknowledged: "Уже подтверждено: {by}, {at}",
  alreadyResolved: "Инцидент уже закрыт: {by}, {at}",
  remediationRunning: "Действие уже выполняется ({by}, {at}); результат придёт сообщением.",
  remediationDone: "Действие уже выполнено ({by}, {at}); повтор возможен через 2 минуты.",
  remediationNoAgent: "У сервиса нет агента: действие невозможно.",
  remediationResult: {
    ok: "Агент: {result}. /health проверяется каждые 5 с в течение 2 минут.",
    failed: "Агент не выполнил действие: {result}. /health проверяется каждые 5 с в течение 2 минут.",
  },
  status: { open: "открыт", acknowledged: "подтверждён", resolved: "закрыт" },
  service: "Сервис",
  severity: "Приоритет",
  state: "Статус",
  openedAt: "Открыт",
  findings: "Симптомы",
  noFindings: "Активных симптомов нет",
  actingAs: "Действует получатель уровня",
  name: "Ваше имя",
  namePlaceholder: "например, Анна",
  note: "Заметка",
  noteRequired: "Заметка (обязательно)",
  noteEmpty: "Заметка пустая: напишите текст заметки.",
  incident: "Инцидент",
  timeline: "Хронология",
  statusTitle: "Состояние сервисов",
  services: "Сервисы",
  openIncidents: "Открытые инциденты",
  recent: "Недавние инциденты",
  maintenance: "Окна обслуживания",
  none: "нет",
  latestProbe: "Последняя проверка",
  cadence: (seconds, v) => `каждые ${seconds} с${v ? ` из ${v.home}, подтверждение из ${v.second}` : ""}`,
  up: "работает",
  down: "не работает",
  notProbed: "ещё не проверялся",
  listAsOf: (at) => (at ? `данные проверок на ${at}` : "проверки ещё не приносили данных"),
  perServicePages: (limit) =>
    `Сервисов больше ${limit}: история, SLA и недавние инциденты — на странице каждого сервиса (ссылка на его имени).`,
  serviceTitle: (name) => `Сервис ${name}`,
  reason: "Причина",
  window: "Окно",
  login: {
    title: "Вход",
    token: "Токен администратора (ADMIN_TOKEN)",
    submit: "Войти",
    wrong: "Неверный токен.",
  },
  errors: {
    malformed: {
      title: "Ссылка повреждена",
      body: "Ссылка обрезана или искажена. Откройте её из сообщения целиком.",
    },
    bad_signature: {
      title: "Ссылка недействительна",
      body: "Подпись ссылки не сходится. Ничего не изменено.",
    },
    wrong_action: { title: "Действие не разрешено", body: "Эта ссылка не даёт права на такое действие." },
    expired: {
      title: "Срок ссылки истёк",
      body: "Ссылка устарела. Используйте ссылку из свежего сообщения.",
    },
    stale_epoch: {
      title: "Ссылка устарела",
      body: "Инцидент был открыт заново; эта ссылка относится к прошлому эпизоду. Используйте новое сообщение.",
    },
    no_such_incident: { title: "Инцидент не найден", body: "Такого инцидента нет." },
    unauthorized: { title: "Нужен токен", body: "Передайте токен администратора." },
    too_large: { title: "Слишком большой запрос", body: "Тело запроса больше 16 КиБ." },
    too_many_attempts: {
      title: "Слишком много попыток",
      body: "С вашего адреса было слишком много неверных попыток входа. Подождите минуту.",
    },
    demo_config: {
      title: "Демонстрационная конфигурация",
      body: "Эта конфигурация работает только на этой машине (127.0.0.1). Разверните production-конфигурацию.",
    },
    other: { title: "Ошибка", body: "Запрос не выполнен. Попробуйте ещё раз." },
  },
};

const en: PageStrings = {
  confirmTitle: {
    acknowledge: "Acknowledge incident",
    resolve: "Resolve incident",
    note: "Note on incident",
    "restart-app": "Restart the bot (docker restart telegram-bot)?",
    "restart-stack": "Full restart (docker-compose down / up -d)?",
  },
  submit: {
    acknowledge: "Acknowledge",
    resolve: "Resolve incident",
    note: "Add note",
    "restart-app": "Restart bot",
    "restart-stack": "Full restart",
  },
  done: {
    acknowledge: "Acknowledged by {by} at {at}",
    resolve: "Resolved by {by} at {at}",
    note: "Note added by {by} at {at}",
    "restart-app": "Restart by {by} at {at}",
    "restart-stack": "Full restart by {by} at {at}",
  },
  alreadyAcknowledged: "Already acknowledged by {by} at {at}",
  alreadyResolved: "Already resolved by {by} at {at}",
  remediationRunning: "Already running ({by} at {at}); the result follows as a message.",
  remediationDone: "Already done ({by} at {at}); it can be repeated after 2 minutes.",
  remediationNoAgent: "This service has no agent: nothing can be restarted.",
  remediationResult: {
    ok: "Agent: {result}. /health is re-probed every 5 s for 2 minutes.",
    failed: "The agent did not do it: {result}. /health is re-probed every 5 s for 2 minutes.",
  },
  status: { open: "open", acknowledged: "acknowledged", resolved: "resolved" },
  service: "Service",
  severity: "Severity",
  state: "Status",
  openedAt: "Opened",
  findings: "Symptoms",
  noFindings: "No active symptoms",
  actingAs: "Acting as the recipient of level",
  name: "Your name",
  namePlaceholder: "e.g. Anna",
  note: "Note",
  noteRequired: "Note (required)",
  noteEmpty: "The note is empty: write the note's text.",
  incident: "Incident",
  timeline: "Timeline",
  statusTitle: "Service status",
  services: "Services",
  openIncidents: "Open incidents",
  recent: "Recent incidents",
  maintenance: "Maintenance windows",
  none: "none",
  latestProbe: "Latest probe",
  cadence: (seconds, v) => `every ${seconds} s${v ? ` from ${v.home}, confirmed from ${v.second}` : ""}`,
  up: "up",
  down: "down",
  notProbed: "not probed yet",
  listAsOf: (at) => (at ? `figures as of ${at}` : "no tick has brought figures yet"),
  perServicePages: (limit) =>
    `More than ${limit} services: history, SLA and recent incidents are on each service's page (the link on its name).`,
  serviceTitle: (name) => `Service ${name}`,
  reason: "Reason",
  window: "Window",
  login: {
    title: "Sign in",
    token: "Admin token (ADMIN_TOKEN)",
    submit: "Sign in",
    wrong: "Wrong token.",
  },
  errors: {
    malformed: {
      title: "Broken link",
      body: "The link is truncated or garbled. Open it whole from the message.",
    },
    bad_signature: {
      title: "Invalid link",
      body: "The link's signature does not match. Nothing was changed.",
    },
    wrong_action: { title: "Action not allowed", body: "This link does not allow that action." },
    expired: { title: "Link expired", body: "The link is too old. Use the link from a recent message." },
    stale_epoch: {
      title: "Outdated link",
      body: "The incident was reopened; this link belongs to an earlier episode. Use the newer message.",
    },
    no_such_incident: { title: "No such incident", body: "There is no such incident." },
    unauthorized: { title: "Token required", body: "Pass the admin token." },
    too_large: { title: "Request too large", body: "The request body is over 16 KiB." },
    too_many_attempts: {
      title: "Too many attempts",
      body: "Too many failed sign-ins or links from your address. Wait a minute.",
    },
    demo_config: {
      title: "Demo configuration",
      body: "This configuration answers on this machine only (127.0.0.1). Deploy the production configuration.",
    },
    other: { title: "Error", body: "The request failed. Try again." },
  },
};

const TABLE: Record<Locale, PageStrings> = { ru, en };

/** The HTML pages' string table of a locale (messages have their own, `strings()` in the message layer). */
export function pageStrings(locale: Locale): PageStrings {
  return TABLE[locale];
}

/** Fills `{name}` placeholders. */
export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
}
