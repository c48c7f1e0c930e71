export type { DeliverDeps, TargetOutcome } from "./dispatch";
export { deliver, targetOf } from "./dispatch";
export type { CloudflareEmailOptions, EmailBinding } from "./email-cloudflare";
export { createCloudflareEmailNotifier } from "./email-cloudflare";
export { emailHeaders, messageIdFor, rootMessageId } from "./email-headers";
export type { HttpEmailOptions } from "./email-http";
export { createHttpEmailNotifier } from "./email-http";
export type { OutboxEntry, OutboxOptions } from "./outbox";
export { createOutboxNotifier } from "./outbox";
export type { NotifierRegistry, RegistryDeps } from "./registry";
export { createRegistry } from "./registry";
export { scrubSecrets } from "./scrub";
export type { TelegramOptions } from "./telegram";
export { createTelegramNotifier } from "./telegram";
export * from "./types";
export type { WebhookOptions } from "./webhook";
export {
  createWebhookNotifier,
  WEBHOOK_EVENT_HEADER,
  WEBHOOK_SIGNATURE_HEADER,
  webhookSignature,
} from "./webhook";
