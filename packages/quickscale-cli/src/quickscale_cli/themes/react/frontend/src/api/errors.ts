/** Errors of our API (`{detail, code, errors}`, quickscale_core.api.exceptions) as one class. */

export type FieldErrors = Record<string, string[]>;

export interface ErrorBody {
  detail: string;
  code: string;
  errors: FieldErrors;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  /** Messages by field name (`non_field_errors` for the whole form). */
  readonly fields: FieldErrors;

  constructor(status: number, detail: string, code: string, fields: FieldErrors = {}) {
    super(detail);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.fields = fields;
  }

  /** The messages to show above a form: the detail, or the form-wide errors of a 400. */
  get formMessages(): string[] {
    const general = [...(this.fields.non_field_errors ?? []), ...(this.fields.__all__ ?? [])];
    if (general.length > 0) {
      return general;
    }
    return [this.message];
  }

  fieldMessages(name: string): string[] {
    return this.fields[name] ?? [];
  }
}

function isErrorBody(body: unknown): body is ErrorBody {
  return (
    typeof body === "object" &&
    body !== null &&
    typeof (body as { detail?: unknown }).detail === "string" &&
    typeof (body as { code?: unknown }).code === "string"
  );
}

/** The ApiError of a failed response and its parsed body (or none: a proxy's HTML page, a network error). */
export function toApiError(status: number, body: unknown): ApiError {
  if (isErrorBody(body)) {
    const fields = typeof body.errors === "object" && body.errors !== null ? body.errors : {};
    return new ApiError(status, body.detail, body.code, fields);
  }
  if (status === 0) {
    return new ApiError(0, "The server cannot be reached: check your connection and try again.", "network");
  }
  return new ApiError(status, `The server answered ${status}: try again in a moment.`, "server_error");
}

/** A one-line message for any error thrown by the API layer. */
export function messageOf(error: unknown): string {
  if (error instanceof Error) {
    return error.message;
  }
  return "Something went wrong: try again.";
}
