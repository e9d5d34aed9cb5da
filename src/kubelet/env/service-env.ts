/**
 * Service link variables (Kubernetes' envvars.FromServices / getServiceEnvVarMap): for every service
 * of the pod's namespace with a cluster IP (when enableServiceLinks, the default) and always for the
 * `kubernetes` service of the default namespace: FOO_SERVICE_HOST, FOO_SERVICE_PORT(_NAME) and the
 * Docker-link style FOO_PORT, FOO_PORT_80_TCP(_PROTO|_PORT|_ADDR).
 */
import type {Service} from '../../api/types/service.js'

/** Services whose variables are added to every pod, from the default namespace. */
const masterServices = new Set(['kubernetes'])

function hasClusterIP(s: Service): boolean {
  const ip = s.spec?.clusterIP
  return !!ip && ip !== 'None'
}

function varName(s: string): string {
  return s.replace(/-/g, '_').toUpperCase()
}

function hostPort(ip: string, port: number): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`
}

/** The variables of the given services, in order. */
export function fromServices(services: Service[]): [string, string][] {
  const out: [string, string][] = []
  for (const s of services) {
    if (!hasClusterIP(s) || !s.spec?.ports?.length) continue
    const ip = s.spec.clusterIP!
    const prefix = varName(s.metadata.name ?? '')
    out.push([`${prefix}_SERVICE_HOST`, ip])
    out.push([`${prefix}_SERVICE_PORT`, String(s.spec.ports[0].port)])
    for (const p of s.spec.ports) if (p.name) out.push([`${prefix}_SERVICE_PORT_${varName(p.name)}`, String(p.port)])
    s.spec.ports.forEach((p, i) => {
      const proto = p.protocol || 'TCP'
      const url = `${proto.toLowerCase()}://${hostPort(ip, p.port)}`
      if (i === 0) out.push([`${prefix}_PORT`, url])
      const pp = `${prefix}_PORT_${p.port}_${proto.toUpperCase()}`
      out.push([pp, url], [`${pp}_PROTO`, proto.toLowerCase()], [`${pp}_PORT`, String(p.port)], [`${pp}_ADDR`, ip])
    })
  }
  return out
}

/**
 * The service variables of a pod in `namespace`: `services` are those of the pod's namespace plus the
 * default namespace's (others are ignored).
 */
export function serviceEnvFor(namespace: string, enableServiceLinks: boolean, services: Service[]): Record<string, string> {
  const chosen = new Map<string, Service>()
  for (const s of services) {
    if (!hasClusterIP(s)) continue
    const name = s.metadata.name ?? ''
    if (s.metadata.namespace === 'default' && masterServices.has(name)) {
      if (!chosen.has(name)) chosen.set(name, s)
    } else if (s.metadata.namespace === namespace && enableServiceLinks) chosen.set(name, s)
  }
  const sorted = [...chosen.values()].sort((a, b) => ((a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1))
  return Object.fromEntries(fromServices(sorted))
}
