/**
 * Recognising the API server's answer to a create in a namespace that is gone or being deleted, which
 * controllers treat as "nothing to do" (upstream: errors.HasStatusCause(err, NamespaceTerminatingCause)).
 */
import {ApiError} from '../../api/errors.js'

/**
 * True when `err` says the namespace is being terminated: a 403 with the NamespaceTerminating cause, or
 * (mkube's namespace lifecycle check) a 403 whose message says "is being terminated".
 */
export function isNamespaceTerminating(err: unknown): boolean {
  if (!(err instanceof ApiError) || err.code !== 403) return false
  if ((err.status.details?.causes ?? []).some((c) => c.reason === 'NamespaceTerminating')) return true
  return /because it is being terminated/.test(err.message)
}
