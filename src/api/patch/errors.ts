import {ApiError, badRequest, tooLarge} from '../errors.js'

/**
 * HTTP status a patch failure maps to, as the Kubernetes API server answers it:
 * 400 for a patch document that cannot be parsed or has a malformed directive, 413 for a JSON patch with
 * too many operations, 422 for a well-formed patch that cannot be applied to the object (missing path,
 * failed `test`, retainKeys mismatch, lists of lists …).
 */
export type PatchErrorCode = 400 | 413 | 422

/** PatchError: thrown by every function of src/api/patch on a bad or inapplicable patch. */
export class PatchError extends Error {
  constructor(
    message: string,
    /** set by the thrower; see PatchErrorCode */
    readonly code: PatchErrorCode = 422,
  ) {
    super(message)
    this.name = 'PatchError'
  }

  /** The Status error the API server answers with (BadRequest, RequestEntityTooLarge or Invalid). */
  toApiError(): ApiError {
    if (this.code === 400) return badRequest(this.message)
    if (this.code === 413) return tooLarge(this.message)
    return new ApiError({message: this.message, reason: 'Invalid', code: 422, details: {causes: [{message: this.message}]}})
  }
}

/** A 400 PatchError: the patch document itself is malformed. */
export function malformed(message: string): PatchError {
  return new PatchError(message, 400)
}

/** A 422 PatchError: the patch is well-formed but cannot be applied. */
export function inapplicable(message: string): PatchError {
  return new PatchError(message, 422)
}
