import { Hono } from "hono";
import * as z from "zod";
import { isStrongSecret } from "../config/secrets";
import { type Locale, truncate } from "../escalation/message";
import { CALLBACK_DATA_MAX_BYTES, parseCallbackData } from "../escalation/notify/callback-data";
import { scrubSecrets } from "../escalation/notify/scrub";
import type { Actor } from "../escalation/types";
import type { ActionRefusal } from "../monitor/api";
import { outcomeMessage } from "./actions";
import { countAuthFailure, safeEqual } from "./auth";
import type { ConfiguredEnv, HttpDeps } from "./deps";
import { HttpError } from "./errors";
import { pageStrings } from "./i18n";
import { serviceIdOfIncidentIn } from "./queries";

/** Longest text `answerCallbackQuery` accepts. */
const CALLBACK_ANSWER_MAX = 200;

/** The part of a Telegram update the webhook reads; other fields are ignored. */
const updateSchema = z.object({
  /** Telegram's update id. */
  update_id: z.number().int(),
  /** Present when an inline button was pressed. */
  callback_query: z
    .object({
      /** Id to answer with answerCallbackQuery. */
      id: z.string().min(1),
      /** Who pressed the button. */
      from: z.object({
        id: z.number().int(),
        username: z.string().optional(),
        first_name: z.string().optional(),
      }),
      /** Button payload: `ack:<incidentId>:<epoch>` or `res:<incidentId>:<epoch>`. */
      data: z.string().max(CALLBACK_DATA_MAX_BYTES).optional(),
    })
    .optional(),
});

function refusalText(locale: Locale, refusal: ActionRefusal | undefined): string {
  const errors = pageStrings(locale).errors;
  if (refusal === "stale_epoch" || refusal === "no_such_incident") return errors[refusal]?.title ?? refusal;
  return errors.other.title;
}

async function readJson(req: Request): Promise<unknown> {
  try {
    return await req.json();
  } catch {
    throw new HttpError("malformed", "body is not JSON");
  }
}

/** Answers a button press (stops Telegram's spinner); never throws. */
async function answer(deps: HttpDeps, callbackQueryId: string, text: string): Promise<void> {
  if (!deps.telegram) return;
  try {
    await deps.telegram("answerCallbackQuery", {
      callback_query_id: callbackQueryId,
      // Telegram's limit is 200 characters; a cut through an emoji is invalid UTF-8 and loses the answer.
      text: truncate(text, CALLBACK_ANSWER_MAX),
    });
  } catch (error) {
    // The action already happened; a failed answer only leaves the button spinning.
    // A fetch error can quote the request URL, and that URL carries the bot token.
    console.warn(
      "answerCallbackQuery failed:",
      scrubSecrets(error instanceof Error ? error.message : "unknown error", []),
    );
  }
}

/**
 * `POST /telegram/webhook`: inline Acknowledge / Resolve buttons; 404 unless
 * `notify.telegramWebhook` is configured. Only with the secret header (401) and well-formed
 * updates (400); presses by users not allow-listed, or with unknown data, change nothing and
 * answer 200 `{ ok: false, refusal }`.
 */
export function webhookRoutes(): Hono<ConfiguredEnv> {
  const app = new Hono<ConfiguredEnv>();

  app.post("/telegram/webhook", async (c) => {
    const { deps, config } = c.var;
    const webhook = config.notify.telegramWebhook;
    if (!webhook) return c.notFound();
    const secret = deps.secrets.telegramWebhookSecret;
    const ru = config.locale === "ru";
    if (!isStrongSecret(secret))
      throw new HttpError("unavailable", "TELEGRAM_WEBHOOK_SECRET is missing or too weak; see /health");
    const given = c.req.header("X-Telegram-Bot-Api-Secret-Token");
    if (given === undefined || !(await safeEqual(given, secret))) {
      if (given !== undefined) await countAuthFailure(c);
      throw new HttpError("unauthorized");
    }
    const update = updateSchema.safeParse(await readJson(c.req.raw));
    if (!update.success) throw new HttpError("malformed", "not a Telegram update");
    const query = update.data.callback_query;
    if (!query) return c.json({ ok: true, ignored: "not a callback query" });
    // From here the update is Telegram's own: refusals answer 200, because Telegram re-sends
    // a non-2xx update for up to a day and holds that chat's later updates (real acks) behind it.
    if (!webhook.allowedUserIds.includes(query.from.id)) {
      await answer(deps, query.id, ru ? "Нет доступа" : "Not allowed");
      return c.json({ ok: false, refusal: "forbidden" });
    }
    const parsed = query.data ? parseCallbackData(query.data) : undefined;
    if (!parsed) {
      await answer(deps, query.id, ru ? "Неверная кнопка" : "Unknown button");
      return c.json({ ok: false, refusal: "malformed" });
    }
    const who = query.from.username ? `@${query.from.username}` : (query.from.first_name ?? "");
    const actor: Actor = { by: `${who} (telegram:${query.from.id})`.trim() };
    const serviceId = serviceIdOfIncidentIn(config, parsed.target.incidentId);
    const outcome = serviceId
      ? parsed.action === "acknowledge"
        ? await deps.monitor(serviceId).acknowledge(parsed.target, actor)
        : await deps.monitor(serviceId).resolve(parsed.target, actor)
      : { ok: false as const, refusal: "no_such_incident" as const };
    const message =
      outcomeMessage(config.locale, parsed.action, outcome, actor, deps.now()) ??
      refusalText(config.locale, outcome.ok ? undefined : outcome.refusal);
    await answer(deps, query.id, message);
    // 200 even for refusals: Telegram retries non-2xx updates, and a retry cannot help.
    return c.json(
      outcome.ok ? { ok: true, status: outcome.incident.status } : { ok: false, refusal: outcome.refusal },
    );
  });
  return app;
}
