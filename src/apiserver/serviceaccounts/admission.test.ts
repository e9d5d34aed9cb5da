import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {findResource} from '../../api/registry.js'
import type {Pod} from '../../api/types/pod.js'
import {openSqliteStore} from '../../store/index.js'
import {GenericRegistry} from '../rest/generic.js'
import {addServiceAccountVolume, admitServiceAccount, tokenVolumeSource} from './admission.js'

const mountPath = '/var/run/secrets/kubernetes.io/serviceaccount'
const pod = (spec: Partial<NonNullable<Pod['spec']>> = {}, annotations?: Record<string, string>): Pod => ({
  metadata: {name: 'p', namespace: 'team', ...(annotations ? {annotations} : {})},
  spec: {containers: [{name: 'a', image: 'x'}], ...spec},
})

describe('addServiceAccountVolume', () => {
  it('adds the projected kube-api-access volume and mounts it in every container and init container', () => {
    const input = pod({initContainers: [{name: 'init', image: 'x'}], containers: [{name: 'a', image: 'x'}, {name: 'b', image: 'y', volumeMounts: [{name: 'data', mountPath: '/data'}]}]})
    const out = addServiceAccountVolume(input, {suffix: () => 'abcde'})
    expect(out.spec!.serviceAccountName).toBe('default')
    expect(out.spec!.serviceAccount).toBe('default')
    expect(out.spec!.volumes).toEqual([
      {
        name: 'kube-api-access-abcde',
        projected: {
          defaultMode: 420,
          sources: [
            {serviceAccountToken: {expirationSeconds: 3607, path: 'token'}},
            {configMap: {name: 'kube-root-ca.crt', items: [{key: 'ca.crt', path: 'ca.crt'}]}},
            {downwardAPI: {items: [{path: 'namespace', fieldRef: {apiVersion: 'v1', fieldPath: 'metadata.namespace'}}]}},
          ],
        },
      },
    ])
    const mount = {name: 'kube-api-access-abcde', readOnly: true, mountPath}
    expect(out.spec!.initContainers![0].volumeMounts).toEqual([mount])
    expect(out.spec!.containers[0].volumeMounts).toEqual([mount])
    expect(out.spec!.containers[1].volumeMounts).toEqual([{name: 'data', mountPath: '/data'}, mount])
    expect(input.spec!.volumes).toBeUndefined()
    expect(input.spec!.containers[0].volumeMounts).toBeUndefined()
  })

  it('uses a random 5-character suffix by default', () => {
    expect(addServiceAccountVolume(pod()).spec!.volumes![0].name).toMatch(/^kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}$/)
  })

  it('respects automountServiceAccountToken: pod first, then the ServiceAccount', () => {
    expect(addServiceAccountVolume(pod({automountServiceAccountToken: false})).spec!.volumes).toBeUndefined()
    expect(addServiceAccountVolume(pod(), {serviceAccount: {automountServiceAccountToken: false}}).spec!.volumes).toBeUndefined()
    expect(addServiceAccountVolume(pod({automountServiceAccountToken: true}), {serviceAccount: {automountServiceAccountToken: false}}).spec!.volumes).toHaveLength(1)
  })

  it('keeps containers that mount something at the token path and reuses an existing volume', () => {
    const own = pod({containers: [{name: 'a', image: 'x', volumeMounts: [{name: 'mine', mountPath}]}], volumes: [{name: 'mine', emptyDir: {}}]})
    expect(addServiceAccountVolume(own)).toEqual({...own, spec: {...own.spec, serviceAccountName: 'default', serviceAccount: 'default'}})
    const again = addServiceAccountVolume(addServiceAccountVolume(pod(), {suffix: () => 'zzzzz'}))
    expect(again.spec!.volumes!.map((v) => v.name)).toEqual(['kube-api-access-zzzzz'])
    expect(again.spec!.containers[0].volumeMounts).toHaveLength(1)
  })

  it('keeps a named service account and leaves mirror pods alone', () => {
    expect(addServiceAccountVolume(pod({serviceAccountName: 'builder'})).spec!.serviceAccountName).toBe('builder')
    const mirror = pod({}, {'kubernetes.io/config.mirror': 'x'})
    expect(addServiceAccountVolume(mirror)).toEqual(mirror)
  })

  it('returns a fresh volume source each time', () => {
    const a = tokenVolumeSource()
    a.sources![0].serviceAccountToken!.path = 'changed'
    expect(tokenVolumeSource().sources![0].serviceAccountToken!.path).toBe('token')
  })
})

describe('admitServiceAccount', () => {
  it('requires the ServiceAccount and applies its automount setting', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mkube-saadmit-'))
    const store = openSqliteStore(join(dir, 'state.db'), {compactIntervalMs: 0})
    try {
      const sas = new GenericRegistry(findResource('', 'v1', 'serviceaccounts')!, store)
      const registries = new Map([['serviceaccounts', sas]])
      const ctx = {user: {username: 'admin', groups: ['system:masters']}, dryRun: false}
      await expect(admitServiceAccount(pod(), 'team', registries, {defaultAttempts: 2, retryIntervalMs: 1})).rejects.toThrow(
        'pods "p" is forbidden: error looking up service account team/default: serviceaccount "default" not found',
      )
      await sas.create('team', {metadata: {name: 'default'}}, ctx)
      await sas.create('team', {metadata: {name: 'quiet'}, automountServiceAccountToken: false}, ctx)
      expect((await admitServiceAccount(pod(), 'team', registries)).spec!.volumes).toHaveLength(1)
      expect((await admitServiceAccount(pod({serviceAccountName: 'quiet'}), 'team', registries)).spec!.volumes).toBeUndefined()
      // the default ServiceAccount may appear while admission waits for it
      const late = admitServiceAccount(pod({serviceAccountName: 'default'}), 'other', registries, {defaultAttempts: 50, retryIntervalMs: 5})
      await sas.create('other', {metadata: {name: 'default'}}, ctx)
      expect((await late).spec!.volumes).toHaveLength(1)
      await expect(admitServiceAccount(pod({serviceAccountName: 'ghost'}), 'team', registries)).rejects.toThrow('serviceaccount "ghost" not found')
    } finally {
      await store.close()
      rmSync(dir, {recursive: true, force: true})
    }
  })
})
