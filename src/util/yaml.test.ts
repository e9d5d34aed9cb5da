import {parse} from 'yaml'
import {describe, expect, it} from 'vitest'
import {plainYaml} from './yaml.js'

describe('plainYaml', () => {
  it('writes plain data that the yaml package reads back identically', () => {
    const doc = {
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{name: 'mkube', cluster: {server: 'https://127.0.0.1:6443', 'certificate-authority-data': 'LS0t', 'tls-server-name': 'a:b #c'}}],
      users: [{name: 'admin', user: {token: 'x: "y"\n\\z'}}],
      contexts: [{name: 'ctx', context: {cluster: 'mkube', user: 'admin', namespace: 'default'}}],
      'current-context': 'ctx',
      preferences: {},
      empty: [],
      nested: [[1, 2], [], [{a: null, b: true, 'c d': -1.5}]],
      skipped: undefined,
    }
    const text = plainYaml(doc)
    const {skipped: _s, ...expected} = doc
    expect(parse(text)).toEqual(expected)
    expect(text).toContain('current-context: "ctx"\n')
    expect(text).toContain('clusters:\n- name: "mkube"\n  cluster:\n    server: ')
  })

  it('handles scalars at the top and refuses what is not plain data', () => {
    expect(plainYaml('a')).toBe('"a"\n')
    expect(plainYaml([])).toBe('[]\n')
    expect(() => plainYaml({f: () => 1})).toThrow(TypeError)
    expect(() => plainYaml({n: Number.NaN})).toThrow(TypeError)
  })
})
