/**
 * Semantic equality as Kubernetes' apiequality.Semantic applies it to decoded objects: an absent field
 * equals its zero value (undefined, null, false, 0, "", [] and {} are all "empty"), so a client that
 * omits `hostNetwork: false` does not "change" it. Quantities are compared after canonicalisation by the
 * defaulting step, so plain comparison suffices here.
 */
function isEmpty(v: unknown): boolean {
  if (v === undefined || v === null || v === false || v === 0 || v === '') return true
  if (Array.isArray(v)) return v.length === 0
  if (typeof v === 'object') return Object.values(v as object).every(isEmpty)
  return false
}

/** Deep, zero-value-tolerant equality of two JSON values. */
export function semanticEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (isEmpty(a) && isEmpty(b)) return true
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false
    return a.every((x, i) => semanticEqual(x, b[i]))
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)])
    for (const k of keys) {
      if (!semanticEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false
    }
    return true
  }
  return false
}
