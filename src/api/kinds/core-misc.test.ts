import {describe, expect, it} from 'vitest'
import type {Namespace} from '../types/namespace.js'
import type {Node} from '../types/node.js'
import type {ConfigMap, Secret, ServiceAccount} from '../types/config.js'
import type {Endpoints} from '../types/endpoints.js'
import {namespaceDef, namespaceHooks} from './namespace.js'
import {nodeDef} from './node.js'
import {configMapDef} from './configmap.js'
import {secretDef} from './secret.js'
import {serviceAccountDef} from './serviceaccount.js'
import {endpointsDef} from './endpoints.js'
import {created, uniq, validateAsCreate, validateAsUpdate} from './testing.js'

type Mut = (o: any) => void
const b64 = (s: string) => Buffer.from(s).toString('base64')

describe('namespace', () => {
  const ns = (): Namespace => ({apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'team-a'}})
  it('create: Active, kubernetes finalizer, name label', () => {
    const n = created(namespaceDef, ns())
    expect(n.status).toEqual({phase: 'Active'})
    expect(n.spec).toEqual({finalizers: ['kubernetes']})
    expect(n.metadata.labels).toEqual({'kubernetes.io/metadata.name': 'team-a'})
    expect(namespaceDef.validate(n)).toEqual([])
    expect(namespaceDef.selectableFields(n)).toEqual({'status.phase': 'Active'})
  })
  it('appends kubernetes to user finalizers', () => {
    const n = ns()
    n.spec = {finalizers: ['example.com/x']}
    namespaceHooks.prepareForCreate!(n)
    expect(n.spec.finalizers).toEqual(['example.com/x', 'kubernetes'])
  })
  it('update keeps spec.finalizers', () => {
    const o = created(namespaceDef, ns())
    const n = structuredClone(o)
    n.spec = {finalizers: []}
    namespaceHooks.prepareForUpdate!(n, o)
    expect(n.spec.finalizers).toEqual(['kubernetes'])
  })
  it.each<[string, Mut, string, string]>([
    ['subdomain name', (n) => (n.metadata.name = 'a.b'), 'FieldValueInvalid', 'metadata.name'],
    ['namespace set', (n) => (n.metadata.namespace = 'default'), 'FieldValueForbidden', 'metadata.namespace'],
    ['bare finalizer', (n) => (n.spec = {finalizers: ['custom']}), 'FieldValueInvalid', 'spec.finalizers'],
  ])('%s', (_n, mutate, reason, field) => {
    const n = ns()
    mutate(n)
    expect(uniq(validateAsCreate(namespaceDef, n))).toEqual([{reason, field}])
  })
})

describe('node', () => {
  const node = (): Node => ({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {name: 'worker-1'},
    spec: {podCIDR: '10.244.1.0/24', taints: [{key: 'dedicated', value: 'db', effect: 'NoSchedule'}]},
    status: {capacity: {cpu: '4', memory: '8Gi', pods: '110'}},
  })
  it('defaults allocatable and podCIDRs; is valid', () => {
    const n = node()
    n.status!.capacity!.memory = '8192Mi'
    nodeDef.defaults(n)
    expect(n.status!.allocatable).toEqual({cpu: '4', memory: '8Gi', pods: '110'})
    expect(n.spec!.podCIDRs).toEqual(['10.244.1.0/24'])
    expect(validateAsCreate(nodeDef, node())).toEqual([])
    expect(nodeDef.selectableFields(n)).toEqual({'spec.unschedulable': 'false'})
  })
  it.each<[string, Mut, string, string]>([
    ['bad CIDR', (n) => (n.spec.podCIDR = '10.244.1.0/40'), 'FieldValueInvalid', 'spec.podCIDRs[0]'],
    ['taint without effect', (n) => delete n.spec.taints[0].effect, 'FieldValueRequired', 'spec.taints[0].effect'],
    ['taint bad effect', (n) => (n.spec.taints[0].effect = 'NoRun'), 'FieldValueNotSupported', 'spec.taints[0].effect'],
    ['duplicate taint', (n) => n.spec.taints.push({key: 'dedicated', value: 'web', effect: 'NoSchedule'}), 'FieldValueDuplicate', 'spec.taints[1]'],
    ['bad capacity', (n) => (n.status.capacity.cpu = 'four'), 'FieldValueInvalid', 'status.capacity[cpu]'],
    ['namespaced', (n) => (n.metadata.namespace = 'x'), 'FieldValueForbidden', 'metadata.namespace'],
  ])('%s', (_n, mutate, reason, field) => {
    const n = node()
    mutate(n)
    expect(uniq(validateAsCreate(nodeDef, n))).toContainEqual({reason, field})
  })
  it('podCIDR and providerID can only be set once; taints and unschedulable change freely', () => {
    const o = created(nodeDef, node())
    const n = structuredClone(o)
    n.spec!.unschedulable = true
    n.spec!.taints = []
    n.spec!.providerID = 'mkube://worker-1'
    expect(validateAsUpdate(nodeDef, n, o)).toEqual([])
    const c = structuredClone(o)
    c.spec!.podCIDR = '10.244.2.0/24'
    c.spec!.podCIDRs = ['10.244.2.0/24']
    expect(validateAsUpdate(nodeDef, c, o)).toEqual([{reason: 'FieldValueForbidden', field: 'spec.podCIDRs'}])
  })
})

describe('configmap', () => {
  const cm = (): ConfigMap => ({apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'cfg', namespace: 'default'}, data: {'app.conf': 'x=1'}, binaryData: {'logo.png': b64('png')}})
  it('accepts valid data', () => {
    expect(validateAsCreate(configMapDef, cm())).toEqual([])
  })
  it.each<[string, Mut, string, string]>([
    ['bad key', (c) => (c.data = {'a/b': 'x'}), 'FieldValueInvalid', 'data'],
    ['dot key', (c) => (c.data = {'..': 'x'}), 'FieldValueInvalid', 'data'],
    ['binary not base64', (c) => (c.binaryData = {bin: '***'}), 'FieldValueInvalid', 'binaryData[bin]'],
    ['key in both', (c) => (c.data = {'logo.png': 'x'}), 'FieldValueInvalid', 'data'],
    ['too large', (c) => (c.data = {big: 'x'.repeat(1024 * 1024 + 1)}), 'FieldValueTooLong', 'data'],
  ])('%s', (_n, mutate, reason, field) => {
    const c = cm()
    mutate(c)
    expect(uniq(validateAsCreate(configMapDef, c))).toEqual([{reason, field}])
  })
  it('immutable configmaps keep data and the flag', () => {
    const o = created(configMapDef, {...cm(), immutable: true})
    const n = structuredClone(o)
    n.data = {'app.conf': 'x=2'}
    expect(validateAsUpdate(configMapDef, n, o)).toEqual([{reason: 'FieldValueForbidden', field: 'data'}])
    const u = structuredClone(o)
    u.immutable = false
    expect(validateAsUpdate(configMapDef, u, o)).toEqual([{reason: 'FieldValueForbidden', field: 'immutable'}])
    const m = structuredClone(o)
    m.metadata.labels = {a: 'b'}
    expect(validateAsUpdate(configMapDef, m, o)).toEqual([])
  })
})

describe('secret', () => {
  const secret = (): Secret => ({apiVersion: 'v1', kind: 'Secret', metadata: {name: 'creds', namespace: 'default'}, data: {password: b64('hunter2')}})
  it('defaults type Opaque and merges stringData into data', () => {
    const s = secret()
    s.stringData = {user: 'admin', password: 'override'}
    secretDef.defaults(s)
    expect(s.type).toBe('Opaque')
    expect(s.stringData).toBeUndefined()
    expect(s.data).toEqual({password: b64('override'), user: b64('admin')})
    expect(secretDef.selectableFields(s)).toEqual({type: 'Opaque'})
  })
  it.each<[string, Mut, string, string]>([
    ['not base64', (s) => (s.data.password = 'not base64!'), 'FieldValueInvalid', 'data[password]'],
    ['bad key', (s) => (s.data = {'a b': b64('x')}), 'FieldValueInvalid', 'data'],
    ['tls without key', (s) => { s.type = 'kubernetes.io/tls'; s.data = {'tls.crt': b64('c')} }, 'FieldValueRequired', 'data[tls.key]'],
    ['dockerconfigjson not JSON', (s) => { s.type = 'kubernetes.io/dockerconfigjson'; s.data = {'.dockerconfigjson': b64('{nope')} }, 'FieldValueInvalid', 'data[.dockerconfigjson]'],
    ['sa token without annotation', (s) => (s.type = 'kubernetes.io/service-account-token'), 'FieldValueRequired', 'metadata.annotations[kubernetes.io/service-account.name]'],
    ['ssh-auth without key', (s) => (s.type = 'kubernetes.io/ssh-auth'), 'FieldValueRequired', 'data[ssh-privatekey]'],
  ])('%s', (_n, mutate, reason, field) => {
    const s = secret()
    mutate(s)
    expect(uniq(validateAsCreate(secretDef, s))).toEqual([{reason, field}])
  })
  it('type is immutable', () => {
    const o = created(secretDef, secret())
    const n = structuredClone(o)
    n.type = 'kubernetes.io/basic-auth'
    expect(validateAsUpdate(secretDef, n, o)).toEqual([{reason: 'FieldValueInvalid', field: 'type'}])
  })
})

describe('serviceaccount', () => {
  it('validates metadata and pull secret names', () => {
    const sa: ServiceAccount = {apiVersion: 'v1', kind: 'ServiceAccount', metadata: {name: 'default', namespace: 'default'}}
    expect(validateAsCreate(serviceAccountDef, sa)).toEqual([])
    sa.imagePullSecrets = [{}]
    expect(validateAsCreate(serviceAccountDef, sa)).toEqual([{reason: 'FieldValueRequired', field: 'imagePullSecrets[0].name'}])
  })
})

describe('endpoints', () => {
  const ep = (): Endpoints => ({
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: {name: 'web', namespace: 'default'},
    subsets: [{addresses: [{ip: '10.244.1.5', targetRef: {kind: 'Pod', name: 'web-1'}}], ports: [{port: 80}]}],
  })
  it('defaults protocol and accepts valid subsets', () => {
    const e = ep()
    endpointsDef.defaults(e)
    expect(e.subsets![0].ports![0].protocol).toBe('TCP')
    expect(validateAsCreate(endpointsDef, ep())).toEqual([])
  })
  it.each<[string, Mut, string, string]>([
    ['bad IP', (e) => (e.subsets[0].addresses[0].ip = 'x'), 'FieldValueInvalid', 'subsets[0].addresses[0].ip'],
    ['loopback IP', (e) => (e.subsets[0].addresses[0].ip = '127.0.0.1'), 'FieldValueInvalid', 'subsets[0].addresses[0].ip'],
    ['unnamed ports', (e) => e.subsets[0].ports.push({name: 'b', port: 81}), 'FieldValueRequired', 'subsets[0].ports[0].name'],
    ['bad port', (e) => (e.subsets[0].ports[0].port = 0), 'FieldValueInvalid', 'subsets[0].ports[0].port'],
  ])('%s', (_n, mutate, reason, field) => {
    const e = ep()
    mutate(e)
    expect(uniq(validateAsCreate(endpointsDef, e))).toEqual([{reason, field}])
  })
})
