/**
 * Content negotiation for the API server: which representation an `Accept` header asks for.
 * Pure. kubectl asks for `application/json;as=Table;v=v1;g=meta.k8s.io,application/json` for human output.
 */

/** One media range of an Accept header. */
export interface MediaRange {
  type: string
  params: Record<string, string>
}

/** What the answer should be. */
export interface Representation {
  /** 'json' (the object), 'table' (meta.k8s.io/v1 Table), 'partial' (PartialObjectMetadata[List]) */
  as: 'json' | 'table' | 'partial'
  /** 'yaml' when the client asked for application/yaml only */
  encoding: 'json' | 'yaml'
}

/** Parses an Accept header into media ranges, in order. */
export function parseAccept(header: string | undefined): MediaRange[] {
  if (!header) return []
  return header.split(',').map((part) => {
    const [type, ...params] = part.split(';').map((s) => s.trim())
    const p: Record<string, string> = {}
    for (const kv of params) {
      const i = kv.indexOf('=')
      if (i > 0) p[kv.slice(0, i).trim()] = kv.slice(i + 1).trim().replace(/^"|"$/g, '')
    }
    return {type: type.toLowerCase(), params: p}
  })
}

/**
 * Picks the first acceptable representation. Returns null when nothing acceptable is offered
 * (→ 406 NotAcceptable). Protobuf and CBOR ranges are skipped (JSON is served instead when also accepted).
 */
export function negotiate(header: string | undefined): Representation | null {
  const ranges = parseAccept(header)
  if (ranges.length === 0) return {as: 'json', encoding: 'json'}
  for (const r of ranges) {
    const jsonish = r.type === 'application/json' || r.type === '*/*' || r.type === 'application/*'
    const yaml = r.type === 'application/yaml'
    if (!jsonish && !yaml) continue
    const encoding = yaml ? 'yaml' : 'json'
    if (r.params.as) {
      if (r.params.g !== 'meta.k8s.io' || (r.params.v !== 'v1' && r.params.v !== 'v1beta1')) continue
      if (r.params.as === 'Table') return {as: 'table', encoding}
      if (r.params.as === 'PartialObjectMetadata' || r.params.as === 'PartialObjectMetadataList') return {as: 'partial', encoding}
      continue
    }
    return {as: 'json', encoding}
  }
  return null
}
