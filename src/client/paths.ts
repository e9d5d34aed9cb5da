/** REST paths and query strings for resources, as the API server routes them. Pure. */
import type {ResourceRef} from '../api/resource.js'

/** Where in a resource a path points. */
export interface PathParts {
  /** used only for namespaced resources; omitted → all namespaces (collections) */
  namespace?: string
  name?: string
  /** status, scale, binding, log … (requires name) */
  subresource?: string
}

/** Query values: undefined is dropped, arrays repeat the key, booleans and numbers become strings. */
export type Query = Record<string, string | number | boolean | string[] | undefined>

/**
 * The path of a collection, object or subresource: `/api/v1[/namespaces/<ns>]/<resource>[/<name>[/<sub>]]`
 * for the core group, `/apis/<group>/<version>/…` otherwise. Namespace and name are URL-encoded.
 */
export function resourcePath(ref: ResourceRef, parts: PathParts = {}): string {
  let p = ref.group === '' ? `/api/${ref.version}` : `/apis/${ref.group}/${ref.version}`
  if (ref.namespaced && parts.namespace) p += `/namespaces/${encodeURIComponent(parts.namespace)}`
  p += `/${ref.resource}`
  if (parts.name !== undefined) {
    if (parts.name === '') throw new Error(`resource name may not be empty (${ref.resource})`)
    p += `/${encodeURIComponent(parts.name)}`
  }
  if (parts.subresource) {
    if (parts.name === undefined) throw new Error(`subresource ${parts.subresource} needs a name`)
    p += `/${parts.subresource}`
  }
  return p
}

/** `?a=1&b=x` (or '' when nothing is set). */
export function queryString(q: Query | undefined): string {
  if (!q) return ''
  const sp = new URLSearchParams()
  for (const [k, v] of Object.entries(q)) {
    if (v === undefined) continue
    if (Array.isArray(v)) for (const x of v) sp.append(k, x)
    else sp.append(k, String(v))
  }
  const s = sp.toString()
  return s ? `?${s}` : ''
}

/** A label or field selector as a string: passes strings through, formats `{a: 'b'}` as `a=b` (comma-joined, sorted). */
export function formatSelector(sel: string | Record<string, string> | undefined): string | undefined {
  if (sel === undefined || typeof sel === 'string') return sel || undefined
  const s = Object.keys(sel)
    .sort()
    .map((k) => `${k}=${sel[k]}`)
    .join(',')
  return s || undefined
}
