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

// Whole user-perceived characters: an emoji made of several code points (👩‍💻, a flag) is one.
const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/**
 * Shortens to at most `max` UTF-16 units with "…", cutting between whole characters: never
 * through a surrogate pair (invalid UTF-8) nor inside an emoji sequence.
 */
export function truncate(s: string, max: number): string {
  if (s.length <= max) return s;
  if (max <= 1) return "…";
  let cut = "";
  for (const { segment } of graphemes.segment(s)) {
    if (cut.length + segment.length > max - 1) break;
    cut += segment;
  }
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
