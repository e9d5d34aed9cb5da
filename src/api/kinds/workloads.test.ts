import {describe, expect, it} from 'vitest'
import type {KubeObject} from '../meta.js'
import type {ResourceDef} from '../resource.js'
import type {DaemonSet, Deployment, ReplicaSet} from '../types/apps.js'
import {deploymentDef} from './deployment.js'
import {replicaSetDef} from './replicaset.js'
import {daemonSetDef} from './daemonset.js'
import {created, uniq, validateAsCreate, validateAsUpdate, workloadManifest} from './testing.js'

type Mut = (o: any) => void

describe('deployment defaults', () => {
  it('replicas, strategy, history, deadline and template defaults', () => {
    const d = workloadManifest('Deployment') as Deployment
    deploymentDef.defaults(d)
    expect(d.spec!.replicas).toBe(1)
    expect(d.spec!.strategy).toEqual({type: 'RollingUpdate', rollingUpdate: {maxUnavailable: '25%', maxSurge: '25%'}})
    expect(d.spec!.revisionHistoryLimit).toBe(10)
    expect(d.spec!.progressDeadlineSeconds).toBe(600)
    const ps = d.spec!.template.spec!
    expect(ps.restartPolicy).toBe('Always')
    expect(ps.containers[0].imagePullPolicy).toBe('IfNotPresent')
    expect(ps.serviceAccountName).toBeUndefined()
  })
  it('Recreate gets no rollingUpdate; explicit values stay', () => {
    const d = workloadManifest('Deployment') as Deployment
    d.spec!.strategy = {type: 'Recreate'}
    d.spec!.replicas = 0
    deploymentDef.defaults(d)
    expect(d.spec!.strategy).toEqual({type: 'Recreate'})
    expect(d.spec!.replicas).toBe(0)
  })
})

describe('replicaset and daemonset defaults', () => {
  it('replicaset replicas 1', () => {
    const rs = workloadManifest('ReplicaSet') as ReplicaSet
    replicaSetDef.defaults(rs)
    expect(rs.spec!.replicas).toBe(1)
  })
  it('daemonset RollingUpdate maxUnavailable 1 maxSurge 0, history 10', () => {
    const ds = workloadManifest('DaemonSet') as DaemonSet
    daemonSetDef.defaults(ds)
    expect(ds.spec!.updateStrategy).toEqual({type: 'RollingUpdate', rollingUpdate: {maxUnavailable: 1, maxSurge: 0}})
    expect(ds.spec!.revisionHistoryLimit).toBe(10)
  })
})

const common: [string, Mut, string, string][] = [
  ['missing selector', (o) => delete o.spec.selector, 'FieldValueRequired', 'spec.selector'],
  ['empty selector', (o) => (o.spec.selector = {}), 'FieldValueInvalid', 'spec.selector'],
  ['selector not matching template', (o) => (o.spec.template.metadata.labels = {app: 'other'}), 'FieldValueInvalid', 'spec.template.metadata.labels'],
  ['bad selector operator', (o) => (o.spec.selector = {matchExpressions: [{key: 'app', operator: 'Is', values: ['web']}]}), 'FieldValueInvalid', 'spec.selector.matchExpressions[0].operator'],
  ['restartPolicy Never', (o) => (o.spec.template.spec.restartPolicy = 'Never'), 'FieldValueNotSupported', 'spec.template.spec.restartPolicy'],
  ['activeDeadlineSeconds', (o) => (o.spec.template.spec.activeDeadlineSeconds = 5), 'FieldValueInvalid', 'spec.template.spec.activeDeadlineSeconds'],
  ['container without image', (o) => delete o.spec.template.spec.containers[0].image, 'FieldValueRequired', 'spec.template.spec.containers[0].image'],
  ['bad template label', (o) => (o.spec.template.metadata.labels['bad key'] = 'x'), 'FieldValueInvalid', 'spec.template.metadata.labels'],
]

const defs: [string, ResourceDef<KubeObject>][] = [
  ['Deployment', deploymentDef as ResourceDef<KubeObject>],
  ['ReplicaSet', replicaSetDef as ResourceDef<KubeObject>],
  ['DaemonSet', daemonSetDef as ResourceDef<KubeObject>],
]

describe.each(defs)('%s validation', (kind, def) => {
  it('accepts a valid manifest', () => {
    expect(validateAsCreate(def, workloadManifest(kind))).toEqual([])
  })
  it.each(common)('%s', (_n, mutate, reason, field) => {
    const o = workloadManifest(kind)
    mutate(o)
    expect(uniq(validateAsCreate(def, o))).toEqual([{reason, field}])
  })
  it('selector is immutable, replicas/template are not', () => {
    const old = created(def, workloadManifest(kind))
    const n = structuredClone(old) as any
    n.spec.template.spec.containers[0].image = 'nginx:2'
    expect(validateAsUpdate(def, n, old)).toEqual([])
    n.spec.selector = {matchLabels: {app: 'web', tier: 'fe'}}
    n.spec.template.metadata.labels.tier = 'fe'
    expect(validateAsUpdate(def, n, old)).toEqual([{reason: 'FieldValueInvalid', field: 'spec.selector'}])
  })
})

describe('deployment-specific validation', () => {
  it.each<[string, Mut, string, string]>([
    ['negative replicas', (d) => (d.spec.replicas = -1), 'FieldValueInvalid', 'spec.replicas'],
    ['both zero', (d) => (d.spec.strategy = {type: 'RollingUpdate', rollingUpdate: {maxUnavailable: 0, maxSurge: '0%'}}), 'FieldValueInvalid', 'spec.strategy.rollingUpdate.maxUnavailable'],
    ['bad percent', (d) => (d.spec.strategy = {type: 'RollingUpdate', rollingUpdate: {maxSurge: 'lots'}}), 'FieldValueInvalid', 'spec.strategy.rollingUpdate.maxSurge'],
    ['over 100%', (d) => (d.spec.strategy = {type: 'RollingUpdate', rollingUpdate: {maxUnavailable: '150%'}}), 'FieldValueInvalid', 'spec.strategy.rollingUpdate.maxUnavailable'],
    ['Recreate with rollingUpdate', (d) => (d.spec.strategy = {type: 'Recreate', rollingUpdate: {maxSurge: 1}}), 'FieldValueForbidden', 'spec.strategy.rollingUpdate'],
    ['bad strategy', (d) => (d.spec.strategy = {type: 'BlueGreen'}), 'FieldValueNotSupported', 'spec.strategy.type'],
    ['deadline below minReady', (d) => { d.spec.minReadySeconds = 700 }, 'FieldValueInvalid', 'spec.progressDeadlineSeconds'],
    ['negative history', (d) => (d.spec.revisionHistoryLimit = -2), 'FieldValueInvalid', 'spec.revisionHistoryLimit'],
  ])('%s', (_n, mutate, reason, field) => {
    const d = workloadManifest('Deployment')
    mutate(d)
    expect(uniq(validateAsCreate(deploymentDef as ResourceDef<KubeObject>, d))).toEqual([{reason, field}])
  })
  it('empty selector message names the kind as Kubernetes does', () => {
    const d = workloadManifest('DaemonSet') as any
    d.spec.selector = {}
    daemonSetDef.defaults(d)
    expect(daemonSetDef.validate(d).map((c) => c.message)).toContain('Invalid value: {}: empty selector is invalid for daemonset')
  })
})

describe('daemonset-specific validation', () => {
  it.each<[string, Mut, string, string]>([
    ['both zero', (d) => (d.spec.updateStrategy = {type: 'RollingUpdate', rollingUpdate: {maxUnavailable: 0, maxSurge: 0}}), 'FieldValueInvalid', 'spec.updateStrategy.rollingUpdate.maxUnavailable'],
    ['bad type', (d) => (d.spec.updateStrategy = {type: 'Replace'}), 'FieldValueNotSupported', 'spec.updateStrategy.type'],
    ['negative minReadySeconds', (d) => (d.spec.minReadySeconds = -1), 'FieldValueInvalid', 'spec.minReadySeconds'],
  ])('%s', (_n, mutate, reason, field) => {
    const d = workloadManifest('DaemonSet')
    mutate(d)
    expect(uniq(validateAsCreate(daemonSetDef as ResourceDef<KubeObject>, d))).toEqual([{reason, field}])
  })
})

describe('scale mapping and selectable fields', () => {
  it('deployments and replicasets expose the scale subresource', () => {
    for (const def of [deploymentDef, replicaSetDef] as ResourceDef[]) {
      expect(def.subresources).toContain('scale')
      expect(def.scale).toEqual({specReplicasPath: 'spec.replicas', statusReplicasPath: 'status.replicas', selectorPath: 'spec.selector'})
    }
    expect(daemonSetDef.scale).toBeUndefined()
  })
  it('replicasets select on status.replicas', () => {
    const rs = created(replicaSetDef, workloadManifest('ReplicaSet') as ReplicaSet)
    expect(replicaSetDef.selectableFields(rs)).toEqual({'status.replicas': '0'})
    rs.status!.replicas = 3
    expect(replicaSetDef.selectableFields(rs)).toEqual({'status.replicas': '3'})
  })
})
