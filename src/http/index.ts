/** The operator's HTTP door: what the Worker's entry point and the notifiers import. */
export { createHttpApp, MAX_BODY_BYTES } from "./app";
export type { HttpDeps, HttpSecrets, TelegramCall } from "./deps";
export { callbackData, parseCallbackData } from "./webhook";
