import {describe, expect, it} from 'vitest'
import {resources} from '../registry.js'
import {strategicSchemaFor, type PatchSchema} from '../patch/schema.js'
import {openapiComponents, referencedNames, resolveSchema, schemaByName, schemaNameFor, schemasForGroupVersion} from './components.js'
import {REF_PREFIX, type Schema} from './dsl.js'

const table = openapiComponents()

/** Calls fn on every schema node (named schemas and everything nested in them). */
function eachNode(s: Schema, fn: (s: Schema, where: string) => void, where: string): void {
  fn(s, where)
  for (const [k, p] of Object.entries(s.properties ?? {})) eachNode(p, fn, `${where}.${k}`)
  if (s.items) eachNode(s.items, fn, `${where}[]`)
  if (s.additionalProperties && typeof s.additionalProperties === 'object') eachNode(s.additionalProperties, fn, `${where}{}`)
  for (const a of s.allOf ?? []) eachNode(a, fn, where)
}

describe('components.schemas', () => {
  it('resolves every $ref to a schema in the table', () => {
    for (const [name, s] of Object.entries(table)) {
      for (const r of referencedNames(s)) expect(schemaByName(r), `${name} → ${r}`).toBeDefined()
    }
  })

  it('has a schema tagged with x-kubernetes-group-version-kind for every served kind and its list kind', () => {
    for (const d of resources) {
      for (const kind of [d.kind, d.listKind]) {
        const name = schemaNameFor({group: d.group, version: d.version, kind})
        expect(name, `${d.group}/${d.version} ${kind}`).toBeDefined()
        expect(table[name!]['x-kubernetes-group-version-kind']).toContainEqual({group: d.group, version: d.version, kind})
      }
    }
    expect(schemaNameFor({group: 'apps', version: 'v1', kind: 'Deployment'})).toBe('io.k8s.api.apps.v1.Deployment')
    expect(schemaNameFor({group: '', version: 'v1', kind: 'Event'})).toBe('io.k8s.api.core.v1.Event')
    expect(schemaNameFor({group: 'autoscaling', version: 'v1', kind: 'Scale'})).toBe('io.k8s.api.autoscaling.v1.Scale')
  })

  it('writes every node in the shape upstream publishes', () => {
    for (const [name, s] of Object.entries(table)) {
      expect(s.description, name).toBeTruthy()
      eachNode(s, (n, where) => {
        // a described reference is allOf:[{$ref}] (a bare $ref cannot carry siblings in OpenAPI 3.0)
        if (n.$ref) expect(Object.keys(n), where).toEqual(['$ref'])
        if (n.allOf) expect(n.allOf.length === 1 && n.allOf[0].$ref?.startsWith(REF_PREFIX), where).toBe(true)
        const typed = n.type || n.$ref || n.allOf || n['x-kubernetes-int-or-string'] || n['x-kubernetes-preserve-unknown-fields']
        expect(typed, where).toBeTruthy()
        if (n.type === 'array') expect(n.items, where).toBeDefined()
        if (n.required) for (const r of n.required) expect(n.properties?.[r], `${where} requires ${r}`).toBeDefined()
        if (n.format === 'date-time' && n !== s) throw new Error(`${where}: times must refer to meta/v1 Time or MicroTime`)
      }, name)
    }
  })

  it('marks merged lists as list-type map (keyed by the merge key) or set', () => {
    for (const [name, s] of Object.entries(table)) {
      eachNode(s, (n, where) => {
        const key = n['x-kubernetes-patch-merge-key']
        const strategy = n['x-kubernetes-patch-strategy']
        if (key) {
          expect(n.type, where).toBe('array')
          expect(strategy, where).toMatch(/^merge(,retainKeys)?$/)
          // JobStatus.conditions is the one upstream list merged by key but atomic for server-side apply.
          if (where !== 'io.k8s.api.batch.v1.JobStatus.conditions') expect(n['x-kubernetes-list-map-keys'], where).toContain(key)
        } else if (strategy === 'merge') {
          expect(n['x-kubernetes-list-type'], where).toBe('set')
        }
        if (n['x-kubernetes-list-map-keys']) expect(n['x-kubernetes-list-type'], where).toBe('map')
      }, name)
    }
  })
})

describe('schemasForGroupVersion', () => {
  const gvs = [...new Map(resources.map((d) => [`${d.group}/${d.version}`, d])).values()]

  it('is closed under $ref and holds every kind of its group/version with the meta types', () => {
    for (const {group, version} of gvs) {
      const subs = resources.filter((d) => d.group === group && d.version === version).flatMap((d) => d.subresources)
      const doc = schemasForGroupVersion(group, version, subs)
      for (const [name, s] of Object.entries(doc)) for (const r of referencedNames(s)) expect(doc[r], `${group}/${version}: ${name} → ${r}`).toBeDefined()
      for (const d of resources.filter((x) => x.group === group && x.version === version)) {
        expect(doc[schemaNameFor({group, version, kind: d.kind})!]).toBeDefined()
        expect(doc[schemaNameFor({group, version, kind: d.listKind})!]).toBeDefined()
      }
      for (const m of ['Status', 'DeleteOptions', 'WatchEvent', 'APIResourceList', 'ObjectMeta', 'ListMeta']) expect(doc['io.k8s.apimachinery.pkg.apis.meta.v1.' + m], m).toBeDefined()
    }
  })

  it('adds the kinds of subresources and leaves out other groups', () => {
    const apps = schemasForGroupVersion('apps', 'v1', ['status', 'scale'])
    expect(apps['io.k8s.api.autoscaling.v1.Scale']).toBeDefined()
    expect(apps['io.k8s.api.core.v1.PodSpec']).toBeDefined()
    expect(apps['io.k8s.api.batch.v1.Job']).toBeUndefined()
    expect(apps['io.k8s.api.core.v1.Pod']).toBeUndefined()
    expect(schemasForGroupVersion('apps', 'v1')['io.k8s.api.autoscaling.v1.Scale']).toBeUndefined()
    const core = schemasForGroupVersion('', 'v1', ['status', 'binding', 'eviction'])
    expect(core['io.k8s.api.policy.v1.Eviction']).toBeDefined()
    expect(core['io.k8s.api.core.v1.Binding']).toBeDefined()
    expect(core['io.k8s.api.apps.v1.Deployment']).toBeUndefined()
  })
})

describe('patch metadata', () => {
  type Meta = Map<string, string>

  /** path → "strategy|mergeKey" from the OpenAPI schema of a kind (list elements transparent, as in patchMetaAt). */
  function fromOpenAPI(s: Schema, path: string, out: Meta, depth = 0): Meta {
    if (depth > 30) throw new Error(`schema too deep at ${path}`)
    const r = resolveSchema(s)
    for (const [k, p] of Object.entries(r.properties ?? {})) {
      const here = path ? `${path}.${k}` : k
      if (p['x-kubernetes-patch-strategy']) out.set(here, `${p['x-kubernetes-patch-strategy']}|${p['x-kubernetes-patch-merge-key'] ?? ''}`)
      fromOpenAPI(p.items ?? p, here, out, depth + 1)
    }
    return out
  }

  /** The same from the hand-written strategic-merge table of src/api/patch. */
  function fromPatchTable(ps: PatchSchema | undefined, path: string, out: Meta): Meta {
    for (const [k, f] of Object.entries(ps ?? {})) {
      const here = path ? `${path}.${k}` : k
      const strategy = [f.strategy, f.retainKeys ? 'retainKeys' : undefined].filter(Boolean).join(',')
      if (strategy) out.set(here, `${strategy}|${f.mergeKey ?? ''}`)
      fromPatchTable(f.fields, here, out)
    }
    return out
  }

  // The patch table does not descend into the PersistentVolumeClaimTemplate of ephemeral volumes, whose
  // ObjectMeta carries the ownerReferences/finalizers tags (a gap of src/api/patch/schema-types.ts).
  const tableGap = /\.volumes\.ephemeral\.volumeClaimTemplate\.metadata\./

  it('agrees with src/api/patch/schema.ts for every served kind', () => {
    for (const d of resources) {
      const openapi = fromOpenAPI(table[schemaNameFor({group: d.group, version: d.version, kind: d.kind})!], '', new Map())
      for (const k of [...openapi.keys()]) if (tableGap.test(k)) openapi.delete(k)
      const patch = fromPatchTable(strategicSchemaFor(d.kind), '', new Map())
      expect(Object.fromEntries(openapi), d.kind).toEqual(Object.fromEntries(patch))
    }
  })

  it('carries the tags kubectl needs for the common workload paths', () => {
    const deploy = fromOpenAPI(table['io.k8s.api.apps.v1.Deployment'], '', new Map())
    expect(deploy.get('spec.template.spec.containers')).toBe('merge|name')
    expect(deploy.get('spec.template.spec.containers.env')).toBe('merge|name')
    expect(deploy.get('spec.template.spec.containers.ports')).toBe('merge|containerPort')
    expect(deploy.get('spec.template.spec.volumes')).toBe('merge,retainKeys|name')
    expect(deploy.get('spec.strategy')).toBe('retainKeys|')
    expect(deploy.get('metadata.finalizers')).toBe('merge|')
  })
})
