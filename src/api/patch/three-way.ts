import {malformed} from './errors.js'
import {canonicalJson, deepClone, hasOwn, isObject, setKey, type JsonObject, type JsonValue} from './json.js'
import {fieldMeta, strategicSchemaFor, type PatchSchema} from './schema.js'
import {diffMaps} from './diff.js'
import {createMergePatch, filterMergePatch} from './merge-patch.js'
import {PATCH_DIRECTIVE} from './directives.js'

/**
 * Client-side apply (kubectl apply): three-way patches between the last applied configuration (stored in
 * an annotation), the new manifest and the live object. The patch sets what the manifest changes or
 * adds relative to the live object, deletes what the previous apply declared and the manifest no longer
 * does, and leaves alone everything else the live object has (fields set by the server or other actors).
 * The result is {} when there is nothing to do, so the CLI can report "unchanged".
 *
 * Null members of the manifest and of the last applied configuration count as absent (a YAML
 * `creationTimestamp: null` or `status: null` asks for nothing), so re-applying such a manifest is a no-op.
 */

/** The annotation in which apply records the configuration it applied. */
export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration'

function asObject(v: unknown, what: string): JsonObject {
  if (!isObject(v)) throw malformed(`${what} must be a JSON object`)
  return v
}

/** A copy of `v` without null object members (at any depth). */
function dropNulls(v: JsonValue): JsonValue {
  if (Array.isArray(v)) return v.map(dropNulls)
  if (!isObject(v)) return v
  const out: JsonObject = {}
  for (const k of Object.keys(v)) if (v[k] !== null) setKey(out, k, dropNulls(v[k]))
  return out
}

function prepare(v: unknown, what: string): JsonObject {
  return dropNulls(deepClone(asObject(v, what))) as JsonObject
}

/**
 * The strategic merge patch for applying `modified` (the manifest) to `current` (the live object of kind
 * `kind`), given the previously applied configuration `lastApplied` (undefined on the first apply).
 */
export function createThreeWayMergePatch(kind: string, lastApplied: unknown, modified: unknown, current: unknown): JsonObject {
  const schema = strategicSchemaFor(kind)
  const mod = prepare(modified, 'the modified configuration')
  const cur = deepClone(asObject(current, 'the current object'))
  const last = lastApplied === undefined || lastApplied === null ? {} : prepare(lastApplied, 'the last applied configuration')
  const delta = diffMaps(cur, mod, schema, {ignoreDeletions: true}, false)
  const deletions = diffMaps(last, mod, schema, {ignoreChangesAndAdditions: true}, false)
  return combinePatches(deletions, delta, schema)
}

/**
 * Combine the deletions half and the changes half of a three-way patch. Their fields are disjoint except
 * for nested maps (combined recursively), merged lists (element patches for the same key combined) and
 * the directives derived from `modified` alone ($setElementOrder, $retainKeys), which are identical.
 */
function combinePatches(deletions: JsonObject, delta: JsonObject, schema: PatchSchema): JsonObject {
  const out = deletions
  for (const key of Object.keys(delta)) {
    const dv = delta[key]
    const ov = hasOwn(out, key) ? out[key] : undefined
    const meta = fieldMeta(schema, key)
    if (isObject(ov) && isObject(dv)) setKey(out, key, combinePatches(ov, dv, meta.fields ?? {}))
    else if (Array.isArray(ov) && Array.isArray(dv) && meta.mergeKey) setKey(out, key, combineLists(ov, dv, meta.mergeKey, meta.fields ?? {}))
    else setKey(out, key, dv)
  }
  return out
}

function combineLists(deletions: JsonValue[], delta: JsonValue[], mergeKey: string, schema: PatchSchema): JsonValue[] {
  const out = delta.slice()
  for (const d of deletions) {
    const idx = isObject(d) && !hasOwn(d, PATCH_DIRECTIVE) ? out.findIndex((e) => isObject(e) && canonicalJson(e[mergeKey]) === canonicalJson(d[mergeKey])) : -1
    if (idx >= 0) out[idx] = combinePatches(d as JsonObject, out[idx] as JsonObject, schema)
    else out.push(d)
  }
  return out
}

/**
 * The JSON merge patch variant, for kinds without a strategic schema (custom resources): lists are
 * replaced whole. Same three inputs and guarantees as createThreeWayMergePatch.
 */
export function createThreeWayJsonMergePatch(lastApplied: unknown, modified: unknown, current: unknown): JsonObject {
  const mod = prepare(modified, 'the modified configuration')
  const cur = deepClone(asObject(current, 'the current object'))
  const last = lastApplied === undefined || lastApplied === null ? {} : prepare(lastApplied, 'the last applied configuration')
  const addAndChange = filterMergePatch(createMergePatch(cur, mod), false)
  const deletions = filterMergePatch(createMergePatch(last, mod), true)
  return applyMergePatchOfPatches(deletions, addAndChange)
}

/** Deep-merge two patches whose members do not conflict (the additions contain no nulls). */
function applyMergePatchOfPatches(deletions: JsonObject, additions: JsonObject): JsonObject {
  const out = deletions
  for (const key of Object.keys(additions)) {
    const a = additions[key]
    const d = hasOwn(out, key) ? out[key] : undefined
    if (isObject(d) && isObject(a)) setKey(out, key, applyMergePatchOfPatches(d, a))
    else setKey(out, key, a)
  }
  return out
}

/**
 * The configuration recorded by the last apply (parsed from the annotation); undefined when the object
 * was never applied or the annotation is not a JSON object.
 */
export function getLastAppliedConfiguration(obj: unknown): JsonObject | undefined {
  if (!isObject(obj) || !isObject(obj.metadata) || !isObject(obj.metadata.annotations)) return undefined
  const text = obj.metadata.annotations[LAST_APPLIED_ANNOTATION]
  if (typeof text !== 'string') return undefined
  try {
    const parsed: unknown = JSON.parse(text)
    return isObject(parsed) ? parsed : undefined
  } catch {
    return undefined
  }
}

/**
 * kubectl's GetModifiedConfiguration with annotate=true: a copy of `manifest` whose last-applied
 * annotation holds the manifest itself (without that annotation) as canonical JSON (sorted keys), so
 * the same manifest always yields the same annotation.
 */
export function withLastAppliedConfiguration(manifest: unknown): JsonObject {
  const obj = deepClone(asObject(manifest, 'the manifest'))
  const metadata: JsonObject = isObject(obj.metadata) ? obj.metadata : {}
  const annotations: JsonObject = isObject(metadata.annotations) ? metadata.annotations : {}
  delete annotations[LAST_APPLIED_ANNOTATION]
  if (Object.keys(annotations).length === 0) delete metadata.annotations
  else metadata.annotations = annotations
  obj.metadata = metadata
  const recorded = canonicalJson(obj)
  metadata.annotations = {...annotations, [LAST_APPLIED_ANNOTATION]: recorded}
  return obj
}
