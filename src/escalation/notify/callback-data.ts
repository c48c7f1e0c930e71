// The Telegram notifier writes this payload and the webhook reads it, so the format lives here,
// where both may import it (escalation never imports src/http).

/** Telegram refuses callback data over 64 bytes. */
export const CALLBACK_DATA_MAX_BYTES = 64;

/** The operator actions an inline button can carry. */
export type ButtonAction = "acknowledge" | "resolve";

/** A button payload read back: the action and the incident episode it targets. */
export interface ParsedCallbackData {
  action: ButtonAction;
  target: { incidentId: string; epoch: number };
}

// Incident ids contain colons, so the id is everything between the action and the last colon.
const DATA = /^(ack|res):(.+):(\d{1,9})$/;

/** The payload of an inline button for an incident: `ack:<incidentId>:<epoch>` or `res:…`. */
export function callbackData(action: ButtonAction, incidentId: string, epoch: number): string {
  return `${action === "acknowledge" ? "ack" : "res"}:${incidentId}:${epoch}`;
}

/** Parses a button payload into an action and its target; undefined when it is not one of ours. */
export function parseCallbackData(data: string): ParsedCallbackData | undefined {
  const m = DATA.exec(data);
  if (!m?.[1] || !m[2] || !m[3]) return undefined;
  return {
    action: m[1] === "ack" ? "acknowledge" : "resolve",
    target: { incidentId: m[2], epoch: Number(m[3]) },
  };
}

/** Whether a payload fits Telegram's limit; a longer one must fall back to a link button. */
export function fitsCallbackData(data: string): boolean {
  return new TextEncoder().encode(data).length <= CALLBACK_DATA_MAX_BYTES;
}
