/**
 * A Telegram Bot API stand-in on loopback: records sendMessage / editMessageText and can be
 * scripted to answer some calls with errors (e.g. 429 with retry_after) before answering 200.
 */
import { createServer } from "node:http";
import { closeServer, listen, parseJson, readBody } from "./http.ts";

/** One inline keyboard button as sent. */
export interface TelegramButton {
  text: string;
  url?: string;
  callbackData?: string;
}

/** One Bot API call as received, with what the fake answered. */
export interface TelegramCall {
  method: string;
  /** Epoch ms when the fake received it. */
  at: number;
  /** Whether the URL carried the expected bot token. */
  tokenOk: boolean;
  chatId: string;
  /** Message HTML as sent. */
  text: string;
  /** First bold line of the text, tags stripped and entities decoded ("🔴 [P1] Svc: New incident"). */
  headline: string;
  /** message_id assigned (sendMessage) or targeted (editMessageText). */
  messageId?: number;
  buttons: TelegramButton[];
  /** HTTP status the fake answered. */
  status: number;
  body: Record<string, unknown>;
}

/** A scripted answer. */
export interface FakeAnswer {
  status: number;
  body: unknown;
}

/** The running fake. */
export interface TelegramFake {
  /** Value for `notify.telegramApiBase`. */
  url: string;
  /** The bot token the fake accepts (use as TELEGRAM_BOT_TOKEN). */
  token: string;
  /** Every call received, oldest first. */
  calls(): TelegramCall[];
  /** sendMessage calls the fake answered with 200, i.e. messages a person actually received. */
  delivered(): TelegramCall[];
  /** The next calls matching `match` get `answers` in order (one each) before normal service resumes. */
  script(match: (call: TelegramCall) => boolean, answers: FakeAnswer[]): void;
  close(): Promise<void>;
}

const ENTITIES: Record<string, string> = {
  "&lt;": "<",
  "&gt;": ">",
  "&amp;": "&",
  "&quot;": '"',
  "&#39;": "'",
};

/** Plain text of the first `<b>…</b>` of a Telegram HTML message. */
export function headlineOf(html: string): string {
  const m = /<b>([\s\S]*?)<\/b>/.exec(html);
  return (m?.[1] ?? html.split("\n")[0] ?? "").replace(/&(lt|gt|amp|quot|#39);/g, (e) => ENTITIES[e] ?? e);
}

function buttonsOf(markup: unknown): TelegramButton[] {
  if (typeof markup !== "object" || markup === null) return [];
  const rows = (markup as { inline_keyboard?: unknown }).inline_keyboard;
  if (!Array.isArray(rows)) return [];
  return rows.flat().map((b: { text?: unknown; url?: unknown; callback_data?: unknown }) => ({
    text: String(b.text ?? ""),
    ...(typeof b.url === "string" ? { url: b.url } : {}),
    ...(typeof b.callback_data === "string" ? { callbackData: b.callback_data } : {}),
  }));
}

/** Starts the Telegram fake on 127.0.0.1. */
export async function startTelegramFake(token = "424242:e2e-fake-bot-token"): Promise<TelegramFake> {
  const calls: TelegramCall[] = [];
  const scripts: { match: (call: TelegramCall) => boolean; answers: FakeAnswer[] }[] = [];
  let nextMessageId = 1000;
  const server = createServer(async (req, res) => {
    const text = await readBody(req);
    const m = /^\/bot([^/]+)\/(\w+)$/.exec(new URL(req.url ?? "/", "http://x").pathname);
    const parsed = parseJson(text);
    const body = typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>) : {};
    const html = typeof body.text === "string" ? body.text : "";
    const call: TelegramCall = {
      method: m?.[2] ?? "?",
      at: Date.now(),
      tokenOk: m?.[1] === token,
      chatId: String(body.chat_id ?? ""),
      text: html,
      headline: headlineOf(html),
      buttons: buttonsOf(body.reply_markup),
      status: 200,
      body,
    };
    const send = (status: number, answer: unknown) => {
      call.status = status;
      calls.push(call);
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(answer));
    };
    if (!call.tokenOk) return send(401, { ok: false, error_code: 401, description: "Unauthorized" });
    const scripted = scripts.find((s) => s.answers.length > 0 && s.match(call));
    const answer = scripted?.answers.shift();
    if (answer) return send(answer.status, answer.body);
    if (call.method === "sendMessage") {
      call.messageId = nextMessageId++;
      return send(200, {
        ok: true,
        result: { message_id: call.messageId, date: Math.floor(call.at / 1000), text: html },
      });
    }
    if (call.method === "editMessageText") {
      call.messageId = Number(body.message_id);
      return send(200, { ok: true, result: { message_id: call.messageId, text: html } });
    }
    return send(200, { ok: true, result: true });
  });
  const url = await listen(server);
  return {
    url,
    token,
    calls: () => [...calls],
    delivered: () => calls.filter((c) => c.method === "sendMessage" && c.status === 200),
    script: (match, answers) => {
      scripts.push({ match, answers: [...answers] });
    },
    close: () => closeServer(server),
  };
}

/** A 429 answer as Telegram sends it. */
export function tooManyRequests(retryAfterS: number): FakeAnswer {
  return {
    status: 429,
    body: {
      ok: false,
      error_code: 429,
      description: `Too Many Requests: retry after ${retryAfterS}`,
      parameters: { retry_after: retryAfterS },
    },
  };
}
