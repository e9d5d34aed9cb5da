import {describe, expect, it} from 'vitest'
import type {KubeObject} from '../api/meta.js'
import {crashLoopPod, rollingDeployment} from '../api/printers/fixtures.js'
import {describeText, detailKeys, displayObject, findObject, yamlText} from './details.js'
import {fixtureObjects, NOW} from './fixtures.js'

const o = fixtureObjects() as Record<string, KubeObject[]>
const lookup = (key: string) => o[key.split('/').pop()!] ?? []

describe('details', () => {
  it('describes from the caches, with the events about the object', () => {
    const target = {resource: 'pods', namespace: 'default', name: 'api-5f6d8c7b9-qwert'}
    const text = describeText(target, crashLoopPod as KubeObject, lookup, NOW)
    expect(text).toMatch(/^Name:\s+api-5f6d8c7b9-qwert/)
    expect(text).toMatch(/Warning\s+BackOff/)
    expect(text).not.toContain('NodeNotReady')
    expect(detailKeys(target, 'describe')).toEqual(['pods', 'events'])
    expect(detailKeys({resource: 'nodes', name: 'm'}, 'describe')).toEqual(['nodes', 'events', 'pods', 'kube-node-lease/leases'])
  })

  it('describes a deployment with its replica sets', () => {
    const text = describeText({resource: 'deployments', namespace: 'default', name: 'web'}, rollingDeployment as KubeObject, lookup, NOW)
    expect(text).toMatch(/NewReplicaSet:\s+web-85f6c9d7b/)
  })

  it('YAML: type meta filled in, managedFields dropped, secret values hidden', () => {
    const secret = {...o.secrets[0], kind: undefined, apiVersion: undefined, metadata: {...o.secrets[0].metadata, managedFields: [{manager: 'x'}], annotations: {'kubectl.kubernetes.io/last-applied-configuration': '{"data":{"password":"czNjcjN0"}}'}}} as unknown as KubeObject
    const target = {resource: 'secrets', namespace: 'default', name: 'db'}
    const y = yamlText(target, secret)
    expect(y).toMatch(/^apiVersion: v1\nkind: Secret\n/)
    expect(y).toContain('password: <hidden>')
    expect(y).not.toContain('czNjcjN0')
    expect(y).not.toContain('managedFields')
    expect(displayObject({resource: 'configmaps', name: 'x'}, o.configmaps[0]).data).toEqual({'nginx.conf': 'server {}', 'mime.types': ''})
    expect(findObject(o.pods, {resource: 'pods', namespace: 'batch', name: 'old-worker'})?.metadata.name).toBe('old-worker')
    expect(findObject(o.pods, {resource: 'pods', namespace: 'default', name: 'old-worker'})).toBeUndefined()
  })
})
