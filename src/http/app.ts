import { type Context, Hono, type MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import { LinkError } from "../escalation/links";
import { errorPage } from "./action-pages";
import { actionRoutes } from "./actions";
import { apiRoutes } from "./api";
import { refuseThrottled } from "./auth";
import type { ConfiguredEnv, HttpDeps, HttpEnv } from "./deps";
import { HttpError } from "./errors";
import { healthRoutes } from "./health";
import { historyApiRoutes } from "./history-api";
import { pageStrings } from "./i18n";
import { isLoopback } from "./loopback";
import { metricsRoutes } from "./metrics";
import { outboxRoutes } from "./outbox-page";
import { pingRoutes } from "./ping";
import { publicRoutes } from "./public-page";
import { statusRoutes } from "./status-page";
import { webhookRoutes } from "./webhook";

/** Largest request body the door reads. */
export const MAX_BODY_BYTES = 16 * 1024;

/**
 * Largest Telegram update read (after the secret header is checked). A button press carries the
 * whole message it sits under, and the Bot API escapes each non-ASCII character as `\uXXXX`
 * (6 bytes): a 4096-character Russian page alone is about 25 KiB.
 */
export const MAX_TELEGRAM_BODY_BYTES = 128 * 1024;

/** The door's own paths: security headers, body limits and (all but /health) the config guard. */
const OWN_PATHS = [
  "/health",
  "/a/*",
  "/api/*",
  "/status",
  "/status/*",
  "/metrics",
  "/telegram/*",
  "/outbox",
  "/ping/*",
];

const SECURITY_HEADERS = {
  "Cache-Control": "no-store",
  "Referrer-Policy": "no-referrer",
  "X-Robots-Tag": "noindex",
  "X-Content-Type-Options": "nosniff",
  "Content-Security-Policy":
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
};

function wantsHtml(c: Context): boolean {
  return /^\/(a|status)(\/|$)/.test(c.req.path);
}

/**
 * A `localOnly` (demo) config answers nothing off loopback: deployed by mistake (a plain
 * `wrangler deploy` of the top-level config), it would otherwise publish its outbox and links.
 */
const refuseDemoConfigOffLoopback: MiddlewareHandler<HttpEnv> = async (c, next) => {
  if (c.var.deps.config?.localOnly && !isLoopback(c))
    throw new HttpError(
      "demo_config",
      "this is the local demo config (localOnly); deploy with --env production",
    );
  await next();
};

/** Routes beyond /health need a valid config: 503 without one, else it is in `c.var.config`. */
const requireConfig: MiddlewareHandler<ConfiguredEnv> = async (c, next) => {
  const config = c.var.deps.config;
  if (!config) throw new HttpError("config_invalid", "the watchdog configuration is invalid; see /health");
  c.set("config", config);
  await next();
};

/**
 * The operator's door: signed action links, Telegram buttons, /health, the admin API, the
 * status page, /metrics and the local outbox. Built once; `depsOf` gives each request its
 * dependencies from the Worker's bindings (tests return fakes).
 */
export function createHttpApp<B extends object = object>(
  depsOf: (env: B) => HttpDeps,
): Hono<{ Bindings: B } & HttpEnv> {
  const app = new Hono<{ Bindings: B } & HttpEnv>();

  app.use(async (c, next) => {
    c.set("deps", depsOf(c.env));
    await next();
  });
  for (const path of OWN_PATHS) {
    app.use(path, async (c, next) => {
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) c.header(name, value);
      await next();
    });
    app.use(
      path,
      bodyLimit({
        maxSize: path === "/telegram/*" ? MAX_TELEGRAM_BODY_BYTES : MAX_BODY_BYTES,
        onError: () => {
          throw new HttpError("too_large");
        },
      }),
    );
  }
  app.use(refuseDemoConfigOffLoopback);
  // Everything but /health needs the config and is closed to a client over the failed-auth limit.
  for (const path of OWN_PATHS.slice(1)) app.use(path, requireConfig, refuseThrottled);

  app.route("/", healthRoutes());
  app.route("/", actionRoutes());
  app.route("/", webhookRoutes());
  app.route("/", apiRoutes());
  app.route("/", historyApiRoutes());
  app.route("/", statusRoutes());
  app.route("/", metricsRoutes());
  app.route("/", outboxRoutes());
  app.route("/", publicRoutes());
  app.route("/", pingRoutes());

  app.onError((err, c) => {
    // `deps` is unset only when building them threw (a missing binding): then the default locale.
    const locale = (c.var.deps as HttpDeps | undefined)?.config?.locale ?? "ru";
    const error = err instanceof LinkError ? new HttpError(err.code) : err;
    if (!(error instanceof HttpError)) {
      if (error instanceof HTTPException) return error.getResponse();
      console.error("http door:", error instanceof Error ? error.message : "unknown error");
      return wantsHtml(c)
        ? c.html(errorPage(locale, "unavailable"), 500)
        : c.json({ error: "internal", message: "internal error" }, 500);
    }
    if (wantsHtml(c)) return c.html(errorPage(locale, error.code, error.detail), error.status);
    const message =
      error.detail ?? (pageStrings("en").errors[error.code] ?? pageStrings("en").errors.other).title;
    return c.json({ error: error.code, message }, error.status);
  });

  return app;
}
