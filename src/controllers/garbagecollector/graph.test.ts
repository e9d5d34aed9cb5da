import {describe, expect, it} from 'vitest'
import type {KubeObject, OwnerReference} from '../../api/meta.js'
import {decideDependent, decideForegroundOwner, unblockOwnerRefsPatch} from './decide.js'
import {Graph, type GraphChange, type Identity} from './graph.js'

const id = (kind: string, name: string, uid: string, apiVersion = kind === 'Pod' ? 'v1' : 'apps/v1'): Identity => ({apiVersion, kind, name, uid, namespace: 'default'})
const ref = (o: Identity, block = true): OwnerReference => ({apiVersion: o.apiVersion, kind: o.kind, name: o.name, uid: o.uid, controller: true, blockOwnerDeletion: block})

function obj(i: Identity, extra: Partial<KubeObject['metadata']> = {}): KubeObject {
  return {apiVersion: i.apiVersion, kind: i.kind, metadata: {name: i.name, namespace: i.namespace, uid: i.uid, ...extra}}
}

const deploy = id('Deployment', 'web', 'd1')
const rs = id('ReplicaSet', 'web-abc', 'r1')
const podA = id('Pod', 'web-abc-1', 'p1')
const podB = id('Pod', 'web-abc-2', 'p2')

const add = (i: Identity, extra: Partial<KubeObject['metadata']> = {}): GraphChange => ({type: 'add', identity: i, obj: obj(i, extra)})
const names = (s: Iterable<{identity: Identity}>) => [...s].map((n) => n.identity.name).sort()

function chain(): Graph {
  const g = new Graph()
  g.processChange(add(deploy))
  g.processChange(add(rs, {ownerReferences: [ref(deploy)]}))
  g.processChange(add(podA, {ownerReferences: [ref(rs)]}))
  g.processChange(add(podB, {ownerReferences: [ref(rs, false)]}))
  return g
}

describe('Graph', () => {
  it('links dependents to owners by uid, creating virtual owners to verify', () => {
    const g = new Graph()
    const w = g.processChange(add(podA, {ownerReferences: [ref(rs)]}))
    expect(names(w.attemptToDelete)).toEqual(['web-abc'])
    expect(g.get('r1')).toMatchObject({virtual: true, identity: rs})
    expect(names(g.get('r1')!.dependents)).toEqual(['web-abc-1'])
    // the owner shows up: it is no longer virtual
    g.processChange(add(rs))
    expect(g.get('r1')!.virtual).toBe(false)
  })

  it('background: when an owner disappears its dependents are queued', () => {
    const g = chain()
    const w = g.processChange({type: 'delete', identity: rs, obj: obj(rs)})
    expect(names(w.attemptToDelete)).toEqual(['web-abc-1', 'web-abc-2'])
    expect(g.get('r1')).toBeUndefined()
    expect(g.isAbsent(rs)).toBe(true)
    expect(names(g.get('d1')!.dependents)).toEqual([])
  })

  it('foreground: the owner starts deleting dependents and waits for the blocking ones', () => {
    const g = chain()
    const deleting = obj(rs, {ownerReferences: [ref(deploy)], deletionTimestamp: '2030-01-01T00:00:00Z', finalizers: ['foregroundDeletion']})
    const w = g.processChange({type: 'update', identity: rs, obj: deleting, oldObj: obj(rs, {ownerReferences: [ref(deploy)]})})
    expect(names(w.attemptToDelete)).toEqual(['web-abc', 'web-abc-1', 'web-abc-2'])
    const node = g.get('r1')!
    expect(node.deletingDependents).toBe(true)
    // only podA blocks (blockOwnerDeletion); podB is deleted but not waited for
    expect(decideForegroundOwner(node)).toEqual({type: 'deleteDependents', dependents: [g.get('p1')]})
    // podA goes away: the owner is queued again, and may now drop its finalizer
    const after = g.processChange({type: 'delete', identity: podA, obj: obj(podA)})
    expect(names(after.attemptToDelete)).toEqual(['web-abc'])
    expect(decideForegroundOwner(node)).toEqual({type: 'removeFinalizer'})
  })

  it('orphan: the owner is queued for orphaning once deleting with the orphan finalizer', () => {
    const g = chain()
    const w = g.processChange({type: 'update', identity: rs, obj: obj(rs, {ownerReferences: [ref(deploy)], deletionTimestamp: '2030-01-01T00:00:00Z', finalizers: ['orphan']}), oldObj: obj(rs, {ownerReferences: [ref(deploy)]})})
    expect(names(w.attemptToOrphan)).toEqual(['web-abc'])
    expect(w.attemptToDelete.size).toBe(0)
  })

  it('queues an owner when a blocking reference to it is removed or unblocked', () => {
    const g = chain()
    const w = g.processChange({type: 'update', identity: podA, obj: obj(podA, {ownerReferences: [ref(rs, false)]})})
    expect(names(w.attemptToDelete)).toEqual(['web-abc'])
    const w2 = g.processChange({type: 'update', identity: podA, obj: obj(podA)})
    expect(w2.attemptToDelete.size).toBe(0)
    expect(names(g.get('r1')!.dependents)).toEqual(['web-abc-2'])
  })

  it('a virtual delete with other coordinates than the observed owner only frees matching dependents', () => {
    const g = chain()
    const wrong = {...rs, name: 'not-web-abc'}
    g.processChange(add(podA, {ownerReferences: [ref(rs), ref(wrong)]}))
    const w = g.processChange({type: 'delete', identity: wrong, virtual: true})
    expect(g.get('r1')).toBeDefined()
    expect(w.attemptToDelete.size).toBe(0)
  })
})

describe('decideDependent', () => {
  const g = chain()
  const node = g.get('p1')!
  const owners = (...states: ('solid' | 'dangling' | 'waiting')[]) => states.map((state, i) => ({ref: {...ref(rs), uid: `o${i}`}, state}))

  it.each([
    ['no owners', [], {type: 'none'}],
    ['a solid owner', owners('solid'), {type: 'none'}],
    ['solid and dangling owners', owners('solid', 'dangling', 'waiting'), {type: 'removeOwnerRefs', uids: ['o1', 'o2']}],
    ['only dangling owners', owners('dangling'), {type: 'delete', policy: 'Background'}],
    ['an owner waiting for its dependents (leaf)', owners('waiting'), {type: 'delete', policy: 'Background'}],
  ] as const)('%s', (_n, o, want) => {
    expect(decideDependent(obj(podA), o as never, node)).toEqual(want)
  })

  it('deletes dependents that have dependents in the foreground when their owner waits', () => {
    const mid = g.get('r1')!
    expect(decideDependent(obj(rs), owners('waiting'), mid)).toEqual({type: 'delete', policy: 'Foreground'})
  })

  it('keeps the policy the garbage object asked for through its finalizers', () => {
    expect(decideDependent(obj(podA, {finalizers: ['orphan']}), owners('dangling'), node)).toEqual({type: 'delete', policy: 'Orphan'})
    expect(decideDependent(obj(podA, {finalizers: ['foregroundDeletion']}), owners('dangling'), node)).toEqual({type: 'delete', policy: 'Foreground'})
  })

  it('builds the unblock patch from blocking references', () => {
    expect(unblockOwnerRefsPatch(g.get('p1')!)).toEqual({metadata: {ownerReferences: [{...ref(rs), blockOwnerDeletion: false}], uid: 'p1'}})
  })
})
