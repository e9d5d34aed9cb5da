import {describe, expect, it} from 'vitest'
import type {KubeObject} from '../../api/meta.js'
import type {Pod} from '../../api/types/pod.js'
import {ownedPodHandlers} from './owned-pods.js'

const owner = (name: string, uid: string): KubeObject => ({apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: {name, namespace: 'ns', uid}})
const pod = (name: string, rv: string, extra: Partial<Pod['metadata']> = {}): Pod => ({apiVersion: 'v1', kind: 'Pod', metadata: {name, namespace: 'ns', resourceVersion: rv, labels: {app: 'a'}, ...extra}})
const ref = (o: KubeObject) => [{apiVersion: 'apps/v1', kind: 'ReplicaSet', name: o.metadata.name!, uid: o.metadata.uid!, controller: true}]

function setup() {
  const a = owner('a', 'ua')
  const b = owner('b', 'ub')
  const log: string[] = []
  const h = ownedPodHandlers<KubeObject>({
    owner: (p) => [a, b].find((o) => p.metadata.ownerReferences?.[0]?.uid === o.metadata.uid),
    selecting: (p) => (p.metadata.labels?.app === 'a' ? [a, b] : []),
    expectations: {creationObserved: (k) => log.push(`created ${k}`), deletionObserved: (k, p) => log.push(`deleted ${k} ${p}`)},
    enqueue: (k) => log.push(`sync ${k}`),
    ownedPodUpdated: (o, old, cur) => log.push(`updated ${o.metadata.name} ${old.metadata.resourceVersion}→${cur.metadata.resourceVersion}`),
  })
  return {a, b, log, h}
}

describe('owned pod handlers', () => {
  it('add: an owned pod is a creation observed for its owner; an orphan wakes every selecting owner; a terminating one is a deletion', () => {
    const {a, log, h} = setup()
    h.onAdd!(pod('p1', '1', {ownerReferences: ref(a)}))
    h.onAdd!(pod('p2', '1'))
    h.onAdd!(pod('p3', '1', {ownerReferences: ref(a), deletionTimestamp: '2026-01-01T00:00:00Z'}))
    h.onAdd!(pod('p4', '1', {ownerReferences: [{...ref(a)[0], uid: 'gone'}]}))
    expect(log).toEqual(['created ns/a', 'sync ns/a', 'sync ns/a', 'sync ns/b', 'deleted ns/a ns/p3', 'sync ns/a'])
  })

  it('update: same resourceVersion ignored; terminating counts as deleted (both label sets); owner change wakes both; orphan relabel wakes selectors', () => {
    const {a, b, log, h} = setup()
    h.onUpdate!(pod('p', '1', {ownerReferences: ref(a)}), pod('p', '1', {ownerReferences: ref(a)}))
    expect(log).toEqual([])
    h.onUpdate!(pod('p', '1', {ownerReferences: ref(a)}), pod('p', '2', {ownerReferences: ref(a), labels: {app: 'z'}, deletionTimestamp: 'x'}))
    expect(log.splice(0)).toEqual(['deleted ns/a ns/p', 'sync ns/a', 'deleted ns/a ns/p', 'sync ns/a'])
    h.onUpdate!(pod('p', '2', {ownerReferences: ref(a)}), pod('p', '3', {ownerReferences: ref(b)}))
    expect(log.splice(0)).toEqual(['sync ns/a', 'sync ns/b', 'updated b 2→3'])
    h.onUpdate!(pod('p', '3', {labels: {app: 'z'}}), pod('p', '4'))
    expect(log.splice(0)).toEqual(['sync ns/a', 'sync ns/b'])
    h.onUpdate!(pod('p', '4'), pod('p', '5'))
    expect(log).toEqual([])
  })

  it('delete: observed on the owner; an orphan wakes nobody', () => {
    const {a, log, h} = setup()
    h.onDelete!(pod('p', '9', {ownerReferences: ref(a)}))
    h.onDelete!(pod('q', '9'))
    expect(log).toEqual(['deleted ns/a ns/p', 'sync ns/a'])
  })
})
