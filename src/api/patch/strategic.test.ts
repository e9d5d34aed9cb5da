import {describe, expect, it} from 'vitest'
import {applyStrategicMergePatch} from './strategic.js'
import {PatchError} from './errors.js'
import {patchMetaAt} from './schema.js'

type Obj = Record<string, unknown>

function pod(spec: Obj, extra: Obj = {}): Obj {
  return {apiVersion: 'v1', kind: 'Pod', metadata: {name: 'p', namespace: 'default'}, spec, ...extra}
}

function containersOf(o: Obj): unknown {
  return (o.spec as Obj).containers
}

function envOf(o: Obj): unknown {
  return ((containersOf(o) as Obj[])[0] as Obj).env
}

function failure(kind: string, original: unknown, patch: unknown): PatchError {
  try {
    applyStrategicMergePatch(kind, original, patch)
  } catch (e) {
    expect(e).toBeInstanceOf(PatchError)
    return e as PatchError
  }
  throw new Error('expected the patch to fail')
}

const twoContainers = pod({
  containers: [
    {name: 'web', image: 'nginx:1.25', ports: [{containerPort: 80}]},
    {name: 'log', image: 'busybox:1'},
  ],
})

describe('lists merged by key', () => {
  it('changes one container image and keeps the other (containers by name)', () => {
    const got = applyStrategicMergePatch<Obj>('Pod', twoContainers, {spec: {containers: [{name: 'log', image: 'busybox:2'}]}})
    expect(containersOf(got)).toEqual([
      {name: 'web', image: 'nginx:1.25', ports: [{containerPort: 80}]},
      {name: 'log', image: 'busybox:2'},
    ])
  })

  it('merges env by name: changes one, keeps the rest, new ones go first without an order directive', () => {
    const original = pod({containers: [{name: 'c', env: [{name: 'A', value: '1'}, {name: 'B', value: '2'}]}]})
    const got = applyStrategicMergePatch<Obj>('Pod', original, {
      spec: {containers: [{name: 'c', env: [{name: 'B', value: '3'}, {name: 'N', value: 'new'}]}]},
    })
    expect(envOf(got)).toEqual([
      {name: 'A', value: '1'},
      {name: 'B', value: '3'},
      {name: 'N', value: 'new'},
    ])
    const added = applyStrategicMergePatch<Obj>('Pod', original, {spec: {containers: [{name: 'c', env: [{name: 'N', value: 'n'}]}]}})
    expect((envOf(added) as Obj[]).map((e) => e.name)).toEqual(['N', 'A', 'B'])
  })

  it('merges container ports by containerPort', () => {
    const got = applyStrategicMergePatch<Obj>('Pod', twoContainers, {
      spec: {containers: [{name: 'web', ports: [{containerPort: 80, name: 'http'}, {containerPort: 443}]}]},
    })
    expect((containersOf(got) as Obj[])[0].ports).toEqual([{containerPort: 80, name: 'http'}, {containerPort: 443}])
  })

  it('merges volumeMounts by mountPath, Service ports by port, hostAliases by ip', () => {
    const p = pod({
      containers: [{name: 'c', volumeMounts: [{name: 'a', mountPath: '/a'}]}],
      hostAliases: [{ip: '10.0.0.1', hostnames: ['a']}],
    })
    const got = applyStrategicMergePatch<Obj>('Pod', p, {
      spec: {containers: [{name: 'c', volumeMounts: [{mountPath: '/a', readOnly: true}]}], hostAliases: [{ip: '10.0.0.1', hostnames: ['b']}]},
    })
    expect((containersOf(got) as Obj[])[0].volumeMounts).toEqual([{name: 'a', mountPath: '/a', readOnly: true}])
    expect((got.spec as Obj).hostAliases).toEqual([{ip: '10.0.0.1', hostnames: ['b']}])
    const svc = {kind: 'Service', metadata: {name: 's'}, spec: {ports: [{port: 80, targetPort: 8080}, {port: 443}]}}
    const patched = applyStrategicMergePatch<Obj>('Service', svc, {spec: {ports: [{port: 80, targetPort: 9090}]}})
    expect((patched.spec as Obj).ports).toEqual([{port: 80, targetPort: 9090}, {port: 443}])
  })

  it('deletes a list element with $patch: delete', () => {
    const got = applyStrategicMergePatch<Obj>('Pod', twoContainers, {spec: {containers: [{$patch: 'delete', name: 'web'}]}})
    expect(containersOf(got)).toEqual([{name: 'log', image: 'busybox:1'}])
  })

  it('replaces a merged list with a {$patch: replace} element', () => {
    const got = applyStrategicMergePatch<Obj>('Pod', twoContainers, {spec: {containers: [{$patch: 'replace'}, {name: 'only', image: 'x'}]}})
    expect(containersOf(got)).toEqual([{name: 'only', image: 'x'}])
  })

  it('merges conditions by type in status (Pod, Node) and node addresses by type', () => {
    const node = {
      kind: 'Node',
      metadata: {name: 'n'},
      status: {
        conditions: [
          {type: 'Ready', status: 'False'},
          {type: 'MemoryPressure', status: 'False'},
        ],
        addresses: [{type: 'InternalIP', address: '10.0.0.2'}],
      },
    }
    const got = applyStrategicMergePatch<Obj>('Node', node, {
      status: {conditions: [{type: 'Ready', status: 'True'}], addresses: [{type: 'Hostname', address: 'n'}]},
    })
    expect((got.status as Obj).conditions).toEqual([
      {type: 'Ready', status: 'True'},
      {type: 'MemoryPressure', status: 'False'},
    ])
    expect((got.status as Obj).addresses).toEqual([
      {type: 'Hostname', address: 'n'},
      {type: 'InternalIP', address: '10.0.0.2'},
    ])
  })

  it('merges the pod template of workloads (Deployment, CronJob)', () => {
    const deploy = {
      kind: 'Deployment',
      metadata: {name: 'd'},
      spec: {template: {metadata: {labels: {app: 'd'}}, spec: {containers: [{name: 'a', image: 'a:1'}, {name: 'b', image: 'b:1'}]}}},
    }
    const got = applyStrategicMergePatch<Obj>('Deployment', deploy, {spec: {template: {spec: {containers: [{name: 'b', image: 'b:2'}]}}}})
    expect(((got.spec as Obj).template as Obj).spec).toEqual({containers: [{name: 'a', image: 'a:1'}, {name: 'b', image: 'b:2'}]})
    expect(patchMetaAt('CronJob', 'spec.jobTemplate.spec.template.spec.containers.env')).toEqual({strategy: 'merge', mergeKey: 'name'})
    expect(patchMetaAt('DaemonSet', 'spec.template.spec.volumes')).toMatchObject({mergeKey: 'name', retainKeys: true})
    expect(patchMetaAt('Node', 'spec.taints')).toBeUndefined()
  })

  it('merges ownerReferences by uid and finalizers as a set', () => {
    const obj = {kind: 'ConfigMap', metadata: {name: 'c', finalizers: ['a', 'b'], ownerReferences: [{uid: '1', name: 'x', kind: 'K', apiVersion: 'v1'}]}}
    const got = applyStrategicMergePatch<Obj>('ConfigMap', obj, {
      metadata: {finalizers: ['b', 'c'], ownerReferences: [{uid: '1', controller: true}, {uid: '2', name: 'y', kind: 'K', apiVersion: 'v1'}]},
    })
    expect((got.metadata as Obj).finalizers).toEqual(['a', 'b', 'c'])
    expect((got.metadata as Obj).ownerReferences).toEqual([
      {uid: '1', name: 'x', kind: 'K', apiVersion: 'v1', controller: true},
      {uid: '2', name: 'y', kind: 'K', apiVersion: 'v1'},
    ])
  })

  it('replaces lists without a merge strategy (tolerations, args, unknown kinds)', () => {
    const p = pod({containers: [{name: 'c', args: ['a', 'b']}], tolerations: [{key: 'x'}]})
    const got = applyStrategicMergePatch<Obj>('Pod', p, {spec: {tolerations: [{key: 'y'}], containers: [{name: 'c', args: ['z']}]}})
    expect((got.spec as Obj).tolerations).toEqual([{key: 'y'}])
    expect((containersOf(got) as Obj[])[0].args).toEqual(['z'])
    const widget = {kind: 'Widget', metadata: {name: 'w', finalizers: ['a']}, spec: {items: [{name: 'a'}]}}
    const w = applyStrategicMergePatch<Obj>('Widget', widget, {metadata: {finalizers: ['b']}, spec: {items: [{name: 'b'}]}})
    // new primitive first: with no order information upstream puts patch items before server-only ones
    expect(w).toEqual({kind: 'Widget', metadata: {name: 'w', finalizers: ['b', 'a']}, spec: {items: [{name: 'b'}]}})
  })
})

describe('directives', () => {
  const env = pod({containers: [{name: 'c', env: [{name: 'A'}, {name: 'S'}, {name: 'B'}]}]})

  it('$setElementOrder orders patch items and interleaves server-only items by live order', () => {
    const reorder = applyStrategicMergePatch<Obj>('Pod', env, {
      spec: {containers: [{name: 'c', '$setElementOrder/env': [{name: 'B'}, {name: 'S'}, {name: 'A'}]}]},
    })
    expect((envOf(reorder) as Obj[]).map((e) => e.name)).toEqual(['B', 'S', 'A'])
    const inserted = applyStrategicMergePatch<Obj>('Pod', env, {
      spec: {containers: [{name: 'c', env: [{name: 'N'}], '$setElementOrder/env': [{name: 'A'}, {name: 'N'}, {name: 'S'}, {name: 'B'}]}]},
    })
    expect((envOf(inserted) as Obj[]).map((e) => e.name)).toEqual(['A', 'N', 'S', 'B'])
    const partial = applyStrategicMergePatch<Obj>('Pod', env, {
      spec: {containers: [{name: 'c', '$setElementOrder/env': [{name: 'B'}, {name: 'A'}]}]},
    })
    expect((envOf(partial) as Obj[]).map((e) => e.name)).toEqual(['S', 'B', 'A'])
  })

  it('$setElementOrder orders primitive lists and rejects a patch list in another order', () => {
    const obj = {kind: 'ConfigMap', metadata: {name: 'c', finalizers: ['a', 'b']}}
    const got = applyStrategicMergePatch<Obj>('ConfigMap', obj, {metadata: {finalizers: ['c'], '$setElementOrder/finalizers': ['c', 'b', 'a']}})
    expect((got.metadata as Obj).finalizers).toEqual(['c', 'b', 'a'])
    const e = failure('Pod', env, {
      spec: {containers: [{name: 'c', env: [{name: 'B'}, {name: 'A'}], '$setElementOrder/env': [{name: 'A'}, {name: 'B'}]}]},
    })
    expect(e.code).toBe(400)
    expect(e.message).toMatch(/doesn't match \$setElementOrder/)
  })

  it('null deletes a field; nulls inside new values are dropped', () => {
    const p = pod({containers: []}, {metadata: {name: 'p', labels: {a: '1', b: '2'}}})
    const got = applyStrategicMergePatch<Obj>('Pod', p, {metadata: {labels: {a: null, missing: null}}, spec: {nodeSelector: {x: 'y', z: null}}})
    expect((got.metadata as Obj).labels).toEqual({b: '2'})
    expect((got.spec as Obj).nodeSelector).toEqual({x: 'y'})
  })

  it('$patch: replace on a map replaces it; $patch: delete removes it; $patch: merge merges', () => {
    const p = pod({containers: [], nodeSelector: {a: '1', b: '2'}, securityContext: {runAsUser: 1}})
    const got = applyStrategicMergePatch<Obj>('Pod', p, {
      spec: {nodeSelector: {$patch: 'replace', c: '3'}, securityContext: {$patch: 'delete'}},
      metadata: {$patch: 'merge', labels: {l: 'v'}},
    })
    expect((got.spec as Obj).nodeSelector).toEqual({c: '3'})
    expect(got.spec).not.toHaveProperty('securityContext')
    expect(got.metadata).toEqual({name: 'p', namespace: 'default', labels: {l: 'v'}})
    expect(applyStrategicMergePatch('Pod', p, {$patch: 'delete'})).toEqual({})
    expect(applyStrategicMergePatch('Pod', p, {$patch: 'replace', kind: 'Pod'})).toEqual({kind: 'Pod'})
  })

  it('$retainKeys clears unlisted fields (Deployment strategy, volume sources)', () => {
    const deploy = {kind: 'Deployment', metadata: {name: 'd'}, spec: {strategy: {type: 'RollingUpdate', rollingUpdate: {maxSurge: '25%'}}}}
    const got = applyStrategicMergePatch<Obj>('Deployment', deploy, {spec: {strategy: {$retainKeys: ['type'], type: 'Recreate'}}})
    expect((got.spec as Obj).strategy).toEqual({type: 'Recreate'})
    const p = pod({containers: [], volumes: [{name: 'v', emptyDir: {}}, {name: 'w', emptyDir: {}}]})
    const vol = applyStrategicMergePatch<Obj>('Pod', p, {spec: {volumes: [{name: 'v', $retainKeys: ['configMap', 'name'], configMap: {name: 'cm'}}]}})
    expect((vol.spec as Obj).volumes).toEqual([{name: 'v', configMap: {name: 'cm'}}, {name: 'w', emptyDir: {}}])
    const e = failure('Deployment', deploy, {spec: {strategy: {$retainKeys: ['type'], rollingUpdate: {}}}})
    expect(e.code).toBe(422)
    expect(e.message).toMatch(/doesn't match retainKeys/)
  })

  it('$deleteFromPrimitiveList removes values from a merged primitive list', () => {
    const obj = {kind: 'ConfigMap', metadata: {name: 'c', finalizers: ['a', 'b', 'c']}}
    const got = applyStrategicMergePatch<Obj>('ConfigMap', obj, {metadata: {'$deleteFromPrimitiveList/finalizers': ['b', 'x']}})
    expect((got.metadata as Obj).finalizers).toEqual(['a', 'c'])
  })

  it('a {$patch: merge} element merges a primitive list that has no merge strategy', () => {
    const w = {kind: 'Widget', metadata: {name: 'w'}, spec: {tags: ['a', 'b'], items: [{id: 1}]}}
    const got = applyStrategicMergePatch<Obj>('Widget', w, {spec: {tags: [{$patch: 'merge'}, 'c', 'a']}})
    expect((got.spec as Obj).tags).toEqual(['c', 'a', 'b'])
    expect(failure('Widget', w, {spec: {items: [{$patch: 'merge'}, {id: 2}]}}).message).toMatch(/without merge key/)
  })

  it('strips directives from values added where nothing existed', () => {
    const got = applyStrategicMergePatch<Obj>('Pod', pod({}), {spec: {containers: [{$patch: 'replace'}, {name: 'c', env: [{name: 'A'}, {$patch: 'delete', name: 'B'}]}]}})
    expect(containersOf(got)).toEqual([{name: 'c', env: [{name: 'A'}]}])
  })
})

describe('errors and purity', () => {
  const cases: Array<[string, unknown, RegExp, number]> = [
    ['unknown $patch', {spec: {nodeSelector: {$patch: 'frob'}}}, /unknown patch type: "frob"/, 400],
    ['element without merge key', {spec: {containers: [{image: 'x'}]}}, /does not contain declared merge key: name/, 400],
    ['delete without merge key', {spec: {containers: [{$patch: 'delete'}]}}, /does not contain declared merge key/, 400],
    ['patch not an object', [1], /must be a JSON object/, 400],
    ['unparseable text', '{', /invalid strategic merge patch document/, 400],
    ['bad $retainKeys', {spec: {$retainKeys: 'x'}}, /invalid patch format of retainKeys/, 400],
    ['bad primitive list', {metadata: {'$deleteFromPrimitiveList/finalizers': 'x'}}, /invalid patch format of primitive list/, 400],
    ['list of lists', {metadata: {finalizers: [['x']]}}, /lists of lists/, 422],
  ]
  it.each(cases)('%s', (_name, patch, message, code) => {
    const original = pod({containers: [{name: 'c'}]}, {metadata: {name: 'p', finalizers: ['a']}})
    const e = failure('Pod', original, patch)
    expect(e.message).toMatch(message)
    expect(e.code).toBe(code)
  })

  it('does not modify the original or the patch', () => {
    const original = structuredClone(twoContainers)
    const patch = {spec: {containers: [{name: 'web', image: 'x'}, {$patch: 'delete', name: 'log'}]}}
    const patchCopy = structuredClone(patch)
    applyStrategicMergePatch('Pod', original, patch)
    expect(original).toEqual(twoContainers)
    expect(patch).toEqual(patchCopy)
  })
})

describe('$setElementOrder on lists without the merge strategy', () => {
  it('is ignored when the patch has no list for the field', () => {
    const p = pod({containers: [], tolerations: [{key: 'a'}, {key: 'b'}]})
    const got = applyStrategicMergePatch<Obj>('Pod', p, {spec: {'$setElementOrder/tolerations': ['x']}})
    expect((got.spec as Obj).tolerations).toEqual([{key: 'a'}, {key: 'b'}])
  })
})
