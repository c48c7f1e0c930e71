/** The operator's HTTP door: what the Worker's entry point and the notifiers import. */

export { callbackData, parseCallbackData } from "../escalation/notify/callback-data";
export { createHttpApp, MAX_BODY_BYTES } from "./app";
export type { HttpDeps, HttpSecrets, TelegramCall } from "./deps";
export { authLimiterFor } from "./rate-limit";
