import {generateKeyPairSync} from 'node:crypto'
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {ApiError} from '../../api/errors.js'
import {findResource} from '../../api/registry.js'
import {openSqliteStore, type SqliteStore} from '../../store/index.js'
import {GenericRegistry} from '../rest/generic.js'
import {defaultHooks} from '../rest/hooks.js'
import type {RequestContext, UserInfo} from '../rest/types.js'
import {authenticateServiceAccountToken, serviceAccountTokenLookup} from './authenticator.js'
import {buildClaims, type ServiceAccountClaims} from './claims.js'
import {TokenIssuer} from './issuer.js'
import {ensureServiceAccountKey, serviceAccountKeyFromPem} from './keys.js'
import {createTokenRequest, type TokenRequestDeps} from './tokenrequest.js'

let dir: string
let store: SqliteStore
let registries: Map<string, GenericRegistry>
let issuer: TokenIssuer
let clock: Date
const admin: RequestContext = {user: {username: 'system:admin', groups: ['system:masters']}, dryRun: false}

function deps(extra: Partial<TokenRequestDeps> = {}): TokenRequestDeps {
  return {issuer, registries, now: () => clock, ...extra}
}

function claimsOf(token: string): ServiceAccountClaims {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as ServiceAccountClaims
}

async function createPod(name: string, sa = 'default', nodeName?: string) {
  return registries.get('pods')!.create('team', {metadata: {name}, spec: {serviceAccountName: sa, nodeName, containers: [{name: 'c', image: 'busybox'}]}}, admin)
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mkube-satoken-'))
  store = openSqliteStore(join(dir, 'state.db'), {compactIntervalMs: 0})
  const hooks = defaultHooks()
  registries = new Map()
  for (const [group, plural] of [['', 'serviceaccounts'], ['', 'pods'], ['', 'secrets'], ['', 'nodes']] as const) {
    registries.set(plural, new GenericRegistry(findResource(group, 'v1', plural)!, store, hooks[plural] ?? {}))
  }
  issuer = new TokenIssuer(await ensureServiceAccountKey(dir))
  clock = new Date()
  await registries.get('serviceaccounts')!.create('team', {metadata: {name: 'default'}}, admin)
  await registries.get('serviceaccounts')!.create('team', {metadata: {name: 'builder'}}, admin)
  await registries.get('nodes')!.create('', {metadata: {name: 'n1'}}, admin)
})
afterEach(async () => {
  await store.close()
  rmSync(dir, {recursive: true, force: true})
})

describe('createTokenRequest', () => {
  it('issues a token with upstream claims, defaults and the reported expiry', async () => {
    const sa = await registries.get('serviceaccounts')!.get('team', 'builder')
    const tr = await createTokenRequest(deps(), 'team', 'builder', {apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: {}})
    expect(tr).toMatchObject({
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenRequest',
      metadata: {name: 'builder', namespace: 'team'},
      spec: {audiences: ['https://kubernetes.default.svc.cluster.local'], expirationSeconds: 3600},
    })
    const iat = Math.floor(clock.getTime() / 1000)
    expect(new Date(tr.status!.expirationTimestamp).getTime() / 1000).toBe(iat + 3600)
    const c = claimsOf(tr.status!.token)
    expect(c).toEqual({
      aud: ['https://kubernetes.default.svc.cluster.local'],
      exp: iat + 3600,
      iat,
      iss: 'https://kubernetes.default.svc.cluster.local',
      jti: expect.stringMatching(/^[0-9a-f-]{36}$/),
      'kubernetes.io': {namespace: 'team', serviceaccount: {name: 'builder', uid: sa.metadata.uid}},
      nbf: iat,
      sub: 'system:serviceaccount:team:builder',
    })
  })

  it('binds to a pod (recording its node) and extends kubelet-style 3607 s tokens', async () => {
    const pod = await createPod('web', 'default', 'n1')
    const node = await registries.get('nodes')!.get('', 'n1')
    const body = {spec: {expirationSeconds: 3607, boundObjectRef: {apiVersion: 'v1', kind: 'Pod', name: 'web', uid: pod.metadata.uid}}}
    const tr = await createTokenRequest(deps(), 'team', 'default', body)
    const c = claimsOf(tr.status!.token)
    const iat = Math.floor(clock.getTime() / 1000)
    expect(c['kubernetes.io']).toMatchObject({pod: {name: 'web', uid: pod.metadata.uid}, node: {name: 'n1', uid: node.metadata.uid}, warnafter: iat + 3607})
    expect(c.exp).toBe(iat + 365 * 24 * 3600)
    expect(new Date(tr.status!.expirationTimestamp).getTime() / 1000).toBe(iat + 3607)
    const plain = claimsOf((await createTokenRequest(deps({extendExpiration: false}), 'team', 'default', body)).status!.token)
    expect(plain.exp).toBe(iat + 3607)
    expect(plain['kubernetes.io'].warnafter).toBeUndefined()
  })

  it('rejects bad requests as upstream does', async () => {
    await createPod('web', 'default')
    const err = async (p: Promise<unknown>) => (await p.then(() => undefined, (e: unknown) => e)) as ApiError
    expect((await err(createTokenRequest(deps(), 'team', 'nobody', {}))).code).toBe(404)
    const short = await err(createTokenRequest(deps(), 'team', 'default', {spec: {expirationSeconds: 599}}))
    expect(short.code).toBe(422)
    expect(short.status.details?.causes?.[0]).toMatchObject({field: 'spec.expirationSeconds', message: expect.stringContaining('less than 10 minutes')})
    expect((await err(createTokenRequest(deps(), 'team', 'builder', {spec: {boundObjectRef: {kind: 'Pod', apiVersion: 'v1', name: 'web'}}}))).message).toContain('different serviceaccount name')
    const stale = await err(createTokenRequest(deps(), 'team', 'default', {spec: {boundObjectRef: {kind: 'Pod', apiVersion: 'v1', name: 'web', uid: 'old'}}}))
    expect(stale.code).toBe(409)
    expect((await err(createTokenRequest(deps(), 'team', 'default', {spec: {boundObjectRef: {kind: 'ConfigMap', apiVersion: 'v1', name: 'x'}}}))).code).toBe(400)
    expect((await err(createTokenRequest(deps(), 'team', 'default', {metadata: {name: 'other'}}))).code).toBe(422)
    expect((await err(createTokenRequest(deps(), 'team', 'default', {kind: 'Pod'}))).code).toBe(400)
  })

  it('holds kubelets to tokens bound to their own pods', async () => {
    const mine = await createPod('mine', 'default', 'n1')
    const other = await createPod('other', 'default', 'n2')
    const kubelet: UserInfo = {username: 'system:node:n1', groups: ['system:nodes', 'system:authenticated']}
    const ref = (p: typeof mine) => ({spec: {boundObjectRef: {apiVersion: 'v1', kind: 'Pod', name: p.metadata.name, uid: p.metadata.uid}}})
    await expect(createTokenRequest(deps(), 'team', 'default', ref(mine), kubelet)).resolves.toBeDefined()
    await expect(createTokenRequest(deps(), 'team', 'default', ref(other), kubelet)).rejects.toThrow('scheduled on a different node')
    await expect(createTokenRequest(deps(), 'team', 'default', {}, kubelet)).rejects.toThrow('not bound to a pod')
    await expect(createTokenRequest(deps(), 'team', 'default', {spec: {boundObjectRef: {apiVersion: 'v1', kind: 'Pod', name: 'mine'}}}, kubelet)).rejects.toThrow('without a uid')
  })
})

describe('service-account token authentication', () => {
  it('authenticates a fresh token as the service account', async () => {
    const sa = await registries.get('serviceaccounts')!.get('team', 'builder')
    const {status} = await createTokenRequest(deps(), 'team', 'builder', {})
    const lookup = serviceAccountTokenLookup(deps())
    expect(await lookup(status!.token)).toEqual({
      username: 'system:serviceaccount:team:builder',
      uid: sa.metadata.uid,
      groups: ['system:serviceaccounts', 'system:serviceaccounts:team', 'system:authenticated'],
    })
    expect(await lookup('not-a-jwt')).toBeNull()
    expect(await lookup('node.worker.abcdefghijklmnopqrstuvwxyz0123456789')).toBeNull()
  })

  it('refuses expired, not-yet-valid and tampered tokens (with 60 s leeway)', async () => {
    const {status} = await createTokenRequest(deps(), 'team', 'builder', {spec: {expirationSeconds: 600}})
    const at = (ms: number) => authenticateServiceAccountToken(deps({now: () => new Date(clock.getTime() + ms)}), status!.token)
    expect((await at(659_000)).ok).toBe(true)
    expect(await at(661_000)).toEqual({ok: false, reason: 'service account token has expired'})
    expect(await at(-61_000)).toMatchObject({ok: false, reason: 'service account token is not valid yet'})
    const [h, p, s] = status!.token.split('.')
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString()) as ServiceAccountClaims
    claims['kubernetes.io'].serviceaccount.name = 'default'
    claims.sub = 'system:serviceaccount:team:default'
    const forged = `${h}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${s}`
    expect((await authenticateServiceAccountToken(deps(), forged)).ok).toBe(false)
  })

  it('refuses tokens of another key, another issuer or a foreign audience', async () => {
    const sa = await registries.get('serviceaccounts')!.get('team', 'builder')
    const claims = buildClaims({issuer: issuer.issuer, namespace: 'team', serviceAccount: {name: 'builder', uid: sa.metadata.uid!}, audiences: ['https://kubernetes.default.svc.cluster.local'], expirationSeconds: 3600, now: clock})
    const otherKey = serviceAccountKeyFromPem(generateKeyPairSync('ec', {namedCurve: 'P-256'}).privateKey.export({type: 'pkcs8', format: 'pem'}) as string)
    expect((await authenticateServiceAccountToken(deps(), new TokenIssuer(otherKey).sign(claims))).ok).toBe(false)
    expect(await authenticateServiceAccountToken(deps(), issuer.sign({...claims, iss: 'https://evil'}))).toMatchObject({ok: false, reason: expect.stringContaining('issuer')})
    const vault = await createTokenRequest(deps(), 'team', 'builder', {spec: {audiences: ['vault']}})
    expect(await authenticateServiceAccountToken(deps(), vault.status!.token)).toMatchObject({ok: false, reason: expect.stringContaining('audiences')})
    expect((await authenticateServiceAccountToken(deps({apiAudiences: ['vault']}), vault.status!.token)).ok).toBe(true)
  })

  it('invalidates tokens once the service account is deleted or replaced', async () => {
    const {status} = await createTokenRequest(deps(), 'team', 'builder', {})
    await registries.get('serviceaccounts')!.delete('team', 'builder', {}, admin)
    expect(await authenticateServiceAccountToken(deps(), status!.token)).toMatchObject({ok: false, reason: expect.stringContaining('deleted')})
    await registries.get('serviceaccounts')!.create('team', {metadata: {name: 'builder'}}, admin)
    expect(await authenticateServiceAccountToken(deps(), status!.token)).toMatchObject({ok: false, reason: expect.stringContaining('does not match claim')})
  })

  it('invalidates pod-bound tokens once the pod is deleted (after the leeway while it terminates)', async () => {
    const pod = await createPod('web', 'default', 'n1')
    const {status} = await createTokenRequest(deps(), 'team', 'default', {spec: {boundObjectRef: {apiVersion: 'v1', kind: 'Pod', name: 'web', uid: pod.metadata.uid}}})
    expect((await authenticateServiceAccountToken(deps(), status!.token)).ok).toBe(true)
    // the pod runs on a node: deletion is graceful, the pod stays terminating
    await registries.get('pods')!.delete('team', 'web', {gracePeriodSeconds: 30}, admin)
    const terminating = await registries.get('pods')!.get('team', 'web')
    const deletedAt = new Date(terminating.metadata.deletionTimestamp!).getTime()
    expect((await authenticateServiceAccountToken(deps({now: () => new Date(deletedAt + 30_000)}), status!.token)).ok).toBe(true)
    expect(await authenticateServiceAccountToken(deps({now: () => new Date(deletedAt + 61_000)}), status!.token)).toMatchObject({ok: false, reason: expect.stringContaining('being deleted')})
    await registries.get('pods')!.delete('team', 'web', {gracePeriodSeconds: 0}, admin)
    expect(await authenticateServiceAccountToken(deps(), status!.token)).toMatchObject({ok: false, reason: 'pod team/web has been deleted'})
    await createPod('web', 'default', 'n1')
    expect(await authenticateServiceAccountToken(deps(), status!.token)).toMatchObject({ok: false, reason: expect.stringContaining('pod UID')})
  })

  it('checks the node of node-bound tokens only', async () => {
    const node = await registries.get('nodes')!.get('', 'n1')
    const {status} = await createTokenRequest(deps(), 'team', 'default', {spec: {boundObjectRef: {apiVersion: 'v1', kind: 'Node', name: 'n1', uid: node.metadata.uid}}})
    expect((await authenticateServiceAccountToken(deps(), status!.token)).ok).toBe(true)
    await registries.get('nodes')!.delete('', 'n1', {}, admin)
    expect((await authenticateServiceAccountToken(deps(), status!.token)).ok).toBe(false)
  })
})
