import {describe, expect, it} from 'vitest'
import {findResource} from '../api/registry.js'
import {buildFilter, watchTrigger} from './filters.js'

const pods = findResource('', 'v1', 'pods')!
const pod = (name: string, nodeName?: string) => ({apiVersion: 'v1', kind: 'Pod', metadata: {name, namespace: 'default'}, spec: {nodeName, containers: []}})

describe('watchTrigger', () => {
  it('uses the first equality term of the field selector, indexed per resource and field', () => {
    const t = watchTrigger(pods, 'status.phase!=Failed,spec.nodeName=node-1')!
    expect(t).toMatchObject({index: '/pods:spec.nodeName', value: 'node-1'})
    expect(t.valueOf(pod('a', 'node-1'))).toBe('node-1')
    expect(t.valueOf(pod('a'))).toBe('')
    // the trigger agrees with the selector: an object in the bucket of its value passes the filter
    const f = buildFilter(pods, null, 'spec.nodeName=node-1')
    expect(f(pod('a', 'node-1') as never)).toBe(true)
  })

  it('uses the name of a single-object watch; none without an equality term', () => {
    expect(watchTrigger(pods, null, 'web')).toMatchObject({index: '/pods:metadata.name', value: 'web'})
    expect(watchTrigger(pods, 'spec.nodeName!=x')).toBeUndefined()
    expect(watchTrigger(pods, null)).toBeUndefined()
    // an escaped value is unescaped, as the selector compares it
    expect(watchTrigger(pods, 'metadata.name=a\\,b')?.value).toBe('a,b')
  })
})
