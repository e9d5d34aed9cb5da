import {describe, expect, it} from 'vitest'
import type {ConfigMap, Secret} from '../../api/types/config.js'
import type {Container} from '../../api/types/container.js'
import type {Pod} from '../../api/types/pod.js'
import type {Service} from '../../api/types/service.js'
import {EnvError, envReferences, expandCommand, makeEnvironment, type EnvObjects} from './env.js'
import {expand, mappingFor} from './expansion.js'
import {formatMap, podFieldValue, resourceFieldValue} from './fieldpath.js'
import {serviceEnvFor} from './service-env.js'

const b64 = (s: string) => Buffer.from(s).toString('base64')
const pod: Pod = {
  metadata: {name: 'web', namespace: 'ns', uid: 'u1', labels: {app: 'web', tier: 'fe'}, annotations: {note: 'a "q"'}},
  spec: {nodeName: 'n1', serviceAccountName: 'sa1', containers: []},
}
const cm = (name: string, data: Record<string, string>): ConfigMap => ({metadata: {name}, data})
const secret = (name: string, data: Record<string, string>): Secret => ({metadata: {name}, data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, b64(v)]))})
const objects = (cms: ConfigMap[] = [], secrets: Secret[] = [], missing: string[] = []): EnvObjects => ({
  configMaps: new Map<string, ConfigMap | null>([...cms.map((c) => [c.metadata.name!, c] as const), ...missing.map((m) => [m, null] as const)]),
  secrets: new Map<string, Secret | null>([...secrets.map((s) => [s.metadata.name!, s] as const), ...missing.map((m) => [m, null] as const)]),
})
const env = (c: Container, o: EnvObjects = objects(), serviceEnv?: Record<string, string>) =>
  Object.fromEntries(makeEnvironment(pod, c, {objects: o, runtime: {podIP: '10.0.0.5', hostIP: '127.0.0.2'}, allocatable: {cpu: '4', memory: '8Gi'}, serviceEnv}).env.map((e) => [e.name, e.value]))

describe('$(VAR) expansion', () => {
  const lookup = mappingFor({A: 'a', EMPTY: ''})
  it.each([
    ['$(A)', 'a'],
    ['x$(A)y', 'xay'],
    ['$(MISSING)', '$(MISSING)'],
    ['$$(A)', '$(A)'],
    ['$$', '$'],
    ['$', '$'],
    ['$A', '$A'],
    ['$(A', '$(A'],
    ['$(EMPTY)-', '-'],
    ['$$$(A)', '$a'],
  ])('%s → %s', (input, want) => expect(expand(input, lookup)).toBe(want))
})

describe('downward API fields', () => {
  it('reads pod fields and label/annotation subscripts', () => {
    expect(podFieldValue(pod, 'metadata.name')).toBe('web')
    expect(podFieldValue(pod, "metadata.labels['tier']")).toBe('fe')
    expect(podFieldValue(pod, 'metadata.labels')).toBe('app="web"\ntier="fe"')
    expect(formatMap(pod.metadata.annotations)).toBe('note="a \\"q\\""')
    expect(podFieldValue(pod, 'status.podIP', {podIP: '10.0.0.5'})).toBe('10.0.0.5')
    expect(podFieldValue(pod, 'spec.serviceAccountName')).toBe('sa1')
    expect(() => podFieldValue(pod, 'spec.bogus')).toThrow(/unsupported fieldPath/)
  })
  it('divides resources and rounds up; unset limits default to node allocatable', () => {
    const c: Container = {name: 'c', resources: {limits: {cpu: '250m', memory: '64Mi'}, requests: {cpu: '100m'}}}
    expect(resourceFieldValue(c, {resource: 'limits.cpu'})).toBe('1')
    expect(resourceFieldValue(c, {resource: 'limits.cpu', divisor: '1m'})).toBe('250')
    expect(resourceFieldValue(c, {resource: 'limits.memory', divisor: '1Mi'})).toBe('64')
    expect(resourceFieldValue(c, {resource: 'requests.memory'})).toBe('0')
    expect(resourceFieldValue({name: 'x'}, {resource: 'limits.cpu'}, {cpu: '4'})).toBe('4')
  })
})

describe('makeEnvironment', () => {
  it('resolves values, references and expansions in order, env overriding envFrom', () => {
    const c: Container = {
      name: 'app',
      envFrom: [{configMapRef: {name: 'cfg'}}, {prefix: 'S_', secretRef: {name: 'sec'}}],
      env: [
        {name: 'MODE', value: 'override'},
        {name: 'GREETING', value: 'hello $(WHO) in $(NS) $$(LIT) $(LATER)'},
        {name: 'WHO', valueFrom: {configMapKeyRef: {name: 'cfg', key: 'who'}}},
        {name: 'NS', valueFrom: {fieldRef: {fieldPath: 'metadata.namespace'}}},
        {name: 'PASS', valueFrom: {secretKeyRef: {name: 'sec', key: 'password'}}},
        {name: 'IP', valueFrom: {fieldRef: {fieldPath: 'status.podIP'}}},
        {name: 'MEM', valueFrom: {resourceFieldRef: {resource: 'limits.memory', divisor: '1Gi'}}},
        {name: 'LATER', value: 'late'},
      ],
    }
    const out = env(c, objects([cm('cfg', {MODE: 'from-cm', who: 'world'})], [secret('sec', {password: 's3cr3t'})]))
    expect(out).toMatchObject({MODE: 'override', who: 'world', S_password: 's3cr3t', WHO: 'world', NS: 'ns', PASS: 's3cr3t', IP: '10.0.0.5', MEM: '8', LATER: 'late'})
    // $(WHO), $(NS), $(LATER) are defined after GREETING: references only see earlier variables
    expect(out.GREETING).toBe('hello $(WHO) in $(NS) $(LIT) $(LATER)')
  })

  it('expands references to variables defined earlier (and from envFrom)', () => {
    const c: Container = {name: 'app', envFrom: [{configMapRef: {name: 'cfg'}}], env: [{name: 'A', value: 'x'}, {name: 'B', value: '$(A)-$(K)'}]}
    expect(env(c, objects([cm('cfg', {K: 'k'})]))).toMatchObject({B: 'x-k'})
  })

  it('honours optional references and fails on missing required ones with the kubelet messages', () => {
    const opt: Container = {
      name: 'app',
      envFrom: [{configMapRef: {name: 'gone', optional: true}}],
      env: [
        {name: 'A', valueFrom: {configMapKeyRef: {name: 'gone', key: 'k', optional: true}}},
        {name: 'B', valueFrom: {secretKeyRef: {name: 'sec', key: 'nokey', optional: true}}},
      ],
    }
    expect(env(opt, objects([], [secret('sec', {})], ['gone']))).toEqual({})
    const fail = (c: Container, o: EnvObjects) => () => env(c, o)
    expect(fail({name: 'a', env: [{name: 'A', valueFrom: {configMapKeyRef: {name: 'gone', key: 'k'}}}]}, objects([], [], ['gone']))).toThrow(new EnvError('configmap "gone" not found'))
    expect(fail({name: 'a', env: [{name: 'A', valueFrom: {configMapKeyRef: {name: 'cfg', key: 'k'}}}]}, objects([cm('cfg', {})]))).toThrow("couldn't find key k in ConfigMap ns/cfg")
    expect(fail({name: 'a', env: [{name: 'A', valueFrom: {secretKeyRef: {name: 'sec', key: 'k'}}}]}, objects([], [secret('sec', {})]))).toThrow("couldn't find key k in Secret ns/sec")
    expect(fail({name: 'a', envFrom: [{secretRef: {name: 'gone'}}]}, objects([], [], ['gone']))).toThrow('secret "gone" not found')
  })

  it('skips envFrom keys a runtime cannot take and reports them', () => {
    const r = makeEnvironment(pod, {name: 'a', envFrom: [{configMapRef: {name: 'cfg'}}]}, {objects: objects([cm('cfg', {'a=b': '1', ok: '2'})]), runtime: {}})
    expect(r.env).toEqual([{name: 'ok', value: '2'}])
    expect(r.invalid).toEqual([{kind: 'configMap', name: 'cfg', keys: ['a=b']}])
  })

  it('adds service variables not defined by the container and lists references', () => {
    expect(env({name: 'a', env: [{name: 'X_SERVICE_HOST', value: 'mine'}]}, objects(), {X_SERVICE_HOST: 'svc', Y: 'y'})).toEqual({X_SERVICE_HOST: 'mine', Y: 'y'})
    const refs = envReferences({name: 'a', envFrom: [{configMapRef: {name: 'c1'}}], env: [{name: 'A', valueFrom: {secretKeyRef: {name: 's1', key: 'k'}}}]})
    expect([...refs.configMaps, ...refs.secrets]).toEqual(['c1', 's1'])
  })

  it('expands command and args over the final environment', () => {
    expect(expandCommand({name: 'a', command: ['echo', '$(A)'], args: ['$(B)', '$$(A)']}, [{name: 'A', value: '1'}])).toEqual({command: ['echo', '1'], args: ['$(B)', '$(A)']})
  })
})

describe('service environment', () => {
  const svc = (ns: string, name: string, ip: string, ports: {name?: string; port: number; protocol?: 'TCP' | 'UDP'}[]): Service => ({metadata: {namespace: ns, name}, spec: {clusterIP: ip, ports}}) as Service
  it('builds the link variables of the namespace and the kubernetes service', () => {
    const all = [svc('default', 'kubernetes', '10.96.0.1', [{name: 'https', port: 443}]), svc('ns', 'my-db', '10.96.0.9', [{port: 5432}, {name: 'metrics', port: 9187, protocol: 'UDP'}]), svc('ns', 'headless', 'None', [{port: 80}]), svc('other', 'x', '10.96.0.7', [{port: 1}])]
    const e = serviceEnvFor('ns', true, all)
    expect(e).toMatchObject({
      KUBERNETES_SERVICE_HOST: '10.96.0.1',
      KUBERNETES_SERVICE_PORT: '443',
      KUBERNETES_SERVICE_PORT_HTTPS: '443',
      KUBERNETES_PORT: 'tcp://10.96.0.1:443',
      MY_DB_SERVICE_HOST: '10.96.0.9',
      MY_DB_SERVICE_PORT_METRICS: '9187',
      MY_DB_PORT_9187_UDP: 'udp://10.96.0.9:9187',
      MY_DB_PORT_5432_TCP_PROTO: 'tcp',
      MY_DB_PORT_5432_TCP_ADDR: '10.96.0.9',
    })
    expect(Object.keys(e).some((k) => k.startsWith('HEADLESS') || k.startsWith('X_'))).toBe(false)
    expect(Object.keys(serviceEnvFor('ns', false, all)).every((k) => k.startsWith('KUBERNETES_'))).toBe(true)
  })
})
