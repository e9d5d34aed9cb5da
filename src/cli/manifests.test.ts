import {mkdtempSync, writeFileSync, mkdirSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {ManifestError, parseManifest, readManifests} from './manifests.js'

describe('parseManifest', () => {
  it('reads multi-document YAML, skipping empty documents', () => {
    const objs = parseManifest('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: b}\n', 'f.yaml')
    expect(objs.map((o) => [o.obj.kind, o.index])).toEqual([['ConfigMap', 0], ['Namespace', 2]])
  })
  it('reads JSON and flattens List kinds', () => {
    const objs = parseManifest(JSON.stringify({apiVersion: 'v1', kind: 'List', items: [{apiVersion: 'v1', kind: 'Pod', metadata: {name: 'p'}}, {apiVersion: 'v1', kind: 'Service', metadata: {name: 's'}}]}), 'l.json')
    expect(objs.map((o) => o.obj.kind)).toEqual(['Pod', 'Service'])
  })
  it('names the file and document of a YAML error', () => {
    expect(() => parseManifest('apiVersion: v1\nkind: Pod\n---\nmetadata: [unclosed\n', 'bad.yaml')).toThrow(/bad\.yaml \(document 2/)
  })
  it('refuses objects without kind or apiVersion', () => {
    expect(() => parseManifest('apiVersion: v1\nmetadata: {name: x}\n', 'k.yaml')).toThrow('kind not set')
    expect(() => parseManifest('kind: Pod\n', 'k.yaml')).toThrow('apiVersion not set')
    expect(() => parseManifest('- a\n- b\n', 'k.yaml')).toThrow(ManifestError)
  })
})

describe('readManifests', () => {
  it('reads a directory in name order and stdin', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mkube-manifests-'))
    writeFileSync(join(dir, 'b.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n')
    writeFileSync(join(dir, 'a.json'), '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a"}}')
    writeFileSync(join(dir, 'notes.txt'), 'ignored')
    mkdirSync(join(dir, 'sub'))
    writeFileSync(join(dir, 'sub', 'c.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n')
    expect(readManifests([dir]).map((o) => o.obj.metadata.name)).toEqual(['a', 'b'])
    expect(readManifests([dir], {recursive: true}).map((o) => o.obj.metadata.name)).toEqual(['a', 'b', 'c'])
    expect(readManifests(['-'], {stdin: () => 'apiVersion: v1\nkind: Namespace\nmetadata: {name: n}\n'})[0].source).toBe('STDIN')
  })
  it('fails clearly on a missing path', () => {
    expect(() => readManifests(['/nonexistent/x.yaml'])).toThrow('the path "/nonexistent/x.yaml" does not exist')
  })
})
