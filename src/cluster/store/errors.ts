/**
 * API errors carry a metav1.Status, as the apiserver returns it
 * (k8s.io/apimachinery/pkg/api/errors/errors.go). The HTTP layer sends `status` as the body.
 */
export interface StatusCause {
  reason: string;
  message: string;
  field?: string;
}

export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, unknown>;
  status: 'Failure' | 'Success';
  message: string;
  reason: string;
  details?: { name?: string; group?: string; kind?: string; uid?: string; causes?: StatusCause[]; retryAfterSeconds?: number };
  code: number;
}

export class ApiError extends Error {
  readonly status: Status;
  constructor(code: number, reason: string, message: string, details?: Status['details']) {
    super(message);
    this.name = 'ApiError';
    this.status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(details ? { details } : {}), code };
  }
  get code(): number {
    return this.status.code;
  }
  get reason(): string {
    return this.status.reason;
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof Error && e.name === 'ApiError';
}

/** "jobs.batch" → { resource: "jobs", group: "batch" }. */
function split(qualified: string): { kind: string; group: string } {
  const dot = qualified.indexOf('.');
  return dot < 0 ? { kind: qualified, group: '' } : { kind: qualified.slice(0, dot), group: qualified.slice(dot + 1) };
}

export function notFound(qualified: string, name: string): ApiError {
  return new ApiError(404, 'NotFound', `${qualified} "${name}" not found`, { name, ...split(qualified) });
}

export function alreadyExists(qualified: string, name: string): ApiError {
  return new ApiError(409, 'AlreadyExists', `${qualified} "${name}" already exists`, { name, ...split(qualified) });
}

export function conflict(qualified: string, name: string, why: string): ApiError {
  return new ApiError(409, 'Conflict', `Operation cannot be fulfilled on ${qualified} "${name}": ${why}`, { name, ...split(qualified) });
}

/** The message optimistic concurrency failures carry (registry/generic/registry/store.go: OptimisticLockErrorMsg). */
export const OptimisticLockErrorMsg = 'the object has been modified; please apply your changes to the latest version and try again';

export function gone(message: string): ApiError {
  return new ApiError(410, 'Expired', message);
}

export function badRequest(message: string): ApiError {
  return new ApiError(400, 'BadRequest', message);
}

export function internalError(message: string): ApiError {
  return new ApiError(500, 'InternalError', `Internal error occurred: ${message}`, { causes: [{ reason: '', message }] });
}

/** A field-level validation problem (k8s.io/apimachinery/pkg/util/validation/field/errors.go). */
export interface FieldError {
  /** ErrorType reason, e.g. FieldValueRequired, FieldValueNotSupported, FieldValueInvalid. */
  type: 'FieldValueRequired' | 'FieldValueNotSupported' | 'FieldValueInvalid' | 'FieldValueForbidden' | 'FieldValueDuplicate' | 'FieldValueTooLong' | 'FieldValueTooMany';
  field: string;
  /** The full text after "<field>: ", e.g. `Unsupported value: "Always": supported values: "OnFailure", "Never"`. */
  detail: string;
}

export const fieldErrors = {
  required: (field: string, detail = ''): FieldError => ({ type: 'FieldValueRequired', field, detail: 'Required value' + (detail ? `: ${detail}` : '') }),
  notSupported: (field: string, value: unknown, supported: string[]): FieldError => ({
    type: 'FieldValueNotSupported',
    field,
    detail: `Unsupported value: ${JSON.stringify(value)}: supported values: ${supported.map((s) => JSON.stringify(s)).join(', ')}`,
  }),
  invalid: (field: string, value: unknown, detail: string): FieldError => ({
    type: 'FieldValueInvalid',
    field,
    detail: `Invalid value: ${typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value) ?? 'null'}: ${detail}`,
  }),
  forbidden: (field: string, detail: string): FieldError => ({ type: 'FieldValueForbidden', field, detail: `Forbidden: ${detail}` }),
  duplicate: (field: string, value: unknown): FieldError => ({ type: 'FieldValueDuplicate', field, detail: `Duplicate value: ${JSON.stringify(value)}` }),
};

/** 422 Invalid: `Job.batch "pi" is invalid: spec.x: ...` (errors.NewInvalid). */
export function invalid(kindDotGroup: string, name: string, errs: FieldError[]): ApiError {
  const msgs = errs.map((e) => `${e.field}: ${e.detail}`);
  const joined = msgs.length === 1 ? msgs[0] : `[${msgs.join(', ')}]`;
  const dot = kindDotGroup.indexOf('.');
  return new ApiError(422, 'Invalid', `${kindDotGroup} "${name}" is invalid: ${joined}`, {
    name,
    group: dot < 0 ? '' : kindDotGroup.slice(dot + 1),
    kind: dot < 0 ? kindDotGroup : kindDotGroup.slice(0, dot),
    causes: errs.map((e) => ({ reason: e.type, message: e.detail, field: e.field })),
  });
}
