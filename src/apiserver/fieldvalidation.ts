import type {ServerResponse} from 'node:http'
import type {KubeObject} from '../api/meta.js'
import type {ResourceDef} from '../api/resource.js'
import {badRequest, invalid} from '../api/errors.js'
import {
  findDuplicateFieldsInJson,
  findFieldProblemsInJson,
  findJsonPatchProblems,
  findUnknownFields,
  goValueString,
  hasProblems,
  mergeProblems,
  patchStrictDecodingCause,
  pruneUnknownFields,
  strictDecodingError,
  unknownFieldWarnings,
  warningHeaderValues,
  type FieldProblems,
} from '../api/schema/index.js'

/** The fieldValidation directive of a write: Strict rejects unknown/duplicate fields, Warn (default) warns, Ignore drops them silently. */
export type FieldValidation = 'Strict' | 'Warn' | 'Ignore'

/** Reads ?fieldValidation= (default Warn, as the API server since 1.27); 400 for other values. */
export function fieldValidationMode(value: string | undefined): FieldValidation {
  if (value === undefined || value === '') return 'Warn'
  if (value === 'Strict' || value === 'Warn' || value === 'Ignore') return value
  throw badRequest(`fieldValidation must be one of "Ignore", "Warn", or "Strict", got "${value}"`)
}

function gvk(def: ResourceDef) {
  return {group: def.group, version: def.version, kind: def.kind}
}

/** Adds `Warning: 299 - "…"` headers (kubectl prints them as "Warning: …"). */
export function addWarnings(res: ServerResponse, texts: string[]): void {
  if (!texts.length) return
  const values = warningHeaderValues(texts).filter((v) => !/[^\u0000-\u00ff]/.test(v))
  const prev = res.getHeader('Warning')
  const list = prev === undefined ? [] : Array.isArray(prev) ? prev.map(String) : [String(prev)]
  res.setHeader('Warning', [...list, ...values.filter((v) => !list.includes(v))])
}

function report(res: ServerResponse, mode: FieldValidation, p: FieldProblems, strict: () => Error): void {
  if (mode === 'Ignore' || !hasProblems(p)) return
  if (mode === 'Strict') throw strict()
  addWarnings(res, unknownFieldWarnings(p))
}

/**
 * Checks a create/update body (its raw text, for duplicate keys) against the kind's schema: Strict → 400
 * with upstream's "strict decoding error" text; Warn → Warning headers; then unknown fields are dropped
 * from `body` before it is stored, as Kubernetes' decoding drops them.
 */
export function checkBodyFields(res: ServerResponse, def: ResourceDef, mode: FieldValidation, text: string, body: KubeObject): void {
  if (mode !== 'Ignore') {
    const p = findFieldProblemsInJson(gvk(def), text)
    report(res, mode, p, () => badRequest(strictDecodingError(def.kind, def.version, p)))
  }
  pruneUnknownFields(gvk(def), body)
}

/**
 * Checks a patch: duplicate keys in the patch text and unknown fields in the patched object. Strict → 422
 * as upstream words it; Warn → Warning headers; unknown fields are then dropped from `patched`.
 */
export function checkPatchedFields(res: ServerResponse, def: ResourceDef, mode: FieldValidation, type: 'json' | 'merge' | 'strategic', patchText: string, patch: unknown, patched: KubeObject): void {
  if (mode !== 'Ignore') {
    const p = mergeProblems(type === 'json' ? findJsonPatchProblems(patchText) : findDuplicateFieldsInJson(patchText), findUnknownFields(gvk(def), patched))
    report(res, mode, p, () => invalid('', '', [patchStrictDecodingCause(p, type === 'strategic' ? goValueString(patch) : JSON.stringify(patched))]))
  }
  pruneUnknownFields(gvk(def), patched)
}
