import {describe, expect, it} from 'vitest'
import {applyPatch, PatchError, patchTypeFromContentType} from './index.js'

const pod = {kind: 'Pod', metadata: {name: 'p', labels: {a: '1'}}, spec: {containers: [{name: 'c', image: 'x'}, {name: 'd', image: 'y'}]}}

function code(fn: () => unknown): number {
  try {
    fn()
  } catch (e) {
    expect(e).toBeInstanceOf(PatchError)
    return (e as PatchError).code
  }
  throw new Error('expected a PatchError')
}

describe('patchTypeFromContentType', () => {
  it.each([
    ['application/json-patch+json', 'json'],
    ['application/merge-patch+json; charset=utf-8', 'merge'],
    ['Application/Strategic-Merge-Patch+JSON', 'strategic'],
    ['application/apply-patch+yaml', undefined],
    ['application/json', undefined],
    [undefined, undefined],
  ])('%s → %s', (ct, want) => {
    expect(patchTypeFromContentType(ct)).toBe(want)
  })
})

describe('applyPatch', () => {
  it('applies each patch type from JSON text or bytes', () => {
    const json = applyPatch('json', 'Pod', pod, '[{"op":"replace","path":"/spec/containers/0/image","value":"z"}]')
    expect((json.spec as any).containers[0].image).toBe('z')
    const merge = applyPatch('merge', 'Pod', pod, new TextEncoder().encode('{"spec":{"containers":[{"name":"c","image":"z"}]}}'))
    expect((merge.spec as any).containers).toEqual([{name: 'c', image: 'z'}])
    const strategic = applyPatch('strategic', 'Pod', pod, {spec: {containers: [{name: 'c', image: 'z'}]}})
    expect((strategic.spec as any).containers).toEqual([{name: 'c', image: 'z'}, {name: 'd', image: 'y'}])
  })

  it('answers 400 for unparseable or non-object patches and 422 for a non-object result', () => {
    expect(code(() => applyPatch('merge', 'Pod', pod, '{'))).toBe(400)
    expect(code(() => applyPatch('merge', 'Pod', pod, '[1]'))).toBe(400)
    expect(code(() => applyPatch('strategic', 'Pod', pod, '"x"'))).toBe(400)
    expect(code(() => applyPatch('json', 'Pod', pod, [{op: 'replace', path: '', value: 3}]))).toBe(422)
    expect(code(() => applyPatch('json', 'Pod', pod, [{op: 'test', path: '/kind', value: 'Node'}]))).toBe(422)
  })
})
