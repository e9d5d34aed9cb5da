/**
 * RequestInfo: what a Kubernetes REST path and method mean, parsed as the upstream apiserver's
 * RequestInfoFactory does. Pure; used by the router of the API server.
 *
 *   /api/v1/namespaces/ns/pods/name/status    → group '', version v1, namespace ns, resource pods, name, subresource status
 *   /apis/apps/v1/deployments                  → all-namespaces list of deployments
 *   /api/v1/namespaces/ns                      → the namespace object "ns" (resource namespaces)
 */
export interface RequestInfo {
  /** true for /api and /apis paths (resource requests and discovery); false for /healthz, /version … */
  isResourceRequest: boolean
  /** get, list, watch, create, update, patch, delete, deletecollection, or the lower-case HTTP method for non-resource paths */
  verb: string
  apiPrefix: 'api' | 'apis' | ''
  group: string
  version: string
  namespace: string
  resource: string
  subresource: string
  name: string
  /** the path segments after the subresource (pods/x/proxy/…) */
  parts: string[]
  path: string
}

const namespaceSubresources = new Set(['status', 'finalize'])

/** Parses a URL path (without query) and method; `watch` comes from the query (?watch=true). */
export function parseRequestInfo(method: string, path: string, query: URLSearchParams): RequestInfo {
  const info: RequestInfo = {
    isResourceRequest: false,
    verb: method.toLowerCase(),
    apiPrefix: '',
    group: '',
    version: '',
    namespace: '',
    resource: '',
    subresource: '',
    name: '',
    parts: [],
    path,
  }
  const segs = path.split('/').filter((s) => s !== '').map(decodeSegment)
  if (segs[0] !== 'api' && segs[0] !== 'apis') return info
  info.apiPrefix = segs[0]
  let rest = segs.slice(1)
  if (info.apiPrefix === 'apis') {
    if (rest.length < 2) return info // /apis or /apis/<group>: discovery
    info.group = rest[0]
    rest = rest.slice(1)
  }
  if (rest.length < 1) return info // /api: discovery
  info.version = rest[0]
  rest = rest.slice(1)
  if (rest.length === 0) return info // /api/v1: discovery
  info.isResourceRequest = true

  if (rest[0] === 'watch') {
    // legacy /watch/ prefix: always a watch
    info.verb = 'watch'
    rest = rest.slice(1)
  }
  if (rest[0] === 'namespaces' && rest.length >= 2) {
    info.namespace = rest[1]
    // namespaces/<ns>/<resource>/…: a namespaced resource; namespaces/<ns>[/status|/finalize]: the namespace itself
    if (rest.length > 2 && !namespaceSubresources.has(rest[2])) rest = rest.slice(2)
  }
  info.resource = rest[0]
  if (rest.length >= 2) info.name = rest[1]
  if (rest.length >= 3) info.subresource = rest[2]
  if (rest.length > 3) info.parts = rest.slice(3)
  // a Namespace object is cluster-scoped: its own namespace is empty
  if (info.resource === 'namespaces') info.namespace = ''

  if (info.verb !== 'watch') {
    const m = method.toUpperCase()
    const isWatch = query.get('watch') === 'true' || query.get('watch') === '1'
    switch (m) {
      case 'GET':
      case 'HEAD':
        info.verb = info.name ? 'get' : isWatch ? 'watch' : 'list'
        if (info.name && isWatch && !info.subresource) info.verb = 'watch'
        break
      case 'POST':
        info.verb = 'create'
        break
      case 'PUT':
        info.verb = 'update'
        break
      case 'PATCH':
        info.verb = 'patch'
        break
      case 'DELETE':
        info.verb = info.name ? 'delete' : 'deletecollection'
        break
      default:
        info.verb = m.toLowerCase()
    }
  }
  return info
}

function decodeSegment(s: string): string {
  try {
    return decodeURIComponent(s)
  } catch {
    return s
  }
}
