/**
 * Client-side errors: ApiError rebuilt from an HTTP answer, ConnectionError when the API server cannot be
 * reached, and predicates controllers use (isNotFound, isConflict, …) as client-go's apierrors does.
 */
import {ApiError} from '../api/errors.js'
import type {Status} from '../api/meta.js'

/** The server could not be reached (refused, reset, DNS, TLS, timeout). `code` is Node's error code. */
export class ConnectionError extends Error {
  readonly code: string
  constructor(server: string, cause: Error & {code?: string}) {
    super(`cannot reach the API server at ${server}: ${cause.message}`, {cause})
    this.name = 'ConnectionError'
    this.code = cause.code ?? 'ECONNRESET'
  }
}

/** True for a ConnectionError (the server is down or unreachable). */
export function isConnectionError(err: unknown): err is ConnectionError {
  return err instanceof ConnectionError
}

const REASONS: Record<number, [string, string]> = {
  400: ['BadRequest', 'the server rejected our request for an unknown reason'],
  401: ['Unauthorized', 'the server has asked for the client to provide credentials'],
  403: ['Forbidden', 'the server does not allow access to the requested resource'],
  404: ['NotFound', 'the server could not find the requested resource'],
  405: ['MethodNotAllowed', 'the server does not allow this method on the requested resource'],
  406: ['NotAcceptable', 'the server was unable to respond with a content type that the client supports'],
  409: ['Conflict', 'the server reported a conflict'],
  410: ['Expired', 'the resource version requested is too old'],
  413: ['RequestEntityTooLarge', 'the request is too large'],
  415: ['UnsupportedMediaType', 'the server does not support the content type of the request'],
  422: ['Invalid', 'the server rejected our request due to an error in our request'],
  429: ['TooManyRequests', 'the server has received too many requests and has asked us to try again later'],
  500: ['InternalError', 'an error on the server has prevented the request from succeeding'],
  503: ['ServiceUnavailable', 'the server is currently unable to handle the request'],
  504: ['Timeout', 'the server was unable to return a response in the time allotted, but may still be processing the request'],
}

function isStatus(v: unknown): v is Status {
  return typeof v === 'object' && v !== null && (v as Status).kind === 'Status'
}

/**
 * The ApiError for a non-2xx answer: the Status body when the server sent one (its code defaulted to the
 * HTTP status), else a Status synthesised from the HTTP code with the body text as a cause.
 */
export function errorFromResponse(httpCode: number, body: string): ApiError {
  let parsed: unknown
  try {
    parsed = body ? JSON.parse(body) : undefined
  } catch {
    parsed = undefined
  }
  if (isStatus(parsed)) return new ApiError({...parsed, code: parsed.code || httpCode})
  const [reason, generic] = REASONS[httpCode] ?? ['Unknown', `the server responded with the status code ${httpCode} but did not return more information`]
  const text = body.trim()
  return new ApiError({
    code: httpCode,
    reason,
    message: text && text.length <= 200 && !text.includes('\n') ? `${generic} (${text})` : generic,
    details: text ? {causes: [{reason: 'UnexpectedServerResponse', message: text.slice(0, 1000)}]} : undefined,
  })
}

/** The ApiError carried by a watch ERROR event (410 when the Status says Expired/Gone without a code). */
export function errorFromWatchStatus(obj: unknown): ApiError {
  if (!isStatus(obj)) return new ApiError({code: 500, reason: 'InternalError', message: `watch error: ${JSON.stringify(obj)}`})
  const code = obj.code || (obj.reason === 'Expired' || obj.reason === 'Gone' ? 410 : 500)
  return new ApiError({...obj, code})
}

function hasCode(err: unknown, code: number, reason?: string): boolean {
  return err instanceof ApiError && (err.code === code || (reason !== undefined && err.reason === reason))
}

/** 404 NotFound. */
export const isNotFound = (err: unknown): boolean => hasCode(err, 404, 'NotFound')
/** 409 AlreadyExists. */
export const isAlreadyExists = (err: unknown): boolean => err instanceof ApiError && err.reason === 'AlreadyExists'
/** 409 Conflict (stale resourceVersion or failed precondition). */
export const isConflict = (err: unknown): boolean => err instanceof ApiError && err.reason === 'Conflict'
/** 410 Gone/Expired (watch or list from a compacted resourceVersion). */
export const isGone = (err: unknown): boolean => hasCode(err, 410, 'Expired') || hasCode(err, 410, 'Gone')
/** 422 Invalid. */
export const isInvalid = (err: unknown): boolean => hasCode(err, 422, 'Invalid')
/** 403 Forbidden. */
export const isForbidden = (err: unknown): boolean => hasCode(err, 403, 'Forbidden')
