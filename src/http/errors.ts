import type { LinkErrorCode } from "../escalation/links";

/** Every way the HTTP door refuses a request, with its status. */
export const ERROR_STATUS = {
  malformed: 400,
  bad_request: 400,
  unauthorized: 401,
  bad_signature: 403,
  wrong_action: 403,
  forbidden: 403,
  no_such_incident: 404,
  not_found: 404,
  expired: 410,
  stale_epoch: 410,
  too_large: 413,
  too_many_attempts: 429,
  config_invalid: 503,
  demo_config: 503,
  unavailable: 503,
} as const satisfies Record<LinkErrorCode | "no_such_incident" | "stale_epoch" | string, number>;

export type HttpErrorCode = keyof typeof ERROR_STATUS;

/** A typed refusal at the HTTP edge; `app.onError` renders it as a page or JSON. */
export class HttpError extends Error {
  readonly status: (typeof ERROR_STATUS)[HttpErrorCode];
  constructor(
    readonly code: HttpErrorCode,
    /** Safe to show: never contains a secret. */
    readonly detail?: string,
  ) {
    super(detail ? `${code}: ${detail}` : code);
    this.name = "HttpError";
    this.status = ERROR_STATUS[code];
  }
}
