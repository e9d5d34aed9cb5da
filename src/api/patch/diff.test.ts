import {describe, expect, it} from 'vitest'
import {createTwoWayMergePatch} from './diff.js'
import {applyStrategicMergePatch} from './strategic.js'

type Obj = Record<string, unknown>

function deployment(containers: Obj[], extra: Obj = {}): Obj {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {name: 'web', labels: {app: 'web'}},
    spec: {selector: {matchLabels: {app: 'web'}}, template: {metadata: {labels: {app: 'web'}}, spec: {containers}}, ...extra},
  }
}

describe('createTwoWayMergePatch', () => {
  it('is {} for equal objects', () => {
    const d = deployment([{name: 'a', image: 'a:1'}])
    expect(createTwoWayMergePatch('Deployment', d, structuredClone(d))).toEqual({})
  })

  it('produces per-element patches with $setElementOrder for merged lists', () => {
    const original = deployment([{name: 'a', image: 'a:1', env: [{name: 'X', value: '1'}]}, {name: 'b', image: 'b:1'}])
    const modified = deployment([{name: 'a', image: 'a:2', env: [{name: 'X', value: '1'}]}, {name: 'b', image: 'b:1'}])
    expect(createTwoWayMergePatch('Deployment', original, modified)).toEqual({
      spec: {template: {spec: {'$setElementOrder/containers': [{name: 'a'}, {name: 'b'}], containers: [{name: 'a', image: 'a:2'}]}}},
    })
  })

  it('deletes removed elements with $patch: delete and removed fields with null', () => {
    const original = deployment([{name: 'a', image: 'a:1', args: ['x']}, {name: 'b', image: 'b:1'}])
    const modified = deployment([{name: 'a', image: 'a:1'}])
    expect(createTwoWayMergePatch('Deployment', original, modified)).toEqual({
      spec: {
        template: {
          spec: {
            '$setElementOrder/containers': [{name: 'a'}],
            containers: [{name: 'a', args: null}, {$patch: 'delete', name: 'b'}],
          },
        },
      },
    })
  })

  it('uses $deleteFromPrimitiveList and $setElementOrder for merged primitive lists', () => {
    const original = {kind: 'ConfigMap', metadata: {name: 'c', finalizers: ['a', 'b']}}
    const modified = {kind: 'ConfigMap', metadata: {name: 'c', finalizers: ['b', 'c']}}
    expect(createTwoWayMergePatch('ConfigMap', original, modified)).toEqual({
      metadata: {finalizers: ['c'], '$deleteFromPrimitiveList/finalizers': ['a'], '$setElementOrder/finalizers': ['b', 'c']},
    })
  })

  it('adds $retainKeys for retainKeys fields whose patch is not empty', () => {
    const original = deployment([], {strategy: {type: 'RollingUpdate', rollingUpdate: {maxSurge: 1}}})
    const modified = deployment([], {strategy: {type: 'Recreate'}})
    expect(createTwoWayMergePatch('Deployment', original, modified)).toEqual({
      spec: {strategy: {$retainKeys: ['type'], type: 'Recreate', rollingUpdate: null}},
    })
  })

  const roundTrips: Array<[string, string, Obj, Obj]> = [
    ['reorder containers', 'Deployment', deployment([{name: 'a'}, {name: 'b'}, {name: 'c'}]), deployment([{name: 'c'}, {name: 'a'}, {name: 'b'}])],
    [
      'add, remove and change env',
      'Deployment',
      deployment([{name: 'a', env: [{name: 'X', value: '1'}, {name: 'Y', value: '2'}, {name: 'Z', value: '3'}]}]),
      deployment([{name: 'a', env: [{name: 'W', value: '0'}, {name: 'Y', value: '9'}, {name: 'X', value: '1'}]}]),
    ],
    [
      'ports by containerPort',
      'Pod',
      {kind: 'Pod', metadata: {name: 'p'}, spec: {containers: [{name: 'a', ports: [{containerPort: 80}, {containerPort: 81}]}]}},
      {kind: 'Pod', metadata: {name: 'p'}, spec: {containers: [{name: 'a', ports: [{containerPort: 81, name: 'x'}, {containerPort: 82}]}]}},
    ],
    [
      'finalizers and labels',
      'ConfigMap',
      {kind: 'ConfigMap', metadata: {name: 'c', labels: {a: '1', b: '2'}, finalizers: ['x', 'y', 'z']}, data: {k: 'v'}},
      {kind: 'ConfigMap', metadata: {name: 'c', labels: {b: '3', c: '4'}, finalizers: ['z', 'w']}, data: {}},
    ],
    [
      'volume source switch',
      'Pod',
      {kind: 'Pod', metadata: {name: 'p'}, spec: {volumes: [{name: 'v', emptyDir: {}}, {name: 'w', secret: {secretName: 's'}}]}},
      {kind: 'Pod', metadata: {name: 'p'}, spec: {volumes: [{name: 'v', configMap: {name: 'c'}}]}},
    ],
    [
      'lists replaced in unknown kinds',
      'Widget',
      {kind: 'Widget', metadata: {name: 'w'}, spec: {items: [1, 2, 3], nested: {a: {b: 1}}}},
      {kind: 'Widget', metadata: {name: 'w'}, spec: {items: [3, 1], nested: {a: {c: 2}}}},
    ],
    ['list emptied', 'Deployment', deployment([{name: 'a'}]), deployment([])],
    ['list filled', 'Deployment', deployment([]), deployment([{name: 'a', image: 'x'}])],
  ]
  it.each(roundTrips)('round trip: %s', (_name, kind, original, modified) => {
    const patch = createTwoWayMergePatch(kind, original, modified)
    expect(applyStrategicMergePatch(kind, original, patch)).toEqual(modified)
    expect(createTwoWayMergePatch(kind, modified, modified)).toEqual({})
  })
})
