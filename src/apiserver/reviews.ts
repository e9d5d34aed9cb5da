/**
 * The self reviews, create-only resources that store nothing: SelfSubjectAccessReview (`kubectl auth
 * can-i`), SelfSubjectRulesReview (`kubectl auth can-i --list`) and SelfSubjectReview (`kubectl auth
 * whoami`). Any authenticated user may create them, as Kubernetes' system:basic-user role allows; the
 * answer is computed by the same authorizer that guards every request.
 */
import {invalid} from '../api/errors.js'
import type {Decision} from './authz.js'
import type {RequestInfo} from './request-info.js'
import type {UserInfo} from './rest/types.js'

/** A create-only resource served without a store (discovery lists it with the verb create). */
export interface VirtualResource {
  group: string
  version: string
  resource: string
  kind: string
}

/** The review resources. */
export const reviewResources: readonly VirtualResource[] = [
  {group: 'authorization.k8s.io', version: 'v1', resource: 'selfsubjectaccessreviews', kind: 'SelfSubjectAccessReview'},
  {group: 'authorization.k8s.io', version: 'v1', resource: 'selfsubjectrulesreviews', kind: 'SelfSubjectRulesReview'},
  {group: 'authentication.k8s.io', version: 'v1', resource: 'selfsubjectreviews', kind: 'SelfSubjectReview'},
]

/** Non-resource paths every authenticated user may GET (discovery, health, version, OpenAPI). */
export function publicNonResource(path: string, verb: string): boolean {
  if (verb !== 'get' && verb !== '*') return false
  return /^\/(api|apis|openapi|version|healthz|livez|readyz)(\/.*)?$/.test(path)
}

interface ResourceAttributes {
  namespace?: string
  verb?: string
  group?: string
  version?: string
  resource?: string
  subresource?: string
  name?: string
}

type Body = {metadata?: Record<string, unknown>; spec?: Record<string, unknown>}

/** Answers a review: the object sent, with its status filled in. `authorize` is the server's authorizer. */
export async function answerReview(
  r: VirtualResource,
  body: Body,
  user: UserInfo,
  authorize: (info: RequestInfo) => Promise<Decision>,
): Promise<Record<string, unknown>> {
  const head = {apiVersion: `${r.group}/${r.version}`, kind: r.kind, metadata: {...(body.metadata ?? {}), creationTimestamp: null}}
  if (r.kind === 'SelfSubjectReview') {
    return {...head, status: {userInfo: {username: user.username, ...(user.uid ? {uid: user.uid} : {}), groups: user.groups}}}
  }
  const spec = body.spec ?? {}
  if (r.kind === 'SelfSubjectRulesReview') {
    const namespace = typeof spec.namespace === 'string' ? spec.namespace : ''
    if (!namespace) throw invalid(r.kind, '', [{reason: 'FieldValueRequired', field: 'spec.namespace', message: 'Required value'}], r.group)
    return {...head, spec: {namespace}, status: rulesFor(user)}
  }
  const ra = spec.resourceAttributes as ResourceAttributes | undefined
  const nra = spec.nonResourceAttributes as {path?: string; verb?: string} | undefined
  if (!ra === !nra) {
    throw invalid(r.kind, '', [{reason: 'FieldValueInvalid', field: 'spec.resourceAttributes', message: 'Invalid value: exactly one of nonResourceAttributes or resourceAttributes must be specified'}], r.group)
  }
  if (nra) {
    const allowed = user.groups.includes('system:masters') || publicNonResource(nra.path ?? '', (nra.verb ?? '').toLowerCase())
    return {...head, spec, status: {allowed, ...(allowed ? {} : {reason: ''})}}
  }
  const a = ra!
  const info: RequestInfo = {
    isResourceRequest: true,
    verb: a.verb ?? '',
    apiPrefix: a.group ? 'apis' : 'api',
    group: a.group ?? '',
    version: a.version ?? '',
    namespace: a.namespace ?? '',
    resource: a.resource ?? '',
    subresource: a.subresource ?? '',
    name: a.name ?? '',
    parts: [],
    path: '',
  }
  const d = await authorize(info)
  return {...head, spec, status: d.allowed ? {allowed: true} : {allowed: false, ...(d.reason ? {reason: d.reason} : {})}}
}

/** What a user may do, as rules: everything for system:masters; the self reviews and discovery for others (node rules depend on the objects: incomplete). */
function rulesFor(user: UserInfo): Record<string, unknown> {
  if (user.groups.includes('system:masters')) {
    return {resourceRules: [{verbs: ['*'], apiGroups: ['*'], resources: ['*']}], nonResourceRules: [{verbs: ['*'], nonResourceURLs: ['*']}], incomplete: false}
  }
  const basic = {
    resourceRules: [
      {verbs: ['create'], apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews']},
      {verbs: ['create'], apiGroups: ['authentication.k8s.io'], resources: ['selfsubjectreviews']},
    ],
    nonResourceRules: [{verbs: ['get'], nonResourceURLs: ['/api', '/api/*', '/apis', '/apis/*', '/healthz', '/livez', '/readyz', '/openapi', '/openapi/*', '/version', '/version/']}],
  }
  const isNode = /^system:node:/.test(user.username) && user.groups.includes('system:nodes')
  return isNode ? {...basic, incomplete: true, evaluationError: 'the node authorizer decides per object (its own Node, Lease and pods): its rules cannot be listed'} : {...basic, incomplete: false}
}
