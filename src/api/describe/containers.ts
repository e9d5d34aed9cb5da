import {arr, at, bool, has, num, obj, type Obj, objs, str} from '../printers/access.js'
import {printBool, orNone} from './common.js'
import {canonical, milliValue, parseQuantity, tryQuantity, value} from './quantity.js'
import {LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3, type PrefixWriter, rfc1123z} from './writer.js'

/** Resolves an env var's fieldRef to its value (EnvValueRetriever); undefined for pod templates. */
export type EnvResolver = (fieldPath: string) => string

/**
 * EnvValueRetriever of a pod. kubectl converts the field label with its own scheme, which only knows
 * metadata.name and metadata.namespace; every other field path resolves to "".
 */
export function podEnvResolver(pod: unknown): EnvResolver {
  return (fieldPath) => {
    if (fieldPath === 'metadata.name') return str(at(pod, 'metadata', 'name'))
    if (fieldPath === 'metadata.namespace') return str(at(pod, 'metadata', 'namespace'))
    return ''
  }
}

/** "80/TCP (http), 443/TCP" from container ports (container or host side). */
function portsString(ports: Obj[], field: 'containerPort' | 'hostPort'): string {
  return ports
    .map((p) => {
      const s = `${num(p[field])}/${str(p.protocol) || 'TCP'}`
      return str(p.name) !== '' ? `${s} (${str(p.name)})` : s
    })
    .join(', ')
}

/** describeResources: Limits then Requests, resource names sorted, quantities in canonical form. */
export function describeResources(w: PrefixWriter, resources: unknown, level: number): void {
  for (const [title, key] of [['Limits', 'limits'], ['Requests', 'requests']] as const) {
    const list = obj(at(resources, key))
    const names = Object.keys(list).sort()
    if (names.length > 0) w.write(level, `${title}:\n`)
    for (const name of names) w.write(level + 1, `${name}:\t${canonical(list[name])}\n`)
  }
}

function intOrString(v: unknown): string {
  return typeof v === 'number' ? String(v) : str(v)
}

/** DescribeProbe: "http-get http://:8080/healthz delay=0s timeout=1s period=10s #success=1 #failure=3". */
export function describeProbe(probe: unknown): string {
  const attrs = `delay=${num(at(probe, 'initialDelaySeconds'))}s timeout=${num(at(probe, 'timeoutSeconds'))}s period=${num(at(probe, 'periodSeconds'))}s #success=${num(at(probe, 'successThreshold'))} #failure=${num(at(probe, 'failureThreshold'))}`
  if (has(probe, 'exec')) return `exec [${arr(at(probe, 'exec', 'command')).map(str).join(' ')}] ${attrs}`
  if (has(probe, 'httpGet')) {
    const h = obj(at(probe, 'httpGet'))
    const port = intOrString(h.port)
    const host = str(h.host)
    const hostPort = port.length > 0 ? (host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`) : host
    let path = str(h.path)
    if (path !== '' && !path.startsWith('/')) path = '/' + path
    const scheme = str(h.scheme).toLowerCase()
    return `http-get ${scheme === '' ? '' : scheme + ':'}//${hostPort}${path} ${attrs}`
  }
  if (has(probe, 'tcpSocket')) return `tcp-socket ${str(at(probe, 'tcpSocket', 'host'))}:${intOrString(at(probe, 'tcpSocket', 'port'))} ${attrs}`
  if (has(probe, 'grpc')) return `grpc <pod>:${num(at(probe, 'grpc', 'port'))} ${str(at(probe, 'grpc', 'service'))} ${attrs}`
  return `unknown ${attrs}`
}

/** describeStatus: Running/Waiting/Terminated with their details. */
function describeState(w: PrefixWriter, name: string, state: unknown): void {
  if (has(state, 'running')) {
    w.write(LEVEL_2, `${name}:\tRunning\n`)
    w.write(LEVEL_3, `Started:\t${rfc1123z(at(state, 'running', 'startedAt'))}\n`)
  } else if (has(state, 'waiting')) {
    w.write(LEVEL_2, `${name}:\tWaiting\n`)
    if (str(at(state, 'waiting', 'reason')) !== '') w.write(LEVEL_3, `Reason:\t${str(at(state, 'waiting', 'reason'))}\n`)
  } else if (has(state, 'terminated')) {
    const t = obj(at(state, 'terminated'))
    w.write(LEVEL_2, `${name}:\tTerminated\n`)
    if (str(t.reason) !== '') w.write(LEVEL_3, `Reason:\t${str(t.reason)}\n`)
    if (str(t.message) !== '') w.write(LEVEL_3, `Message:\t${str(t.message)}\n`)
    w.write(LEVEL_3, `Exit Code:\t${num(t.exitCode)}\n`)
    if (num(t.signal) > 0) w.write(LEVEL_3, `Signal:\t${num(t.signal)}\n`)
    w.write(LEVEL_3, `Started:\t${rfc1123z(t.startedAt)}\n`)
    w.write(LEVEL_3, `Finished:\t${rfc1123z(t.finishedAt)}\n`)
  } else {
    w.write(LEVEL_2, `${name}:\tWaiting\n`)
  }
}

/** ExtractContainerResourceValue for resourceFieldRef env vars (cpu, memory, ephemeral-storage). */
function resourceFieldValue(ref: Obj, container: Obj): string {
  const resource = str(ref.resource)
  const [kind, name] = resource.split('.', 2) as [string, string | undefined]
  if ((kind !== 'limits' && kind !== 'requests') || !name || !['cpu', 'memory', 'ephemeral-storage'].includes(name)) return ''
  const q = tryQuantity(at(container, 'resources', kind, name)) ?? parseQuantity('0')
  const d = tryQuantity(ref.divisor)
  const divisor = d && d.nanos !== 0n ? d : parseQuantity('1')
  const v = name === 'cpu' ? milliValue(q) / milliValue(divisor) : value(q) / value(divisor)
  return String(Math.ceil(v))
}

function describeEnv(w: PrefixWriter, container: Obj, resolve: EnvResolver | undefined): void {
  const envFrom = objs(container.envFrom)
  if (envFrom.length > 0) {
    w.write(LEVEL_2, 'Environment Variables from:\n')
    for (const e of envFrom) {
      const ref = has(e, 'configMapRef') ? obj(e.configMapRef) : has(e, 'secretRef') ? obj(e.secretRef) : undefined
      const from = has(e, 'configMapRef') ? 'ConfigMap' : has(e, 'secretRef') ? 'Secret' : ''
      const name = str(ref?.name)
      const optional = bool(ref?.optional)
      if (str(e.prefix) === '') w.write(LEVEL_3, `${name}\t${from}\tOptional: ${optional}\n`)
      else w.write(LEVEL_3, `${name}\t${from} with prefix '${str(e.prefix)}'\tOptional: ${optional}\n`)
    }
  }
  const env = objs(container.env)
  w.write(LEVEL_2, `Environment:${env.length === 0 ? '\t<none>' : ''}\n`)
  for (const e of env) {
    const name = str(e.name)
    if (!has(e, 'valueFrom')) {
      str(e.value).split('\n').forEach((s, i) => w.write(LEVEL_3, i === 0 ? `${name}:\t${s}\n` : `\t${s}\n`))
      continue
    }
    const vf = obj(e.valueFrom)
    if (has(vf, 'fieldRef')) {
      const path = str(at(vf, 'fieldRef', 'fieldPath'))
      const v = resolve ? resolve(path) : ''
      w.write(LEVEL_3, `${name}:\t${v} (${str(at(vf, 'fieldRef', 'apiVersion'))}:${path})\n`)
    } else if (has(vf, 'resourceFieldRef')) {
      const ref = obj(vf.resourceFieldRef)
      let v = resourceFieldValue(ref, container)
      const resource = str(ref.resource)
      if (v === '0' && (resource === 'limits.cpu' || resource === 'limits.memory')) v = 'node allocatable'
      w.write(LEVEL_3, `${name}:\t${v} (${resource})\n`)
    } else if (has(vf, 'secretKeyRef')) {
      const ref = obj(vf.secretKeyRef)
      w.write(LEVEL_3, `${name}:\t<set to the key '${str(ref.key)}' in secret '${str(ref.name)}'>\tOptional: ${bool(ref.optional)}\n`)
    } else if (has(vf, 'configMapKeyRef')) {
      const ref = obj(vf.configMapKeyRef)
      w.write(LEVEL_3, `${name}:\t<set to the key '${str(ref.key)}' of config map '${str(ref.name)}'>\tOptional: ${bool(ref.optional)}\n`)
    }
  }
}

function describeMounts(w: PrefixWriter, container: Obj): void {
  const mounts = objs(container.volumeMounts)
  const none = mounts.length === 0 ? '\t<none>' : ''
  w.write(LEVEL_2, `Mounts:${none}\n`)
  const byPath = (k: string) => (a: Obj, b: Obj) => (str(a[k]) < str(b[k]) ? -1 : str(a[k]) > str(b[k]) ? 1 : 0)
  for (const m of [...mounts].sort(byPath('mountPath'))) {
    const flags = [bool(m.readOnly) ? 'ro' : 'rw']
    if (str(m.subPath) !== '') flags.push(`path=${JSON.stringify(str(m.subPath))}`)
    w.write(LEVEL_3, `${str(m.mountPath)} from ${str(m.name)} (${flags.join(',')})\n`)
  }
  const devices = objs(container.volumeDevices)
  if (devices.length > 0) {
    w.write(LEVEL_2, `Devices:${none}\n`)
    for (const d of [...devices].sort(byPath('devicePath'))) w.write(LEVEL_3, `${str(d.devicePath)} from ${str(d.name)}\n`)
  }
}

/**
 * describeContainers: the "Containers:" (or "Init Containers:") section with, per container, its ID, image,
 * ports, command, state, readiness, restarts, resources, probes, environment and mounts. `statuses` is
 * undefined for pod templates; `space` indents the section inside a pod template.
 */
export function describeContainers(w: PrefixWriter, label: string, containers: unknown, statuses: unknown, resolve: EnvResolver | undefined, space: string): void {
  const list = objs(containers)
  const byName = new Map(objs(statuses).map((s) => [str(s.name), s]))
  w.write(LEVEL_0, `${space}${label}:${list.length === 0 ? ' <none>' : ''}\n`)
  for (const c of list) {
    const status = byName.get(str(c.name))
    w.write(LEVEL_1, `${space.length > 0 ? ' ' : ''}${str(c.name)}:\n`)
    if (status) w.write(LEVEL_2, `Container ID:\t${str(status.containerID)}\n`)
    w.write(LEVEL_2, `Image:\t${str(c.image)}\n`)
    if (status) w.write(LEVEL_2, `Image ID:\t${str(status.imageID)}\n`)
    const ports = objs(c.ports)
    const portStr = portsString(ports, 'containerPort')
    w.write(LEVEL_2, portStr.includes(',') ? `Ports:\t${portStr}\n` : `Port:\t${orNone(portStr)}\n`)
    const hostStr = portsString(ports, 'hostPort')
    w.write(LEVEL_2, hostStr.includes(',') ? `Host Ports:\t${hostStr}\n` : `Host Port:\t${orNone(hostStr)}\n`)
    for (const [title, key] of [['Command', 'command'], ['Args', 'args']] as const) {
      const items = arr(c[key]).map(str)
      if (items.length === 0) continue
      w.write(LEVEL_2, `${title}:\n`)
      for (const item of items) for (const s of item.split('\n')) w.write(LEVEL_3, `${s}\n`)
    }
    if (status) {
      describeState(w, 'State', status.state)
      if (has(status, 'lastState', 'terminated')) describeState(w, 'Last State', status.lastState)
      w.write(LEVEL_2, `Ready:\t${printBool(status.ready)}\n`)
      w.write(LEVEL_2, `Restart Count:\t${num(status.restartCount)}\n`)
    }
    describeResources(w, c.resources, LEVEL_2)
    if (has(c, 'livenessProbe')) w.write(LEVEL_2, `Liveness:\t${describeProbe(c.livenessProbe)}\n`)
    if (has(c, 'readinessProbe')) w.write(LEVEL_2, `Readiness:\t${describeProbe(c.readinessProbe)}\n`)
    if (has(c, 'startupProbe')) w.write(LEVEL_2, `Startup:\t${describeProbe(c.startupProbe)}\n`)
    describeEnv(w, c, resolve)
    describeMounts(w, c)
  }
}
