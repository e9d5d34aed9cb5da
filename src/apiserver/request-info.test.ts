import {describe, expect, it} from 'vitest'
import {parseRequestInfo} from './request-info.js'

const q = (s = '') => new URLSearchParams(s)

describe('parseRequestInfo', () => {
  it.each([
    ['GET', '/api/v1/namespaces/ns/pods/p1', '', {verb: 'get', group: '', version: 'v1', namespace: 'ns', resource: 'pods', name: 'p1'}],
    ['GET', '/api/v1/namespaces/ns/pods', '', {verb: 'list', namespace: 'ns', resource: 'pods', name: ''}],
    ['GET', '/api/v1/pods', 'watch=true', {verb: 'watch', namespace: '', resource: 'pods'}],
    ['GET', '/api/v1/watch/namespaces/ns/pods', '', {verb: 'watch', namespace: 'ns', resource: 'pods'}],
    ['POST', '/apis/apps/v1/namespaces/ns/deployments', '', {verb: 'create', group: 'apps', resource: 'deployments'}],
    ['PUT', '/apis/apps/v1/namespaces/ns/deployments/d/scale', '', {verb: 'update', name: 'd', subresource: 'scale'}],
    ['PATCH', '/api/v1/nodes/n1/status', '', {verb: 'patch', resource: 'nodes', name: 'n1', subresource: 'status', namespace: ''}],
    ['DELETE', '/api/v1/namespaces/ns/pods', '', {verb: 'deletecollection', namespace: 'ns', resource: 'pods'}],
    ['GET', '/api/v1/namespaces', '', {verb: 'list', resource: 'namespaces', name: '', namespace: ''}],
    ['GET', '/api/v1/namespaces/kube-system', '', {verb: 'get', resource: 'namespaces', name: 'kube-system', namespace: ''}],
    ['PUT', '/api/v1/namespaces/ns1/finalize', '', {verb: 'update', resource: 'namespaces', name: 'ns1', subresource: 'finalize'}],
    ['GET', '/api/v1/namespaces/ns/pods/p/log', '', {verb: 'get', name: 'p', subresource: 'log'}],
    ['GET', '/api/v1/namespaces/ns/services/a%3Ab', '', {verb: 'get', resource: 'services', name: 'a:b'}],
  ])('%s %s?%s', (method, path, query, want) => {
    const info = parseRequestInfo(method, path, q(query))
    expect(info.isResourceRequest).toBe(true)
    expect(info).toMatchObject(want)
  })

  it('treats discovery and non-resource paths as non-resource requests', () => {
    for (const p of ['/api', '/apis', '/api/v1', '/apis/apps', '/apis/apps/v1', '/healthz', '/version']) {
      expect(parseRequestInfo('GET', p, q()).isResourceRequest).toBe(false)
    }
  })
})
