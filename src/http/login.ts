import { Hono } from "hono";
import { html } from "hono/html";
import * as z from "zod";
import type { Locale } from "../escalation/message";
import { countAuthFailure, isAdminToken, startSession } from "./auth";
import type { ConfiguredEnv } from "./deps";
import { HttpError } from "./errors";
import { pageStrings } from "./i18n";
import { type Html, page } from "./layout";

/** Where a login may return to: the status page or one of its incidents, nothing else (no open redirect). */
const RETURN_PATH = /^\/status(?:\/incidents\/(?!\.{1,2}$)[^/?#\s\\]+)?$/;

/** The login form: the admin token, and the page that asked for it. */
const loginFormSchema = z.object({
  /** The admin token, typed or pasted by the operator. */
  token: z.string().max(1000),
  /** The status page to return to; anything else returns to /status. */
  next: z.string().max(500).optional(),
});

/** The page to go to after a login: `next` when it is a status page, else /status. */
export function returnPath(next: string | undefined): string {
  return next !== undefined && RETURN_PATH.test(next) ? next : "/status";
}

/**
 * The sign-in form of the status pages. The token travels in a POST body, never in a URL, so
 * it stays out of request logs, history and bookmarks.
 */
export function loginPage(locale: Locale, next: string, problem?: string): Html {
  const t = pageStrings(locale).login;
  return page(
    locale,
    t.title,
    html`<h1>${t.title}</h1>
${problem ? html`<p class="error">${problem}</p>` : ""}
<form method="post" action="/status/login">
<input type="hidden" name="next" value="${returnPath(next)}">
<label for="token">${t.token}</label>
<input id="token" name="token" type="password" autocomplete="current-password" required>
<button type="submit">${t.submit}</button>
</form>`,
  );
}

/** `POST /status/login`: a right token starts a session (cookie) and returns to the page; a wrong one shows the form again. */
export function loginRoutes(): Hono<ConfiguredEnv> {
  const app = new Hono<ConfiguredEnv>();
  app.post("/status/login", async (c) => {
    const { deps, config } = c.var;
    let raw: unknown;
    try {
      raw = await c.req.parseBody();
    } catch {
      throw new HttpError("bad_request", "the form cannot be read");
    }
    const form = loginFormSchema.safeParse(raw);
    if (!form.success) throw new HttpError("bad_request", "the form needs a token");
    const next = returnPath(form.data.next);
    const token = deps.secrets.adminToken;
    if (!(await isAdminToken(form.data.token, token))) {
      await countAuthFailure(c);
      return c.html(loginPage(config.locale, next, pageStrings(config.locale).login.wrong), 401);
    }
    await startSession(c, token, deps.now());
    return c.redirect(next, 303);
  });
  return app;
}
