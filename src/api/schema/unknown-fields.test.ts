import {describe, expect, it} from 'vitest'
import {findDuplicateFieldsInJson, findFieldProblemsInJson, findFieldProblemsWith, findJsonPatchProblems, findUnknownFields, goQuote, hasSchemaFor, MAX_STRICT_ERRORS, pruneUnknownFields} from './unknown-fields.js'
import {kitchenSinkDeployment} from './fixtures.js'
import type {Schema} from './dsl.js'

const deployment = (podSpec: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {name: 'web'},
  spec: {selector: {matchLabels: {app: 'web'}}, template: {metadata: {labels: {app: 'web'}}, spec: podSpec}, ...extra},
})

const pod = (spec: Record<string, unknown>, rest: Record<string, unknown> = {}) => ({apiVersion: 'v1', kind: 'Pod', metadata: {name: 'p'}, spec, ...rest})

describe('findUnknownFields', () => {
  it('reports a misspelled field deep in a workload template', () => {
    const r = findUnknownFields('Deployment', deployment({contianers: [{name: 'web', image: 'nginx'}]}))
    expect(r.unknown).toEqual(['spec.template.spec.contianers'])
    expect(r.messages).toEqual(['unknown field "spec.template.spec.contianers"'])
    expect(r.duplicates).toEqual([])
  })

  it('reports fields of objects inside lists with their index', () => {
    const r = findUnknownFields('Pod', pod({containers: [{name: 'a', image: 'x'}, {name: 'b', image: 'y', imagePullPolicyy: 'Always', ports: [{containerport: 80}]}]}))
    expect(r.unknown).toEqual(['spec.containers[1].imagePullPolicyy', 'spec.containers[1].ports[0].containerport'])
  })

  it('reports a field placed at the wrong level', () => {
    const r = findUnknownFields('Deployment', deployment({imagePullPolicy: 'Always', containers: [{name: 'web', image: 'nginx'}]}, {backoffLimit: 3}))
    expect(r.unknown).toEqual(['spec.template.spec.imagePullPolicy', 'spec.backoffLimit'])
  })

  it('finds typos in volumes, probes, affinity and env sources', () => {
    const r = findUnknownFields('Pod', pod({
      containers: [{name: 'a', image: 'x', readinessProbe: {httpGet: {port: 80, paht: '/'}}, env: [{name: 'A', valueFrom: {secretKeyRef: {name: 's', kee: 'k'}}}]}],
      volumes: [{name: 'v', configMap: {name: 'c', items: [{key: 'a', paht: 'b'}]}}],
      affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [{matchExpression: []}]}}},
    }))
    expect(r.unknown).toEqual([
      'spec.containers[0].readinessProbe.httpGet.paht',
      'spec.containers[0].env[0].valueFrom.secretKeyRef.kee',
      'spec.volumes[0].configMap.items[0].paht',
      'spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpression',
    ])
  })

  it('does not look inside an unknown field', () => {
    expect(findUnknownFields('Pod', pod({containers: [], sidecars: [{name: 'x', bogus: 1}]})).unknown).toEqual(['spec.sidecars'])
  })

  it('matches field names case-sensitively, as Kubernetes decodes', () => {
    expect(findUnknownFields('Pod', {apiVersion: 'v1', kind: 'Pod', Metadata: {}, metadata: {Name: 'x'}}).unknown).toEqual(['Metadata', 'metadata.Name'])
  })

  it('accepts any key in maps', () => {
    const r = findUnknownFields('Pod', pod(
      {containers: [{name: 'a', image: 'x', resources: {limits: {'nvidia.com/gpu': 1, cpu: '2'}, requests: {'example.com/dongle': '1'}}}], nodeSelector: {'any/key': 'v'}, overhead: {cpu: '1m'}},
      {metadata: {name: 'p', labels: {'app.kubernetes.io/name': 'x', '': ''}, annotations: {'a.b/c': 'd'}}},
    ))
    expect(r.unknown).toEqual([])
    expect(findUnknownFields('ConfigMap', {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'c'}, data: {anything: 'x', 'with.dots': 'y'}, binaryData: {b: 'AA=='}}).unknown).toEqual([])
  })

  it('accepts numbers and strings for int-or-string and quantity fields, and does not look inside them', () => {
    const obj = deployment({containers: [{name: 'a', image: 'x', resources: {limits: {cpu: 1.5, memory: '1Gi'}}, livenessProbe: {tcpSocket: {port: 'http'}}}]}, {strategy: {rollingUpdate: {maxSurge: '25%', maxUnavailable: 0}}})
    expect(findUnknownFields('Deployment', obj).unknown).toEqual([])
    // An object where an int-or-string belongs is a type error upstream, not an unknown field.
    const svc = {apiVersion: 'v1', kind: 'Service', metadata: {name: 's'}, spec: {ports: [{port: 80, targetPort: {foo: 1}}]}}
    expect(findUnknownFields('Service', svc).unknown).toEqual([])
  })

  it('does not look into managedFields[].fieldsV1, but checks the entries themselves', () => {
    const managedFields = [{manager: 'kubectl', operation: 'Update', apiVersion: 'v1', time: '2024-05-01T12:00:00Z', fieldsType: 'FieldsV1', fieldsV1: {'f:metadata': {'f:labels': {'.': {}}}}, managr: 'x'}]
    expect(findUnknownFields('ConfigMap', {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'c', managedFields}}).unknown).toEqual(['metadata.managedFields[0].managr'])
  })

  it('accepts anything under x-kubernetes-preserve-unknown-fields and RawExtension', () => {
    const schema: Schema = {type: 'object', properties: {known: {type: 'string'}, free: {type: 'object', 'x-kubernetes-preserve-unknown-fields': true}}}
    expect(findFieldProblemsWith(schema, {known: 'a', free: {x: {y: [1, {z: 2}]}}, other: 1}).unknown).toEqual(['other'])
    expect(findUnknownFields('WatchEvent', {type: 'ADDED', object: {whatever: {deep: true}}}).unknown).toEqual([])
  })

  it('knows apiVersion, kind, metadata and status of every kind', () => {
    const r = findUnknownFields('Pod', pod({containers: []}, {status: {phase: 'Running', podIPs: [{ip: '10.0.0.1'}], containerStatuses: [{name: 'a', ready: true, restartCount: 0, image: 'x', imageID: '', state: {running: {startedAt: 'x'}}}]}}))
    expect(r.unknown).toEqual([])
  })

  it('skips nulls and values of the wrong JSON type (those are type errors, not unknown fields)', () => {
    expect(findUnknownFields('Pod', pod({containers: null, volumes: 'x', affinity: [1, 2]}, {status: null})).unknown).toEqual([])
    expect(findUnknownFields('Pod', {apiVersion: 'v1', kind: 'Pod', metadata: 'x', spec: [{bogus: 1}]}).unknown).toEqual([])
  })

  it('reports fields in document order, each message once, at most 100', () => {
    const containers = [{name: 'a', bogus: 1}, {name: 'b', bogus: 2}]
    expect(findUnknownFields('Pod', pod({zz: 1, containers, aa: 2})).unknown).toEqual(['spec.zz', 'spec.containers[0].bogus', 'spec.containers[1].bogus', 'spec.aa'])
    const many = Object.fromEntries(Array.from({length: 150}, (_, i) => [`f${i}`, i]))
    const r = findUnknownFields('Pod', pod({containers: [], ...many}))
    expect(r.unknown).toHaveLength(MAX_STRICT_ERRORS)
    expect(r.unknown[99]).toBe('spec.f99')
  })

  it('looks kinds up by GroupVersionKind or by kind name', () => {
    const obj = {apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: {name: 'l'}, spec: {holderIdentity: 'a', renewTim: 'x'}}
    expect(findUnknownFields({group: 'coordination.k8s.io', version: 'v1', kind: 'Lease'}, obj).unknown).toEqual(['spec.renewTim'])
    expect(findUnknownFields('Lease', obj).unknown).toEqual(['spec.renewTim'])
    expect(hasSchemaFor({group: 'apps', version: 'v1', kind: 'StatefulSet'})).toBe(false)
    expect(hasSchemaFor({group: 'apps', version: 'v1', kind: 'DeploymentList'})).toBe(true)
    expect(() => findUnknownFields('Widget', {})).toThrow(/no schema for kind Widget/)
  })

  it('flags exactly the renamed field, wherever a struct field of the kitchen-sink deployment is renamed', () => {
    const MAPS = new Set(['labels', 'annotations', 'matchLabels', 'nodeSelector', 'requests', 'limits', 'volumeAttributes'])
    const positions: {path: string[]; key: string; inMap: boolean}[] = []
    const collect = (v: unknown, path: string[], parentKey: string) => {
      if (Array.isArray(v)) v.forEach((x, i) => collect(x, [...path, String(i)], parentKey))
      else if (v && typeof v === 'object') {
        for (const [k, x] of Object.entries(v)) {
          positions.push({path, key: k, inMap: MAPS.has(parentKey)})
          if (!MAPS.has(parentKey)) collect(x, [...path, k], k)
        }
      }
    }
    collect(kitchenSinkDeployment, [], '')
    expect(positions.length).toBeGreaterThan(300)
    for (const {path, key, inMap} of positions) {
      const copy = structuredClone(kitchenSinkDeployment) as Record<string, unknown>
      let node = copy as Record<string, unknown>
      for (const p of path) node = node[p] as Record<string, unknown>
      node[key + 'X'] = node[key]
      delete node[key]
      const dotted = path.reduce((acc, p) => (/^\d+$/.test(p) ? `${acc}[${p}]` : acc ? `${acc}.${p}` : p), '')
      const expected = inMap ? [] : [dotted ? `${dotted}.${key}X` : `${key}X`]
      expect(findUnknownFields('Deployment', copy).unknown, `${dotted}.${key}`).toEqual(expected)
    }
  })
})

describe('pruneUnknownFields', () => {
  it('drops unknown fields in place, as decoding into the Go types does, and keeps map keys', () => {
    const obj = deployment({containers: [{name: 'a', image: 'x', imagePullPolicyy: 'Always'}], nodeSelector: {any: 'x'}}, {foo: {bar: 1}})
    const many = Object.fromEntries(Array.from({length: 120}, (_, i) => [`f${i}`, i]))
    Object.assign(obj.metadata, many)
    const r = pruneUnknownFields('Deployment', obj)
    expect(r.unknown).toHaveLength(MAX_STRICT_ERRORS)
    expect(obj.metadata).toEqual({name: 'web'})
    expect(obj.spec).toEqual({selector: {matchLabels: {app: 'web'}}, template: {metadata: {labels: {app: 'web'}}, spec: {containers: [{name: 'a', image: 'x'}], nodeSelector: {any: 'x'}}}})
    expect(findUnknownFields('Deployment', obj).unknown).toEqual([])
  })
})

describe('findFieldProblemsInJson', () => {
  it('reports repeated fields with their full path, in document order with unknown fields', () => {
    const text = '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"a","name":"b","labels":{"x":"1","x":"2"}},"spec":{"foo":1},"spec":{"bar":2,"containers":[{"name":"c","name":"d"}]}}'
    const r = findFieldProblemsInJson('Pod', text)
    expect(r.messages).toEqual([
      'duplicate field "metadata.name"',
      'duplicate field "metadata.labels.x"',
      'unknown field "spec.foo"',
      'duplicate field "spec"',
      'unknown field "spec.bar"',
      'duplicate field "spec.containers[0].name"',
    ])
    expect(r.duplicates).toEqual(['metadata.name', 'metadata.labels.x', 'spec', 'spec.containers[0].name'])
    expect(r.unknown).toEqual(['spec.foo', 'spec.bar'])
  })

  it('reports a repeated unknown field once, and nothing inside opaque values', () => {
    const text = '{"kind":"ConfigMap","kind":"ConfigMap","bogus":1,"bogus":2,"metadata":{"managedFields":[{"fieldsV1":{"a":1,"a":2}}]}}'
    expect(findFieldProblemsInJson('ConfigMap', text).messages).toEqual(['duplicate field "kind"', 'unknown field "bogus"'])
  })

  it('finds nothing in the kitchen-sink deployment', () => {
    expect(findFieldProblemsInJson('Deployment', JSON.stringify(kitchenSinkDeployment)).messages).toEqual([])
  })

  it('throws SyntaxError on invalid JSON', () => {
    expect(() => findFieldProblemsInJson('Pod', '{"spec":')).toThrow(SyntaxError)
  })
})

describe('patch bodies', () => {
  it('finds repeated keys at every depth of a strategic merge or merge patch, unknown keys being fine there', () => {
    const text = '{"spec":{"replicas":2,"replicas":3,"template":{"spec":{"containers":[{"name":"a","name":"b","anything":1}]}}},"spec":{}}'
    expect(findDuplicateFieldsInJson(text).messages).toEqual([
      'duplicate field "spec.replicas"',
      'duplicate field "spec.template.spec.containers[0].name"',
      'duplicate field "spec"',
    ])
  })

  it('checks JSON patch operations, with the "json patch" prefix', () => {
    const text = '[{"op":"replace","path":"/spec/replicas","value":3},{"op":"add","path":"/metadata/labels","value":{"a":"1","a":"2"},"valu":1,"op":"add"}]'
    expect(findJsonPatchProblems(text).messages).toEqual([
      'json patch duplicate field "[1].value.a"',
      'json patch unknown field "[1].valu"',
      'json patch duplicate field "[1].op"',
    ])
  })
})

describe('goQuote', () => {
  it("quotes like Go's %q", () => {
    expect(goQuote('spec.foo')).toBe('"spec.foo"')
    expect(goQuote('a"b\\c\n\t\u0001é')).toBe('"a\\"b\\\\c\\n\\t\\x01é"')
  })
})
