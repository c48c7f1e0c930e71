import { vi } from "vitest";
import type { Finding, Severity } from "../../src/checks/types";
import type { Config, ConfigInput } from "../../src/config/schema";
import { type Locale, renderMessage } from "../../src/escalation/message";
import type { OutgoingMessage } from "../../src/escalation/notify";
import type { IncidentView, NotifyKind } from "../../src/escalation/types";
import { testConfig } from "../support/test-config";

/** 2026-01-11 10:30 UTC, the runbook template's example time. */
export const OPENED = Date.UTC(2026, 0, 11, 10, 30);
export const NOW = OPENED + 7 * 60_000;

export const LINKS = {
  acknowledge: "https://watchdog.example.com/a/ack?t=sig1",
  resolve: "https://watchdog.example.com/a/resolve?t=sig2",
  open: "https://watchdog.example.com/incidents/ai-calendar:1",
};

/** A typical finding for each severity. */
export const FINDING_FOR: Record<Severity, Finding> = {
  P1: { code: "health_down", severity: "P1", check: "health", reason: "timeout after 5000 ms" },
  P2: { code: "redis_down", severity: "P2", check: "agent", reason: "connection refused" },
  P3: { code: "backup_stale", severity: "P3", check: "agent", value: 30, threshold: 25 },
  P4: { code: "clock_skew", severity: "P4", check: "health", value: 400_000 },
};

/** An open incident with an escalation, a note and a breach on its timeline. */
export function incident(overrides: Partial<IncidentView> = {}): IncidentView {
  const severity = overrides.severity ?? "P1";
  return {
    id: "ai-calendar:1",
    epoch: 1,
    serviceId: "ai-calendar",
    serviceName: "AI Calendar Assistant",
    status: "open",
    severity,
    openedAt: OPENED,
    findings: [FINDING_FOR[severity]],
    paged: ["L1"],
    slaBreaches: [],
    sla: { respondBy: OPENED + 5 * 60_000, resolveBy: OPENED + 60 * 60_000 },
    timeline: [
      { at: OPENED, kind: "opened", by: "watchdog", text: "incident opened" },
      { at: OPENED + 1000, kind: "notified", by: "watchdog", text: "L1 via telegram" },
      { at: OPENED + 2 * 60_000, kind: "note", by: "alice (L1)", text: "restarted telegram-bot, no luck" },
    ],
    ...overrides,
  };
}

/** `testConfig` watching the incidents' service, with these levels, the HTTP mail API and `notify` options. */
export function config(
  levels: Record<string, unknown>,
  notify: Record<string, unknown> = {},
  locale: Locale = "ru",
): Config {
  // Tests write levels and notify options loosely; the real schema checks them when parsing.
  const overrides = {
    locale,
    services: [
      { id: "ai-calendar", name: "AI Calendar Assistant", healthUrl: "https://calendar.example.com/health" },
    ],
    escalation: { levels },
    notify: {
      email: { provider: "http", from: "watchdog@example.com", apiBase: "https://mail.example.com" },
      ...notify,
    },
  } as Partial<ConfigInput>;
  return testConfig(overrides);
}

/** A sleep that records instead of waiting. */
export function recordingSleep(): { sleep: (ms: number) => Promise<void>; waits: number[] } {
  const waits: number[] = [];
  return {
    waits,
    sleep: async (ms: number) => {
      waits.push(ms);
    },
  };
}

/**
 * Checks Telegram HTML: only b, i, code, pre and a tags, properly nested and closed, and
 * only the entities Telegram understands. Returns the problems found.
 */
export function telegramHtmlProblems(html: string): string[] {
  const problems: string[] = [];
  const stack: string[] = [];
  const token = /<(\/?)([a-z]+)((?:\s+href="[^"<>]*")?)>|&(lt|gt|amp|quot|#\d+);|[<>&]/g;
  for (const m of html.matchAll(token)) {
    const [whole, close, tag, attrs] = m;
    if (whole.startsWith("&")) {
      if (whole === "&") problems.push(`bare & at ${m.index}`);
      continue;
    }
    if (whole === "<" || whole === ">") {
      problems.push(`bare ${whole} at ${m.index}`);
      continue;
    }
    if (!tag || !["b", "i", "code", "pre", "a"].includes(tag)) {
      problems.push(`tag ${whole} not allowed`);
      continue;
    }
    if (attrs && tag !== "a") problems.push(`attributes on ${tag}`);
    if (close) {
      if (stack.pop() !== tag) problems.push(`unbalanced </${tag}> at ${m.index}`);
    } else stack.push(tag);
  }
  if (stack.length > 0) problems.push(`unclosed ${stack.join(",")}`);
  return problems;
}

/** A rendered outgoing message for an incident step. */
export function outgoingFor(kind: NotifyKind = "page", view = incident()): OutgoingMessage {
  const r = renderMessage({ kind, view, level: "L1", links: LINKS, now: NOW });
  return {
    kind,
    level: "L1",
    incidentId: view.id,
    epoch: view.epoch,
    key: `${view.id}:${view.epoch}:${kind}:L1:0`,
    subject: r.subject,
    telegramHtml: r.telegramHtml,
    text: r.text,
    html: r.html,
    links: r.model.links,
  };
}

/** Collects everything written to the console while `fn` runs. */
export async function consoleLines<T>(fn: () => Promise<T>): Promise<{ value: T; lines: string }> {
  const lines: string[] = [];
  const methods = ["log", "info", "warn", "error", "debug"] as const;
  const spies = methods.map((m) =>
    vi.spyOn(console, m).mockImplementation((...args: unknown[]) => {
      lines.push(
        args
          .map((a) =>
            a instanceof Error
              ? `${a.message} ${a.stack ?? ""}`
              : typeof a === "string"
                ? a
                : JSON.stringify(a),
          )
          .join(" "),
      );
    }),
  );
  try {
    return { value: await fn(), lines: lines.join("\n") };
  } finally {
    for (const s of spies) s.mockRestore();
  }
}
