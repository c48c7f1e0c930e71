import * as z from "zod";
import { httpUrl } from "./http-url";

/** Where one level is reached; a level may have both channels (the other is the fallback). */
export const contactSchema = z.discriminatedUnion("channel", [
  z.object({
    channel: z.literal("telegram"),
    /** Chat id (number), or a public @username only with callback buttons (see public-chat.ts). */
    chatId: z.union([z.number().int(), z.string().regex(/^-?\d+$|^@\w{4,}$/)]),
  }),
  z.object({
    channel: z.literal("email"),
    /** Recipient address. */
    to: z.email(),
  }),
  z.object({
    channel: z.literal("webhook"),
    /** Receiver URL: POSTed to, redirects never followed (Slack-style URLs carry a secret; never shown). */
    url: httpUrl,
    /** "json": the incident, signed with WEBHOOK_SIGNING_SECRET; "slack": a Slack-compatible `text`/`blocks` body. */
    format: z.enum(["json", "slack"]).default("json"),
  }),
]);
/** One contact: a Telegram chat, an email address or a webhook. */
export type Contact = z.infer<typeof contactSchema>;

/** How notifications leave the Worker. */
export const notifySchema = z.object({
  /** Telegram Bot API base URL (tests point it at a loopback fake). */
  telegramApiBase: httpUrl.default("https://api.telegram.org"),
  /** Email provider: Cloudflare's send_email binding, or an HTTP API in the Resend style. */
  email: z
    .discriminatedUnion("provider", [
      z.object({ provider: z.literal("cloudflare"), from: z.email() }),
      z.object({
        provider: z.literal("http"),
        from: z.email(),
        /** API base URL; POST {apiBase}/emails. */
        apiBase: httpUrl,
      }),
      z.object({ provider: z.literal("none") }),
    ])
    .default({ provider: "none" }),
  /** Deliver to the local outbox instead of the real providers (demo and local runs). */
  outbox: z.boolean().default(false),
  /** Accept Telegram callback buttons through POST /telegram/webhook. */
  telegramWebhook: z
    .object({
      /** Telegram user ids allowed to press the buttons. */
      allowedUserIds: z.array(z.number().int()).min(1),
    })
    .optional(),
});
