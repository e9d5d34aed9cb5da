import type {ResourceDef} from '../api/resource.js'
import type {VirtualResource} from './reviews.js'

/** The Kubernetes version mkube speaks (what /version reports; kubectl 1.32 warns beyond ±1 minor). */
export const kubeVersion = {major: '1', minor: '32', gitVersion: 'v1.32.0-mkube'}

/** /version body. */
export function versionInfo(): Record<string, string> {
  return {
    major: kubeVersion.major,
    minor: kubeVersion.minor,
    gitVersion: kubeVersion.gitVersion,
    gitCommit: 'mkube',
    gitTreeState: 'clean',
    buildDate: '2026-11-01T00:00:00Z',
    goVersion: `node${process.versions.node}`,
    compiler: 'tsc',
    platform: `${process.platform}/${process.arch === 'x64' ? 'amd64' : process.arch}`,
  }
}

const allVerbs = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch']

/** Discovery facts of each subresource: kind, group/version when it differs, verbs. */
const subresourceInfo: Record<string, {kind?: string; group?: string; version?: string; verbs: string[]}> = {
  status: {verbs: ['get', 'patch', 'update']},
  scale: {kind: 'Scale', group: 'autoscaling', version: 'v1', verbs: ['get', 'patch', 'update']},
  binding: {kind: 'Binding', verbs: ['create']},
  eviction: {kind: 'Eviction', group: 'policy', version: 'v1', verbs: ['create']},
  log: {verbs: ['get']},
  exec: {kind: 'PodExecOptions', verbs: ['create', 'get']},
  attach: {kind: 'PodAttachOptions', verbs: ['create', 'get']},
  portforward: {kind: 'PodPortForwardOptions', verbs: ['create', 'get']},
  proxy: {kind: 'PodProxyOptions', verbs: ['create', 'delete', 'get', 'patch', 'update']},
  finalize: {verbs: ['update']},
}

/** APIResource entries (resource plus subresources) of one group/version, as /api/v1 and /apis/g/v list them. */
export function apiResources(defs: ResourceDef[]): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = []
  for (const d of defs) {
    out.push({
      name: d.resource,
      singularName: d.singular,
      namespaced: d.namespaced,
      kind: d.kind,
      verbs: allVerbs,
      ...(d.shortNames.length ? {shortNames: d.shortNames} : {}),
      ...(d.categories.length ? {categories: d.categories} : {}),
    })
    for (const s of d.subresources) {
      const info = subresourceInfo[s] ?? {verbs: ['get']}
      out.push({
        name: `${d.resource}/${s}`,
        singularName: '',
        namespaced: d.namespaced,
        ...(info.group ? {group: info.group, version: info.version} : {}),
        kind: info.kind ?? d.kind,
        verbs: info.verbs,
      })
    }
  }
  return out
}

/** Group/versions served, core first. */
export function groupVersions(defs: ResourceDef[]): {group: string; version: string; defs: ResourceDef[]}[] {
  const map = new Map<string, {group: string; version: string; defs: ResourceDef[]}>()
  for (const d of defs) {
    const k = `${d.group}/${d.version}`
    if (!map.has(k)) map.set(k, {group: d.group, version: d.version, defs: []})
    map.get(k)!.defs.push(d)
  }
  return [...map.values()]
}

/** GET /api. */
export function apiVersions(serverAddress: string): Record<string, unknown> {
  return {kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{clientCIDR: '0.0.0.0/0', serverAddress}]}
}

/** One APIGroup entry. */
export function apiGroup(group: string, versions: string[]): Record<string, unknown> {
  const vs = versions.map((v) => ({groupVersion: `${group}/${v}`, version: v}))
  return {kind: 'APIGroup', apiVersion: 'v1', name: group, versions: vs, preferredVersion: vs[0]}
}

/** GET /apis (`virtual`: create-only resources without a store, e.g. the self reviews). */
export function apiGroupList(defs: ResourceDef[], virtual: readonly VirtualResource[] = []): Record<string, unknown> {
  const groups = new Map<string, string[]>()
  for (const gv of [...groupVersions(defs), ...virtual]) {
    if (!gv.group) continue
    if (!groups.has(gv.group)) groups.set(gv.group, [])
    if (!groups.get(gv.group)!.includes(gv.version)) groups.get(gv.group)!.push(gv.version)
  }
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: [...groups.entries()].map(([g, vs]) => {
      const {kind: _k, apiVersion: _a, ...rest} = apiGroup(g, vs)
      return rest
    }),
  }
}

/** GET /api/v1 or /apis/<g>/<v>. */
export function apiResourceList(group: string, version: string, defs: ResourceDef[], virtual: readonly VirtualResource[] = []): Record<string, unknown> {
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: group ? `${group}/${version}` : version,
    resources: [
      ...apiResources(defs.filter((d) => d.group === group && d.version === version)),
      ...virtual.filter((v) => v.group === group && v.version === version).map((v) => ({name: v.resource, singularName: '', namespaced: false, kind: v.kind, verbs: ['create']})),
    ],
  }
}
