import * as z from "zod";
import type { Contact } from "./notify";
import { LEVELS, type Level } from "./policy";

/** Telegram resolves `@username` only for public channels and supergroups: anyone can read them. */
export function isPublicChat(chatId: string | number): boolean {
  return typeof chatId === "string" && chatId.startsWith("@");
}

/** What the check reads: every level's contacts and whether callback buttons are on. */
interface PublicChatInput {
  escalation: { levels: Partial<Record<Level, readonly Contact[]>> };
  notify: { telegramWebhook?: unknown };
}

/**
 * Refuses a public `@username` chat on any level while messages carry signed links (every level
 * gets them): each reader of the channel would hold Acknowledge / Resolve links for days. With
 * `notify.telegramWebhook` the buttons are callbacks checked against its allow-list instead.
 */
export const publicChatCheck = z.superRefine<PublicChatInput>(
  (config, ctx) => {
    if (config.notify.telegramWebhook !== undefined) return;
    for (const level of LEVELS) {
      (config.escalation.levels[level] ?? []).forEach((contact, i) => {
        if (contact.channel !== "telegram" || !isPublicChat(contact.chatId)) return;
        ctx.addIssue({
          code: "custom",
          path: ["escalation", "levels", level, i, "chatId"],
          message:
            `${contact.chatId} is a public channel or group: every reader would get the signed ` +
            "Acknowledge / Resolve links. Use the numeric id of a private chat, or turn on callback " +
            "buttons (notify.telegramWebhook with allowedUserIds)",
        });
      });
    }
  },
  // Runs beside errors elsewhere, but only once both fields it reads are valid.
  {
    when: (payload) =>
      !payload.issues.some((i) => {
        const top = i.path?.[0];
        return top === undefined || top === "escalation" || top === "notify";
      }),
  },
);
