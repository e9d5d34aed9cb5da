import {describe, expect, it} from 'vitest'
import {ApiError} from '../api/errors.js'
import type {Decision} from './authz.js'
import type {RequestInfo} from './request-info.js'
import {answerReview, publicNonResource, reviewResources} from './reviews.js'

const [ssar, ssrr, ssr] = reviewResources
const admin = {username: 'system:admin', groups: ['system:masters', 'system:authenticated']}
const robot = {username: 'system:serviceaccount:ns:robot', uid: 'u1', groups: ['system:serviceaccounts', 'system:authenticated']}
const node = {username: 'system:node:n1', groups: ['system:nodes', 'system:authenticated']}

describe('self reviews', () => {
  it('access review: asks the authorizer with the attributes as a request', async () => {
    const asked: RequestInfo[] = []
    const authz = async (i: RequestInfo): Promise<Decision> => {
      asked.push(i)
      return i.resource === 'pods' ? {allowed: true} : {allowed: false, reason: 'no rule'}
    }
    const yes = await answerReview(ssar, {spec: {resourceAttributes: {namespace: 'ns', verb: 'get', resource: 'pods', name: 'p'}}}, robot, authz)
    expect(yes).toMatchObject({apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', status: {allowed: true}})
    expect(asked[0]).toMatchObject({isResourceRequest: true, verb: 'get', apiPrefix: 'api', group: '', namespace: 'ns', resource: 'pods', name: 'p'})
    const no = await answerReview(ssar, {spec: {resourceAttributes: {verb: 'list', group: 'apps', resource: 'deployments'}}}, robot, authz)
    expect(no.status).toEqual({allowed: false, reason: 'no rule'})
    expect(asked[1]).toMatchObject({apiPrefix: 'apis', group: 'apps'})
  })

  it('access review of a path: discovery and health for everyone, the rest for system:masters', async () => {
    const never = async (): Promise<Decision> => ({allowed: false, reason: ''})
    expect((await answerReview(ssar, {spec: {nonResourceAttributes: {path: '/apis/apps/v1', verb: 'get'}}}, robot, never)).status).toEqual({allowed: true})
    expect((await answerReview(ssar, {spec: {nonResourceAttributes: {path: '/metrics', verb: 'get'}}}, robot, never)).status).toMatchObject({allowed: false})
    expect((await answerReview(ssar, {spec: {nonResourceAttributes: {path: '/metrics', verb: 'get'}}}, admin, never)).status).toEqual({allowed: true})
    expect(publicNonResource('/healthz', 'post')).toBe(false)
    const both = answerReview(ssar, {spec: {}}, robot, never)
    await expect(both).rejects.toBeInstanceOf(ApiError)
    await expect(both).rejects.toThrow('exactly one of nonResourceAttributes or resourceAttributes must be specified')
  })

  it('rules review: everything for masters, the basic rules for others, incomplete for nodes; whoami', async () => {
    const never = async (): Promise<Decision> => ({allowed: false, reason: ''})
    expect((await answerReview(ssrr, {spec: {namespace: 'default'}}, admin, never)).status).toMatchObject({resourceRules: [{verbs: ['*'], apiGroups: ['*'], resources: ['*']}], incomplete: false})
    const basic = (await answerReview(ssrr, {spec: {namespace: 'default'}}, robot, never)).status as {resourceRules: unknown[]; incomplete: boolean}
    expect(basic.incomplete).toBe(false)
    expect(basic.resourceRules).toContainEqual({verbs: ['create'], apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews']})
    expect((await answerReview(ssrr, {spec: {namespace: 'default'}}, node, never)).status).toMatchObject({incomplete: true})
    await expect(answerReview(ssrr, {spec: {}}, robot, never)).rejects.toThrow('spec.namespace: Required value')
    expect((await answerReview(ssr, {}, robot, never)).status).toEqual({userInfo: {username: robot.username, uid: 'u1', groups: robot.groups}})
  })
})
