import {at, bool, has, num, obj, type Obj, objs, str} from '../printers/access.js'
import {formatLabelSelector} from '../printers/labels.js'
import {printLabelsMultiline, printAnnotationsMultiline, printTolerationsMultiline} from './common.js'
import {describeContainers} from './containers.js'
import {addQuantity, cmpQuantity, formatQuantity, type Quantity, tryQuantity} from './quantity.js'
import {LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3, type PrefixWriter} from './writer.js'

const optional = (src: Obj): string => String(bool(src.optional))

/** One volume's source lines (the sources a pod can use in mkube; others print "<unknown>"). */
function describeVolumeSource(w: PrefixWriter, v: Obj): void {
  if (has(v, 'hostPath')) {
    const s = obj(v.hostPath)
    w.write(LEVEL_2, `Type:\tHostPath (bare host directory volume)\n    Path:\t${str(s.path)}\n    HostPathType:\t${str(s.type) || '<none>'}\n`)
  } else if (has(v, 'emptyDir')) {
    const s = obj(v.emptyDir)
    const limit = tryQuantity(s.sizeLimit)
    const sizeLimit = limit && limit.nanos > 0n ? formatQuantity(limit) : '<unset>'
    w.write(LEVEL_2, `Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\t${str(s.medium)}\n    SizeLimit:\t${sizeLimit}\n`)
  } else if (has(v, 'gitRepo')) {
    const s = obj(v.gitRepo)
    w.write(LEVEL_2, `Type:\tGitRepo (a volume that is pulled from git when the pod is created)\n    Repository:\t${str(s.repository)}\n    Revision:\t${str(s.revision)}\n`)
  } else if (has(v, 'secret')) {
    const s = obj(v.secret)
    w.write(LEVEL_2, `Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t${str(s.secretName)}\n    Optional:\t${optional(s)}\n`)
  } else if (has(v, 'configMap')) {
    const s = obj(v.configMap)
    w.write(LEVEL_2, `Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t${str(s.name)}\n    Optional:\t${optional(s)}\n`)
  } else if (has(v, 'nfs')) {
    const s = obj(v.nfs)
    w.write(LEVEL_2, `Type:\tNFS (an NFS mount that lasts the lifetime of a pod)\n    Server:\t${str(s.server)}\n    Path:\t${str(s.path)}\n    ReadOnly:\t${bool(s.readOnly)}\n`)
  } else if (has(v, 'persistentVolumeClaim')) {
    const s = obj(v.persistentVolumeClaim)
    w.write(LEVEL_2, `Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n    ClaimName:\t${str(s.claimName)}\n    ReadOnly:\t${bool(s.readOnly)}\n`)
  } else if (has(v, 'downwardAPI')) {
    w.write(LEVEL_2, 'Type:\tDownwardAPI (a volume populated by information about the pod)\n    Items:\n')
    for (const item of objs(at(v, 'downwardAPI', 'items'))) {
      if (has(item, 'fieldRef')) w.write(LEVEL_3, `${str(at(item, 'fieldRef', 'fieldPath'))} -> ${str(item.path)}\n`)
      if (has(item, 'resourceFieldRef')) w.write(LEVEL_3, `${str(at(item, 'resourceFieldRef', 'resource'))} -> ${str(item.path)}\n`)
    }
  } else if (has(v, 'projected')) {
    w.write(LEVEL_2, 'Type:\tProjected (a volume that contains injected data from multiple sources)\n')
    for (const src of objs(at(v, 'projected', 'sources'))) {
      if (has(src, 'secret')) w.write(LEVEL_2, `SecretName:\t${str(at(src, 'secret', 'name'))}\n    Optional:\t${optional(obj(src.secret))}\n`)
      else if (has(src, 'downwardAPI')) w.write(LEVEL_2, 'DownwardAPI:\ttrue\n')
      else if (has(src, 'configMap')) w.write(LEVEL_2, `ConfigMapName:\t${str(at(src, 'configMap', 'name'))}\n    Optional:\t${optional(obj(src.configMap))}\n`)
      else if (has(src, 'serviceAccountToken')) w.write(LEVEL_2, `TokenExpirationSeconds:\t${num(at(src, 'serviceAccountToken', 'expirationSeconds'))}\n`)
    }
  } else {
    w.write(LEVEL_1, '<unknown>\n')
  }
}

/** describeVolumes: "Volumes:  <none>" or one block per volume. */
export function describeVolumes(w: PrefixWriter, volumes: unknown, space: string): void {
  const list = objs(volumes)
  if (list.length === 0) {
    w.write(LEVEL_0, `${space}Volumes:\t<none>\n`)
    return
  }
  w.write(LEVEL_0, `${space}Volumes:\n`)
  for (const v of list) {
    w.write(LEVEL_1, `${space.length > 0 ? ' ' : ''}${str(v.name)}:\n`)
    describeVolumeSource(w, v)
  }
}

/** describeTopologySpreadConstraints: "key:Effect when max skew N is exceeded[ for selector S]", sorted by key. */
export function describeTopologySpreadConstraints(w: PrefixWriter, constraints: unknown, space: string): void {
  const list = [...objs(constraints)].sort((a, b) => (str(a.topologyKey) < str(b.topologyKey) ? -1 : str(a.topologyKey) > str(b.topologyKey) ? 1 : 0))
  if (list.length === 0) return
  w.write(LEVEL_0, `${space}Topology Spread Constraints:\t`)
  list.forEach((c, i) => {
    if (i !== 0) w.write(LEVEL_0, `${space}\t`)
    let line = `${str(c.topologyKey)}:${str(c.whenUnsatisfiable)} when max skew ${num(c.maxSkew)} is exceeded`
    if (has(c, 'labelSelector')) line += ` for selector ${formatLabelSelector(c.labelSelector)}`
    w.write(LEVEL_0, line + '\n')
  })
}

/** DescribePodTemplate: the "Pod Template:" section of workload describers. */
export function describePodTemplate(w: PrefixWriter, template: unknown): void {
  w.write(LEVEL_0, 'Pod Template:\n')
  if (template === undefined || template === null) {
    w.write(LEVEL_1, '<unset>')
    return
  }
  const spec = at(template, 'spec')
  printLabelsMultiline(w, '  Labels', at(template, 'metadata', 'labels'))
  if (Object.keys(obj(at(template, 'metadata', 'annotations'))).length > 0) {
    printAnnotationsMultiline(w, '  Annotations', at(template, 'metadata', 'annotations'))
  }
  if (str(at(spec, 'serviceAccountName')) !== '') w.write(LEVEL_1, `Service Account:\t${str(at(spec, 'serviceAccountName'))}\n`)
  if (objs(at(spec, 'initContainers')).length > 0) describeContainers(w, 'Init Containers', at(spec, 'initContainers'), undefined, undefined, '  ')
  describeContainers(w, 'Containers', at(spec, 'containers'), undefined, undefined, '  ')
  describeVolumes(w, at(spec, 'volumes'), '  ')
  describeTopologySpreadConstraints(w, at(spec, 'topologySpreadConstraints'), '  ')
  if (str(at(spec, 'priorityClassName')) !== '') w.write(LEVEL_1, `Priority Class Name:\t${str(at(spec, 'priorityClassName'))}\n`)
  printLabelsMultiline(w, '  Node-Selectors', at(spec, 'nodeSelector'))
  printTolerationsMultiline(w, '  Tolerations', at(spec, 'tolerations'))
}

/**
 * The pod's QoS class: status.qosClass when set, otherwise computed like the kubelet (Guaranteed when every
 * container limits cpu and memory and requests equal limits, BestEffort without any, Burstable otherwise).
 */
export function podQOS(pod: unknown): string {
  const set = str(at(pod, 'status', 'qosClass'))
  if (set !== '') return set
  const requests = new Map<string, Quantity>()
  const limits = new Map<string, Quantity>()
  let guaranteed = true
  const add = (m: Map<string, Quantity>, name: string, q: Quantity): void => {
    const cur = m.get(name)
    m.set(name, cur ? addQuantity(q, cur) : q)
  }
  for (const c of [...objs(at(pod, 'spec', 'containers')), ...objs(at(pod, 'spec', 'initContainers'))]) {
    for (const [name, raw] of Object.entries(obj(at(c, 'resources', 'requests')))) {
      const q = tryQuantity(raw)
      if ((name === 'cpu' || name === 'memory') && q && q.nanos > 0n) add(requests, name, q)
    }
    const found = new Set<string>()
    for (const [name, raw] of Object.entries(obj(at(c, 'resources', 'limits')))) {
      const q = tryQuantity(raw)
      if ((name === 'cpu' || name === 'memory') && q && q.nanos > 0n) {
        found.add(name)
        add(limits, name, q)
      }
    }
    if (!found.has('cpu') || !found.has('memory')) guaranteed = false
  }
  if (requests.size === 0 && limits.size === 0) return 'BestEffort'
  if (guaranteed) {
    for (const [name, req] of requests) {
      const lim = limits.get(name)
      if (!lim || cmpQuantity(lim, req) !== 0) {
        guaranteed = false
        break
      }
    }
  }
  return guaranteed && requests.size === limits.size ? 'Guaranteed' : 'Burstable'
}
