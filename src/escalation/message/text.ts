/** Escapes text for HTML element content and attribute values (email HTML, Telegram href). */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Escapes text for Telegram HTML: only `<`, `>` and `&` are special there. */
export function escapeTelegram(s: string): string {
  return s.replace(/[&<>]/g, (c) => ESCAPES[c] ?? c);
}

/** Shortens to at most `max` UTF-16 units with "…", never splitting a surrogate pair. */
export function truncate(s: string, max: number): string {
  if (s.length <= max) return s;
  if (max <= 1) return "…";
  let cut = s.slice(0, max - 1);
  const last = cut.charCodeAt(cut.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
  return `${cut}…`;
}

/** Collapses whitespace and drops control characters: log excerpts become one readable line. */
function oneLine(s: string): string {
  let out = "";
  for (const ch of s) {
    const code = ch.charCodeAt(0);
    out += code < 0x20 || code === 0x7f ? " " : ch;
  }
  return out.replace(/\s+/g, " ").trim();
}

/** One line of at most `max` units: how any free text (a reason, a name, a note) enters a message. */
export function oneLineTruncated(s: string, max: number): string {
  return truncate(oneLine(s), max);
}

/** "2026-01-11 10:30 UTC", the runbook template's time format. */
export function formatUtc(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** "10:30 UTC" when on the same UTC day as `ref`, else the full form. */
export function formatUtcShort(ms: number, ref: number): string {
  const a = new Date(ms).toISOString();
  const b = new Date(ref).toISOString();
  return a.slice(0, 10) === b.slice(0, 10) ? `${a.slice(11, 16)} UTC` : formatUtc(ms);
}
