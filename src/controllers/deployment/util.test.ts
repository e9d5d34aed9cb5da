import {describe, expect, it} from 'vitest'
import type {ReplicaSet} from '../../api/types/apps.js'
import {setNewReplicaSetAnnotations} from './annotations.js'
import {deployment} from './fixtures.js'
import {canonicalJson, computeHash, fnv32a, safeEncodeString} from './hash.js'
import {equalIgnoreHash} from './replicasets.js'
import {rollbackPatch, rollbackTemplate} from './rollback.js'
import {maxSurge, maxUnavailable, resolveFenceposts, scaledValue} from './strategy.js'

const enc = (s: string) => new TextEncoder().encode(s)

describe('pod-template-hash', () => {
  it('uses FNV-1a 32 (reference vectors)', () => {
    expect(fnv32a(enc(''))).toBe(0x811c9dc5)
    expect(fnv32a(enc('a'))).toBe(0xe40c292c)
    expect(fnv32a(enc('foobar'))).toBe(0xbf9cf968)
  })

  it('encodes digits with the safe alphabet', () => {
    expect(safeEncodeString('0123456789')).toBe('456789bcdf')
  })

  it('is stable under key order and changes with content and collisionCount', () => {
    const t1 = {metadata: {labels: {app: 'web', tier: 'fe'}}, spec: {containers: [{name: 'c', image: 'nginx'}]}}
    const t2 = {spec: {containers: [{image: 'nginx', name: 'c'}]}, metadata: {labels: {tier: 'fe', app: 'web'}}}
    expect(canonicalJson(t1)).toBe(canonicalJson(t2))
    expect(computeHash(t1)).toBe(computeHash(t2))
    expect(computeHash(t1)).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{6,10}$/)
    const restarted = structuredClone(t1) as typeof t1 & {metadata: {annotations?: Record<string, string>}}
    restarted.metadata.annotations = {'kubectl.kubernetes.io/restartedAt': '2030-01-01T00:00:00Z'}
    expect(computeHash(restarted)).not.toBe(computeHash(t1))
    expect(computeHash(t1, 1)).not.toBe(computeHash(t1))
    expect(computeHash(t1, 0)).not.toBe(computeHash(t1))
  })

  it('compares templates ignoring the hash label and empty fields', () => {
    const a = {metadata: {labels: {app: 'web', 'pod-template-hash': 'abc'}}, spec: {containers: [{name: 'c', image: 'x'}]}}
    const b = {metadata: {labels: {app: 'web'}, annotations: {}}, spec: {containers: [{name: 'c', image: 'x', args: []}]}}
    expect(equalIgnoreHash(a, b)).toBe(true)
    expect(equalIgnoreHash(a, {...b, spec: {containers: [{name: 'c', image: 'y'}]}})).toBe(false)
  })
})

describe('rolling update fenceposts', () => {
  it('rounds surge up and unavailable down', () => {
    expect(resolveFenceposts('25%', '25%', 6)).toEqual({surge: 2, unavailable: 1})
    expect(resolveFenceposts('25%', '25%', 10)).toEqual({surge: 3, unavailable: 2})
    expect(resolveFenceposts(2, 0, 3)).toEqual({surge: 2, unavailable: 0})
    expect(scaledValue('33%', 10, true)).toBe(4)
    expect(scaledValue('33%', 10, false)).toBe(3)
  })

  it('turns a rounded-down 0/0 into maxUnavailable 1', () => {
    expect(resolveFenceposts('0%', '10%', 5)).toEqual({surge: 0, unavailable: 1})
  })

  it('is 0/0 for Recreate and caps maxUnavailable at replicas', () => {
    const r = deployment(4, {strategy: {type: 'Recreate'}})
    expect([maxSurge(r), maxUnavailable(r)]).toEqual([0, 0])
    expect(maxUnavailable(deployment(2, {strategy: {type: 'RollingUpdate', rollingUpdate: {maxSurge: 1, maxUnavailable: 5}}}))).toBe(2)
    expect(maxUnavailable(deployment(0))).toBe(0)
  })

  it('rejects strings that are not percentages', () => {
    expect(() => scaledValue('2', 10, true)).toThrow(/not a percentage/)
  })
})

describe('setNewReplicaSetAnnotations', () => {
  const rs = (annotations: Record<string, string>): ReplicaSet => ({metadata: {name: 'web-x', annotations}, spec: {replicas: 1, selector: {}}})

  it('copies Deployment annotations except the skipped ones and raises the revision', () => {
    const d = deployment(3)
    d.metadata.annotations = {team: 'a', 'deployment.kubernetes.io/revision': '7', 'kubectl.kubernetes.io/last-applied-configuration': '{}'}
    const r = rs({})
    expect(setNewReplicaSetAnnotations(d, r, 2, false)).toBe(true)
    expect(r.metadata.annotations).toEqual({team: 'a', 'deployment.kubernetes.io/revision': '2', 'deployment.kubernetes.io/desired-replicas': '3', 'deployment.kubernetes.io/max-replicas': '4'})
    expect(setNewReplicaSetAnnotations(d, r, 2, true)).toBe(false)
  })

  it('never lowers a revision, and trims revision-history to the character limit', () => {
    const d = deployment(1)
    const r = rs({'deployment.kubernetes.io/revision': '5'})
    expect(setNewReplicaSetAnnotations(d, r, 3, true)).toBe(false)
    const h = rs({'deployment.kubernetes.io/revision': '12', 'deployment.kubernetes.io/revision-history': '1,5,9'})
    setNewReplicaSetAnnotations(d, h, 14, true, 7)
    expect(h.metadata.annotations).toMatchObject({'deployment.kubernetes.io/revision': '14', 'deployment.kubernetes.io/revision-history': '5,9,12'})
  })
})

describe('rollbackTemplate', () => {
  const d = deployment(2, {}, 'nginx:3')
  const rsOf = (rev: number, image: string, owner = 'd-uid'): ReplicaSet => ({
    metadata: {
      name: `web-${rev}`,
      annotations: {'deployment.kubernetes.io/revision': String(rev), note: `r${rev}`, 'deployment.kubernetes.io/desired-replicas': '2'},
      ownerReferences: [{apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: owner, controller: true}],
    },
    spec: {selector: {}, template: {metadata: {labels: {app: 'web', 'pod-template-hash': `h${rev}`}}, spec: {containers: [{name: 'c', image}]}}},
  })
  const history = [rsOf(1, 'nginx:1'), rsOf(3, 'nginx:3'), rsOf(2, 'nginx:2'), rsOf(9, 'nginx:9', 'someone-else')]
  d.metadata.annotations = {'deployment.kubernetes.io/revision': '3', team: 'a'}

  it('goes back to the previous revision by default, copying its template and annotations', () => {
    const r = rollbackTemplate(d, history)
    expect(r.revision).toBe(2)
    expect(r.template).toEqual({metadata: {labels: {app: 'web'}}, spec: {containers: [{name: 'c', image: 'nginx:2'}]}})
    expect(r.annotations).toEqual({'deployment.kubernetes.io/revision': '3', note: 'r2'})
    expect(rollbackPatch(r)).toEqual([
      {op: 'replace', path: '/spec/template', value: r.template},
      {op: 'replace', path: '/metadata/annotations', value: r.annotations},
    ])
  })

  it('goes to a given revision, skips the current one, and reports kubectl errors', () => {
    expect(rollbackTemplate(d, history, 1).template!.spec!.containers[0].image).toBe('nginx:1')
    expect(rollbackTemplate(d, history, 3)).toEqual({revision: 3, skipped: 'current template already matches revision 3'})
    expect(() => rollbackTemplate(d, history, 9)).toThrow('unable to find specified revision 9 in history')
    expect(() => rollbackTemplate(d, [])).toThrow('no rollout history found for deployment "web"')
    expect(() => rollbackTemplate({...d, spec: {...d.spec!, paused: true}}, history)).toThrow(/cannot rollback a paused deployment/)
  })
})
