/** A Resend-style mail API stand-in on loopback: records POST /emails. */
import { createServer } from "node:http";
import { closeServer, listen, parseJson, readBody } from "./http.ts";

/** One POST /emails as received. */
export interface MailCall {
  at: number;
  /** Whether `Authorization: Bearer <key>` matched. */
  authOk: boolean;
  idempotencyKey: string;
  /** True when the idempotency key was seen before (the provider would not send it again). */
  replay: boolean;
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
  status: number;
}

/** The running fake. */
export interface MailFake {
  /** Value for `notify.email.apiBase`. */
  url: string;
  /** The API key the fake accepts (use as EMAIL_API_KEY). */
  apiKey: string;
  /** Every POST /emails, oldest first. */
  calls(): MailCall[];
  /** Emails actually sent: accepted and not an idempotent replay. */
  sent(): MailCall[];
  close(): Promise<void>;
}

const str = (v: unknown) => (typeof v === "string" ? v : "");

/** Starts the mail API fake on 127.0.0.1. */
export async function startMailFake(apiKey = "re_e2e_fake_mail_key"): Promise<MailFake> {
  const calls: MailCall[] = [];
  const ids = new Map<string, string>();
  const server = createServer(async (req, res) => {
    const text = await readBody(req);
    const path = new URL(req.url ?? "/", "http://x").pathname;
    const json = (status: number, body: unknown) =>
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    if (req.method !== "POST" || path !== "/emails") return json(404, { name: "not_found", message: path });
    const parsed = parseJson(text);
    const body = typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>) : {};
    const key = str(req.headers["idempotency-key"]);
    const call: MailCall = {
      at: Date.now(),
      authOk: req.headers.authorization === `Bearer ${apiKey}`,
      idempotencyKey: key,
      replay: key !== "" && ids.has(key),
      from: str(body.from),
      to: Array.isArray(body.to) ? body.to.map(String) : [str(body.to)],
      subject: str(body.subject),
      text: str(body.text),
      html: str(body.html),
      headers:
        typeof body.headers === "object" && body.headers !== null
          ? Object.fromEntries(Object.entries(body.headers).map(([k, v]) => [k, String(v)]))
          : {},
      status: 200,
    };
    calls.push(call);
    if (!call.authOk) {
      call.status = 401;
      return json(401, { name: "missing_api_key", message: "Missing API key" });
    }
    const id = ids.get(key) ?? `mail-${calls.length}`;
    if (key) ids.set(key, id);
    return json(200, { id });
  });
  const url = await listen(server);
  return {
    url,
    apiKey,
    calls: () => [...calls],
    sent: () => calls.filter((c) => c.status === 200 && !c.replay),
    close: () => closeServer(server),
  };
}
