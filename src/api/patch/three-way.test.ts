import {describe, expect, it} from 'vitest'
import {
  createThreeWayJsonMergePatch,
  createThreeWayMergePatch,
  getLastAppliedConfiguration,
  LAST_APPLIED_ANNOTATION,
  withLastAppliedConfiguration,
} from './three-way.js'
import {applyStrategicMergePatch} from './strategic.js'
import {applyMergePatch} from './merge-patch.js'

type Obj = Record<string, any>

/** A Deployment manifest as a user writes it. */
function manifest(opts: {image?: string; args?: string[]; replicas?: number; sidecar?: boolean; labels?: Obj; strategy?: Obj} = {}): Obj {
  const web: Obj = {name: 'web', image: opts.image ?? 'nginx:1.25', ports: [{containerPort: 80}]}
  if (opts.args) web.args = opts.args
  const containers = [web]
  if (opts.sidecar) containers.push({name: 'log', image: 'busybox:1'})
  const spec: Obj = {
    selector: {matchLabels: {app: 'web'}},
    template: {metadata: {labels: {app: 'web'}}, spec: {containers}},
  }
  if (opts.replicas !== undefined) spec.replicas = opts.replicas
  if (opts.strategy) spec.strategy = opts.strategy
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {name: 'web', namespace: 'default', labels: opts.labels ?? {app: 'web'}, creationTimestamp: null},
    spec,
    status: {},
  }
}

/** What the API server stores for a created or updated Deployment: defaults, server fields, status. */
function serverSide(obj: Obj, rv: number): Obj {
  const o = structuredClone(obj)
  delete o.metadata.creationTimestamp
  o.metadata = {...o.metadata, uid: 'u-1', resourceVersion: String(rv), generation: rv, creationTimestamp: '2024-01-01T00:00:00Z'}
  o.spec.replicas ??= 1
  o.spec.strategy ??= {type: 'RollingUpdate'}
  if (o.spec.strategy.type === 'RollingUpdate') o.spec.strategy.rollingUpdate ??= {maxSurge: '25%', maxUnavailable: '25%'}
  o.spec.template.spec.restartPolicy ??= 'Always'
  for (const c of o.spec.template.spec.containers) {
    c.terminationMessagePath ??= '/dev/termination-log'
    c.imagePullPolicy ??= 'IfNotPresent'
    for (const p of c.ports ?? []) p.protocol ??= 'TCP'
  }
  o.status = {replicas: o.spec.replicas, conditions: [{type: 'Available', status: 'True'}]}
  return o
}

/** One `apply` of `m` against the live object: the patch, and the live object after the server applies it. */
function apply(live: Obj, m: Obj): {patch: Obj; live: Obj} {
  const modified = withLastAppliedConfiguration(m)
  const patch = createThreeWayMergePatch('Deployment', getLastAppliedConfiguration(live), modified, live)
  const patched = applyStrategicMergePatch<Obj>('Deployment', live, patch)
  return {patch, live: serverSide(patched, Number(live.metadata.resourceVersion) + 1)}
}

function firstCreate(m: Obj): Obj {
  return serverSide(withLastAppliedConfiguration(m), 1)
}

describe('createThreeWayMergePatch (kubectl apply)', () => {
  it('re-applying an unchanged manifest yields {}', () => {
    const live = firstCreate(manifest({args: ['-v']}))
    expect(apply(live, manifest({args: ['-v']})).patch).toEqual({})
  })

  it('deletes a field removed from the manifest and keeps replicas changed by kubectl scale', () => {
    let live = firstCreate(manifest({args: ['-v']}))
    live.spec.replicas = 5 // kubectl scale: not in the manifest, not in last-applied
    const {patch, live: after} = apply(live, manifest({image: 'nginx:1.26'}))
    const {[LAST_APPLIED_ANNOTATION]: annotation, ...rest} = patch.metadata.annotations
    expect(rest).toEqual({})
    expect(JSON.parse(annotation)).toEqual(withLastAppliedConfigurationPayload(manifest({image: 'nginx:1.26'})))
    expect(patch.spec).toEqual({
      template: {
        spec: {
          '$setElementOrder/containers': [{name: 'web'}],
          containers: [{name: 'web', image: 'nginx:1.26', args: null}],
        },
      },
    })
    expect(after.spec.replicas).toBe(5)
    expect(after.spec.template.spec.containers[0]).not.toHaveProperty('args')
    expect(after.spec.template.spec.containers[0].image).toBe('nginx:1.26')
    expect(after.spec.template.spec.containers[0].terminationMessagePath).toBe('/dev/termination-log')
    live = after
    expect(apply(live, manifest({image: 'nginx:1.26'})).patch).toEqual({})
  })

  it('resets replicas the manifest declares (the manifest owns declared fields)', () => {
    const live = firstCreate(manifest({replicas: 2}))
    live.spec.replicas = 5
    const {patch, live: after} = apply(live, manifest({replicas: 2}))
    expect(patch).toEqual({spec: {replicas: 2}})
    expect(after.spec.replicas).toBe(2)
  })

  it('removes a container dropped from the manifest but keeps one injected by another actor', () => {
    const live = firstCreate(manifest({sidecar: true}))
    live.spec.template.spec.containers.push({name: 'injected', image: 'proxy:1'})
    const {patch, live: after} = apply(live, manifest())
    expect(patch.spec.template.spec.containers).toEqual([{$patch: 'delete', name: 'log'}])
    expect(after.spec.template.spec.containers.map((c: Obj) => c.name)).toEqual(['web', 'injected'])
    expect(apply(after, manifest()).patch).toEqual({})
  })

  it('keeps labels and finalizers other actors added; deletes labels dropped from the manifest', () => {
    const live = firstCreate(manifest({labels: {app: 'web', tier: 'front'}}))
    live.metadata.labels.owner = 'someone-else'
    live.metadata.finalizers = ['example.com/protect']
    const {patch, live: after} = apply(live, manifest({labels: {app: 'web'}}))
    expect(patch.metadata.labels).toEqual({tier: null})
    expect(after.metadata.labels).toEqual({app: 'web', owner: 'someone-else'})
    expect(after.metadata.finalizers).toEqual(['example.com/protect'])
    expect(apply(after, manifest({labels: {app: 'web'}})).patch).toEqual({})
  })

  it('switching the strategy to Recreate clears the server-defaulted rollingUpdate ($retainKeys)', () => {
    const live = firstCreate(manifest({strategy: {type: 'RollingUpdate'}}))
    expect(apply(live, manifest({strategy: {type: 'RollingUpdate'}})).patch).toEqual({})
    const {patch, live: after} = apply(live, manifest({strategy: {type: 'Recreate'}}))
    expect(patch.spec.strategy).toEqual({$retainKeys: ['type'], type: 'Recreate'})
    expect(after.spec.strategy).toEqual({type: 'Recreate'})
  })

  it('first apply to an object created without last-applied only adds and changes', () => {
    const live = serverSide(manifest({args: ['-v']}), 1)
    const patch = createThreeWayMergePatch('Deployment', undefined, manifest(), live)
    expect(patch).toEqual({})
  })

  it('rejects non-object inputs', () => {
    expect(() => createThreeWayMergePatch('Deployment', undefined, [], {})).toThrow(/modified configuration must be a JSON object/)
  })
})

function withLastAppliedConfigurationPayload(m: Obj): Obj {
  const annotated = withLastAppliedConfiguration(m) as Obj
  return JSON.parse(annotated.metadata.annotations[LAST_APPLIED_ANNOTATION])
}

describe('last-applied annotation helpers', () => {
  it('records the manifest without the annotation, as canonical JSON', () => {
    const m = {kind: 'ConfigMap', metadata: {name: 'c', annotations: {[LAST_APPLIED_ANNOTATION]: 'old', z: '1'}}, data: {b: '2', a: '1'}}
    const out = withLastAppliedConfiguration(m) as Obj
    expect(out.metadata).toEqual({
      name: 'c',
      annotations: {z: '1', [LAST_APPLIED_ANNOTATION]: '{"data":{"a":"1","b":"2"},"kind":"ConfigMap","metadata":{"annotations":{"z":"1"},"name":"c"}}'},
    })
    expect(getLastAppliedConfiguration(out)).toEqual({kind: 'ConfigMap', metadata: {name: 'c', annotations: {z: '1'}}, data: {a: '1', b: '2'}})
    expect(m.metadata.annotations[LAST_APPLIED_ANNOTATION]).toBe('old')
  })

  it('reads nothing from objects without a valid annotation', () => {
    expect(getLastAppliedConfiguration({metadata: {}})).toBeUndefined()
    expect(getLastAppliedConfiguration({metadata: {annotations: {[LAST_APPLIED_ANNOTATION]: 'not json'}}})).toBeUndefined()
    expect(getLastAppliedConfiguration({metadata: {annotations: {[LAST_APPLIED_ANNOTATION]: '[1]'}}})).toBeUndefined()
  })
})

describe('createThreeWayJsonMergePatch (kinds without a strategic schema)', () => {
  const widget = (spec: Obj): Obj => ({apiVersion: 'example.com/v1', kind: 'Widget', metadata: {name: 'w'}, spec})

  it('is {} when nothing changed, even with server-added fields', () => {
    const m = widget({size: 1, items: [1, 2]})
    const current = {...widget({size: 1, items: [1, 2], defaulted: true}), status: {ok: true}}
    expect(createThreeWayJsonMergePatch(m, m, current)).toEqual({})
  })

  it('deletes fields dropped from the manifest, replaces lists, keeps others', () => {
    const last = widget({size: 1, color: 'red', items: [1, 2]})
    const m = widget({size: 2, items: [3]})
    const current = {...widget({size: 1, color: 'red', items: [1, 2], defaulted: true}), status: {ok: true}}
    const patch = createThreeWayJsonMergePatch(last, m, current)
    expect(patch).toEqual({spec: {size: 2, color: null, items: [3]}})
    expect(applyMergePatch(current, patch)).toEqual({...widget({size: 2, items: [3], defaulted: true}), status: {ok: true}})
  })

  it('adds everything on a first apply', () => {
    expect(createThreeWayJsonMergePatch(undefined, widget({a: {b: 1}}), widget({}))).toEqual({spec: {a: {b: 1}}})
  })
})
