import {malformed, inapplicable} from './errors.js'
import {isObject, type JsonObject} from './json.js'
import {applyJsonPatch} from './json-patch.js'
import {applyMergePatch} from './merge-patch.js'
import {applyStrategicMergePatch} from './strategic.js'

/**
 * Patches as the API server receives them: the PATCH content types, and one entry point applying a
 * request body of any of them to a stored object. Errors are PatchError (see toApiError()).
 */

export {PatchError, type PatchErrorCode} from './errors.js'
export {applyJsonPatch, parseJsonPatch, MAX_JSON_PATCH_OPERATIONS, type JsonPatchOperation} from './json-patch.js'
export {applyMergePatch, createMergePatch} from './merge-patch.js'
export {applyStrategicMergePatch, applyStrategicMergePatchWithSchema} from './strategic.js'
export {createTwoWayMergePatch} from './diff.js'
export {
  createThreeWayMergePatch,
  createThreeWayJsonMergePatch,
  getLastAppliedConfiguration,
  withLastAppliedConfiguration,
  LAST_APPLIED_ANNOTATION,
} from './three-way.js'
export {hasStrategicSchema, patchMetaAt, strategicSchemaFor, type FieldPatchMeta, type PatchSchema} from './schema.js'
export type {JsonObject, JsonValue} from './json.js'

/** The three patch types Kubernetes serves (server-side apply is not implemented). */
export type PatchType = 'json' | 'merge' | 'strategic'

/** Content type of each patch type, as clients send it. */
export const PATCH_CONTENT_TYPES: Readonly<Record<PatchType, string>> = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
}

/**
 * The patch type of a request's Content-Type (parameters such as charset ignored); undefined for
 * anything else, which the API server answers with 415 UnsupportedMediaType.
 */
export function patchTypeFromContentType(contentType: string | undefined): PatchType | undefined {
  const base = (contentType ?? '').split(';')[0].trim().toLowerCase()
  for (const [type, ct] of Object.entries(PATCH_CONTENT_TYPES)) if (ct === base) return type as PatchType
  return undefined
}

function parseBody(body: unknown, type: PatchType): unknown {
  const text = typeof body === 'string' ? body : body instanceof Uint8Array ? new TextDecoder().decode(body) : undefined
  if (text === undefined) return body
  try {
    return JSON.parse(text)
  } catch (e) {
    throw malformed(`invalid ${type === 'json' ? 'JSON patch' : type === 'merge' ? 'merge patch' : 'strategic merge patch'} document: ${(e as Error).message}`)
  }
}

/**
 * Apply a PATCH request body (JSON text, bytes or parsed value) of `type` to `original` (a stored object
 * of kind `kind`). Returns the patched object; throws PatchError. The result must still be a JSON object.
 */
export function applyPatch(type: PatchType, kind: string, original: unknown, body: unknown): JsonObject {
  const patch = parseBody(body, type)
  let result: unknown
  switch (type) {
    case 'json':
      result = applyJsonPatch(original, patch)
      break
    case 'merge':
      if (!isObject(patch)) throw malformed('a merge patch must be a JSON object')
      result = applyMergePatch(original, patch)
      break
    case 'strategic':
      result = applyStrategicMergePatch(kind, original, patch)
      break
  }
  if (!isObject(result)) throw inapplicable('the patched document is not a JSON object')
  return result
}
