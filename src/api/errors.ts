import type {Status, StatusCause} from './meta.js'

/**
 * ApiError: an error that carries a Kubernetes Status. Thrown by validation, the store adapter and the
 * API server handlers; serialised verbatim as the HTTP answer; rebuilt by the client from an answer.
 */
export class ApiError extends Error {
  readonly status: Status

  constructor(status: Status) {
    super(status.message ?? status.reason ?? 'error')
    this.status = {kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', ...status}
  }

  get code(): number {
    return this.status.code ?? 500
  }

  get reason(): string {
    return this.status.reason ?? 'Unknown'
  }
}

/** Identity of the object an error is about, for Status.details. */
export interface ErrorTarget {
  kind?: string
  group?: string
  name?: string
}

function qualified(t: ErrorTarget): string {
  const resource = t.kind ?? 'object'
  return t.group ? `${resource}.${t.group}` : resource
}

/** 400 BadRequest: the request could not be parsed or is malformed. */
export function badRequest(message: string): ApiError {
  return new ApiError({message, reason: 'BadRequest', code: 400})
}

/** 401 Unauthorized. */
export function unauthorized(message = 'Unauthorized'): ApiError {
  return new ApiError({message, reason: 'Unauthorized', code: 401})
}

/** 403 Forbidden. */
export function forbidden(message: string, t: ErrorTarget = {}): ApiError {
  return new ApiError({message, reason: 'Forbidden', code: 403, details: {name: t.name, group: t.group, kind: t.kind}})
}

/** 404 NotFound, worded as Kubernetes does: `pods "x" not found`. `resource` is the plural (pods, deployments.apps). */
export function notFound(resource: string, name: string, group?: string): ApiError {
  const full = group ? `${resource}.${group}` : resource
  return new ApiError({
    message: `${full} "${name}" not found`,
    reason: 'NotFound',
    code: 404,
    details: {name, group, kind: resource},
  })
}

/** 409 AlreadyExists. */
export function alreadyExists(resource: string, name: string, group?: string): ApiError {
  const full = group ? `${resource}.${group}` : resource
  return new ApiError({
    message: `${full} "${name}" already exists`,
    reason: 'AlreadyExists',
    code: 409,
    details: {name, group, kind: resource},
  })
}

/** 409 Conflict: an update carried a stale resourceVersion (or another precondition failed). */
export function conflict(resource: string, name: string, why: string, group?: string): ApiError {
  const full = group ? `${resource}.${group}` : resource
  return new ApiError({
    message: `Operation cannot be fulfilled on ${full} "${name}": ${why}`,
    reason: 'Conflict',
    code: 409,
    details: {name, group, kind: resource},
  })
}

/** 410 Gone / Expired: a watch or list asked for a compacted revision. */
export function gone(message: string): ApiError {
  return new ApiError({message, reason: 'Expired', code: 410})
}

/** 422 Invalid with one cause per bad field. `kind` is the Kind (Pod), as Kubernetes words it. */
export function invalid(kind: string, name: string, causes: StatusCause[], group?: string): ApiError {
  const list = causes.map((c) => (c.field ? `${c.field}: ${c.message}` : c.message)).join(', ')
  return new ApiError({
    message: `${qualified({kind, group})} "${name}" is invalid: ${causes.length > 1 ? `[${list}]` : list}`,
    reason: 'Invalid',
    code: 422,
    details: {name, group, kind, causes},
  })
}

/** 405 MethodNotAllowed. */
export function methodNotAllowed(message: string): ApiError {
  return new ApiError({message, reason: 'MethodNotAllowed', code: 405})
}

/** 406 NotAcceptable. */
export function notAcceptable(message: string): ApiError {
  return new ApiError({message, reason: 'NotAcceptable', code: 406})
}

/** 415 UnsupportedMediaType. */
export function unsupportedMediaType(message: string): ApiError {
  return new ApiError({message, reason: 'UnsupportedMediaType', code: 415})
}

/** 413 RequestEntityTooLarge. */
export function tooLarge(message: string): ApiError {
  return new ApiError({message, reason: 'RequestEntityTooLarge', code: 413})
}

/** 500 InternalError. */
export function internal(message: string): ApiError {
  return new ApiError({message: `Internal error occurred: ${message}`, reason: 'InternalError', code: 500})
}

/** 503 ServiceUnavailable. */
export function unavailable(message: string): ApiError {
  return new ApiError({message, reason: 'ServiceUnavailable', code: 503})
}

/** Cause helpers used by validation: FieldValueRequired, FieldValueInvalid, … (Kubernetes' cause reasons). */
export const cause = {
  required: (field: string, message = 'Required value'): StatusCause => ({reason: 'FieldValueRequired', message, field}),
  invalid: (field: string, value: unknown, detail: string): StatusCause => ({
    reason: 'FieldValueInvalid',
    message: `Invalid value: ${JSON.stringify(value)}: ${detail}`,
    field,
  }),
  notSupported: (field: string, value: unknown, supported: string[]): StatusCause => ({
    reason: 'FieldValueNotSupported',
    message: `Unsupported value: ${JSON.stringify(value)}: supported values: ${supported.map((s) => `"${s}"`).join(', ')}`,
    field,
  }),
  duplicate: (field: string, value: unknown): StatusCause => ({
    reason: 'FieldValueDuplicate',
    message: `Duplicate value: ${JSON.stringify(value)}`,
    field,
  }),
  forbidden: (field: string, message: string): StatusCause => ({reason: 'FieldValueForbidden', message: `Forbidden: ${message}`, field}),
  tooLong: (field: string, value: unknown, max: number): StatusCause => ({
    reason: 'FieldValueTooLong',
    message: `Too long: may not be more than ${max} bytes`,
    field,
  }),
  unknownField: (field: string): StatusCause => ({reason: 'FieldValueInvalid', message: `unknown field "${field}"`, field}),
}
