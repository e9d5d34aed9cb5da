import {afterAll, describe, expect, it} from 'vitest'
import {lstat, mkdtemp, readFile, readdir, readlink, rm, stat, writeFile, mkdir} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import type {ConfigMap, Secret} from '../../api/types/config.js'
import type {Pod} from '../../api/types/pod.js'
import type {Volume} from '../../api/types/volume.js'
import {planVolume, tokenKey, volumePayload, volumeReferences, type Payload, type VolumeObjects} from './plan.js'
import {writePayload} from './atomic-writer.js'
import {checkHostPath} from './hostpath.js'

const b64 = (s: string) => Buffer.from(s).toString('base64')
const pod: Pod = {metadata: {name: 'web', namespace: 'ns', uid: 'u1', labels: {app: 'web'}}, spec: {containers: [{name: 'app', resources: {limits: {memory: '128Mi'}}}]}}
const objs = (over: Partial<VolumeObjects> = {}): VolumeObjects => ({
  configMaps: new Map<string, ConfigMap | null>([['cfg', {metadata: {name: 'cfg'}, data: {a: 'A', b: 'B'}, binaryData: {bin: b64('\x00\x01')}}], ['gone', null]]),
  secrets: new Map<string, Secret | null>([['sec', {metadata: {name: 'sec'}, data: {pw: b64('pw!')}}]]),
  tokens: new Map(),
  ...over,
})
const files = (p: Payload) => Object.fromEntries([...p].map(([k, f]) => [k, [f.data.toString(), f.mode.toString(8)]]))

describe('volume planning', () => {
  it('picks the plugin of each volume', () => {
    expect(planVolume({name: 'x'})).toMatchObject({kind: 'emptyDir', medium: ''})
    expect(planVolume({name: 'x', emptyDir: {medium: 'Memory'}})).toMatchObject({kind: 'emptyDir', medium: 'Memory'})
    expect(planVolume({name: 'x', hostPath: {path: '/tmp', type: 'Directory'}})).toEqual({kind: 'hostPath', path: '/tmp', type: 'Directory'})
    expect(planVolume({name: 'x', secret: {secretName: 's'}})).toMatchObject({kind: 'payload', dir: 'kubernetes.io~secret'})
    expect(planVolume({name: 'x', persistentVolumeClaim: {claimName: 'c'}}).kind).toBe('unsupported')
  })

  it('projects every key, or the listed items with their modes', () => {
    expect(files(volumePayload(pod, {name: 'v', configMap: {name: 'cfg'}}, objs()))).toEqual({a: ['A', '644'], b: ['B', '644'], bin: ['\x00\x01', '644']})
    const items: Volume = {name: 'v', configMap: {name: 'cfg', defaultMode: 0o400, items: [{key: 'a', path: 'dir/a.txt'}, {key: 'b', path: 'b', mode: 0o600}]}}
    expect(files(volumePayload(pod, items, objs()))).toEqual({'dir/a.txt': ['A', '400'], b: ['B', '600']})
    expect(files(volumePayload(pod, {name: 'v', secret: {secretName: 'sec'}}, objs()))).toEqual({pw: ['pw!', '644']})
  })

  it('fails with the kubelet messages on missing objects and keys unless optional', () => {
    expect(() => volumePayload(pod, {name: 'v', configMap: {name: 'gone'}}, objs())).toThrow('configmap "gone" not found')
    expect(volumePayload(pod, {name: 'v', configMap: {name: 'gone', optional: true}}, objs()).size).toBe(0)
    expect(() => volumePayload(pod, {name: 'v', configMap: {name: 'cfg', items: [{key: 'zz', path: 'z'}]}}, objs())).toThrow('configmap references non-existent config key: zz')
    expect(() => volumePayload(pod, {name: 'v', secret: {secretName: 'nope'}}, objs())).toThrow('secret "nope" not found')
    expect(() => volumePayload(pod, {name: 'v', secret: {secretName: 'sec', items: [{key: 'zz', path: 'z'}]}}, objs())).toThrow('references non-existent secret key: zz')
  })

  it('builds downwardAPI and projected payloads (tokens skipped when unavailable)', () => {
    const dapi: Volume = {name: 'd', downwardAPI: {items: [{path: 'labels', fieldRef: {fieldPath: 'metadata.labels'}}, {path: 'mem', resourceFieldRef: {containerName: 'app', resource: 'limits.memory', divisor: '1Mi'}, mode: 0o444}]}}
    expect(files(volumePayload(pod, dapi, objs()))).toEqual({labels: ['app="web"', '644'], mem: ['128', '444']})
    const tok = {path: 'token', expirationSeconds: 3600}
    const proj: Volume = {
      name: 'p',
      projected: {defaultMode: 0o440, sources: [{configMap: {name: 'cfg', items: [{key: 'a', path: 'a'}]}}, {secret: {name: 'sec'}}, {serviceAccountToken: tok}, {downwardAPI: {items: [{path: 'name', fieldRef: {fieldPath: 'metadata.name'}}]}}]},
    }
    expect(files(volumePayload(pod, proj, objs({tokens: new Map([[tokenKey('p', tok), 'jwt']])})))).toEqual({a: ['A', '440'], pw: ['pw!', '440'], token: ['jwt', '440'], name: ['web', '440']})
    expect(Object.keys(files(volumePayload(pod, proj, objs({tokens: new Map([[tokenKey('p', tok), null]])}))))).toEqual(['a', 'pw', 'name'])
    const refs = volumeReferences({...pod, spec: {containers: [], volumes: [proj, {name: 'c', configMap: {name: 'cfg2'}}]}})
    expect([...refs.configMaps]).toEqual(['cfg', 'cfg2'])
    expect(refs.tokens.map((t) => t.key)).toEqual(['p/token'])
  })
})

describe('atomic writer', async () => {
  const root = await mkdtemp(join(tmpdir(), 'mkube-aw-'))
  afterAll(() => rm(root, {recursive: true, force: true}))
  const payload = (entries: Record<string, string>, mode = 0o644): Payload => new Map(Object.entries(entries).map(([k, v]) => [k, {data: Buffer.from(v), mode}]))

  it('writes versioned dirs behind ..data and user-visible links, swapping atomically on change', async () => {
    const dir = join(root, 'v1')
    expect(await writePayload(dir, payload({a: '1', 'sub/b': '2'}))).toBe(true)
    expect(await readlink(join(dir, 'a'))).toBe('..data/a')
    expect(await readlink(join(dir, 'sub'))).toBe('..data/sub')
    expect(await readFile(join(dir, 'sub/b'), 'utf8')).toBe('2')
    const first = await readlink(join(dir, '..data'))
    expect(first).toMatch(/^\.\.\d{4}_\d\d_\d\d_\d\d_\d\d_\d\d\./)
    expect(await writePayload(dir, payload({a: '1', 'sub/b': '2'}))).toBe(false)
    expect(await writePayload(dir, payload({a: 'new', c: '3'}))).toBe(true)
    expect(await readlink(join(dir, '..data'))).not.toBe(first)
    expect(await readFile(join(dir, 'a'), 'utf8')).toBe('new')
    expect((await readdir(dir)).sort()).toEqual(['..data', (await readlink(join(dir, '..data'))), 'a', 'c'].sort())
    expect(await writePayload(dir, payload({a: 'new', c: '3'}, 0o600))).toBe(true)
    expect((await stat(join(dir, 'a'))).mode & 0o777).toBe(0o600)
  })

  it('rejects unsafe paths', async () => {
    await expect(writePayload(join(root, 'bad'), payload({'../x': '1'}))).rejects.toThrow(/must not contain '..'/)
    await expect(writePayload(join(root, 'bad'), payload({'/abs': '1'}))).rejects.toThrow(/must be relative/)
    await expect(writePayload(join(root, 'bad'), payload({'..x': '1'}))).rejects.toThrow(/must not start with '..'/)
  })

  it('checks hostPath types', async () => {
    const d = join(root, 'hp')
    await checkHostPath(join(d, 'made'), 'DirectoryOrCreate')
    expect((await lstat(join(d, 'made'))).isDirectory()).toBe(true)
    await checkHostPath(join(d, 'f'), 'FileOrCreate')
    expect((await lstat(join(d, 'f'))).isFile()).toBe(true)
    await expect(checkHostPath(join(d, 'f'), 'Directory')).rejects.toThrow(`hostPath type check failed: ${join(d, 'f')} is not a directory`)
    await expect(checkHostPath(join(d, 'made'), 'File')).rejects.toThrow('is not a file')
    await expect(checkHostPath(join(d, 'nope'), 'Socket')).rejects.toThrow('is not a socket file')
    await mkdir(join(d, 'x'))
    await writeFile(join(d, 'x', 'y'), '')
    await checkHostPath('/whatever/missing', '')
  })
})
