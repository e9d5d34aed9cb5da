import {mkdtempSync, rmSync, statSync, writeFileSync, readFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {parse} from 'yaml'
import {loadKubeconfig, loadKubeconfigFiles, mergeKubeconfigs, writeKubeconfig} from './kubeconfig.js'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mkube-kc-'))
})
afterEach(() => rmSync(dir, {recursive: true, force: true}))

const b64 = (s: string) => Buffer.from(s).toString('base64')

function file(name: string, doc: unknown): string {
  const p = join(dir, name)
  writeFileSync(p, typeof doc === 'string' ? doc : JSON.stringify(doc))
  return p
}

const one = (ctx: string, server: string, extra: {ns?: string; token?: string; current?: boolean} = {}) => ({
  apiVersion: 'v1',
  kind: 'Config',
  clusters: [{name: ctx, cluster: {server, 'certificate-authority-data': b64(`CA-${ctx}`)}}],
  users: [{name: ctx, user: {token: extra.token ?? `tok-${ctx}`}}],
  contexts: [{name: ctx, context: {cluster: ctx, user: ctx, namespace: extra.ns}}],
  'current-context': extra.current === false ? undefined : ctx,
})

describe('loadKubeconfig', () => {
  it('round-trips writeKubeconfig (mode 0600)', async () => {
    const p = join(dir, 'sub', 'admin.kubeconfig')
    await writeKubeconfig(p, {clusterName: 'mkube', server: 'https://127.0.0.1:6443', caPem: 'PEM\n', token: 'secret', user: 'admin', namespace: 'dev'})
    expect(statSync(p).mode & 0o777).toBe(0o600)
    const doc = parse(readFileSync(p, 'utf8'))
    expect(doc['current-context']).toBe('mkube')
    expect(doc.clusters[0].cluster['certificate-authority-data']).toBe(b64('PEM\n'))
    expect(loadKubeconfig({kubeconfig: p})).toEqual({
      server: 'https://127.0.0.1:6443',
      caPem: 'PEM\n',
      token: 'secret',
      namespace: 'dev',
      context: 'mkube',
      insecure: undefined,
      tlsServerName: undefined,
      certPem: undefined,
      keyPem: undefined,
    })
  })

  it('prefers the explicit path, then KUBECONFIG, then the first existing default path', () => {
    const a = file('a', one('a', 'https://a:1'))
    const b = file('b', one('b', 'https://b:1'))
    const c = file('c', one('c', 'https://c:1'))
    const env = {KUBECONFIG: `${b}:${c}`}
    expect(loadKubeconfig({kubeconfig: a, env, defaultPaths: [c]}).server).toBe('https://a:1')
    expect(loadKubeconfig({env, defaultPaths: [a]}).server).toBe('https://b:1')
    expect(loadKubeconfig({env: {}, defaultPaths: [join(dir, 'missing'), c, a]}).server).toBe('https://c:1')
  })

  it('merges the KUBECONFIG list first-wins and skips missing files', () => {
    const a = file('a', {...one('x', 'https://first:1', {current: false}), contexts: [{name: 'x', context: {cluster: 'x', user: 'x', namespace: 'nsA'}}]})
    const b = file('b', {
      ...one('x', 'https://second:1'),
      clusters: [
        {name: 'x', cluster: {server: 'https://second:1'}},
        {name: 'y', cluster: {server: 'https://y:1'}},
      ],
      contexts: [
        {name: 'x', context: {cluster: 'x', user: 'x'}},
        {name: 'y', context: {cluster: 'y', user: 'x'}},
      ],
    })
    const env = {KUBECONFIG: `${join(dir, 'nope')}:${a}::${b}`}
    const {config, paths} = loadKubeconfigFiles({env})
    expect(paths).toEqual([a, b])
    expect(config['current-context']).toBe('x')
    expect(config.clusters!.map((c) => c.name)).toEqual(['x', 'y'])
    const cfg = loadKubeconfig({env})
    expect(cfg.server).toBe('https://first:1')
    expect(cfg.namespace).toBe('nsA')
    expect(cfg.caPem).toBe('CA-x')
    expect(loadKubeconfig({env, context: 'y'}).server).toBe('https://y:1')
    expect(loadKubeconfig({env, context: 'y'}).namespace).toBe('default')
  })

  it('reads referenced files relative to the kubeconfig', () => {
    writeFileSync(join(dir, 'ca.crt'), 'CAFILE')
    writeFileSync(join(dir, 'tok'), 'filetoken\n')
    writeFileSync(join(dir, 'c.crt'), 'CERT')
    writeFileSync(join(dir, 'c.key'), 'KEY')
    const p = file('kc', {
      clusters: [{name: 'c', cluster: {server: 'https://s:1', 'certificate-authority': 'ca.crt', 'insecure-skip-tls-verify': true}}],
      users: [{name: 'u', user: {tokenFile: 'tok', 'client-certificate': 'c.crt', 'client-key': join(dir, 'c.key')}}],
      contexts: [{name: 'k', context: {cluster: 'c', user: 'u'}}],
      'current-context': 'k',
    })
    const cfg = loadKubeconfig({kubeconfig: p})
    expect(cfg).toMatchObject({caPem: 'CAFILE', token: 'filetoken', certPem: 'CERT', keyPem: 'KEY', insecure: true})
  })

  it('fails with one-line errors', () => {
    const errs: string[] = []
    const t = (fn: () => unknown) => {
      try {
        fn()
        errs.push('no error')
      } catch (e) {
        errs.push((e as Error).message)
      }
    }
    t(() => loadKubeconfig({kubeconfig: join(dir, 'missing')}))
    t(() => loadKubeconfig({env: {}, defaultPaths: [join(dir, 'd1')]}))
    t(() => loadKubeconfig({env: {KUBECONFIG: join(dir, 'k1')}}))
    const noCur = file('nocur', one('a', 'https://a:1', {current: false}))
    t(() => loadKubeconfig({kubeconfig: noCur}))
    t(() => loadKubeconfig({kubeconfig: noCur, context: 'zzz'}))
    t(() => loadKubeconfig({kubeconfig: file('bad', 'clusters: [')}))
    const noCluster = file('nocl', {contexts: [{name: 'a', context: {cluster: 'gone', user: ''}}], 'current-context': 'a'})
    t(() => loadKubeconfig({kubeconfig: noCluster}))
    const badCa = file('badca', {clusters: [{name: 'a', cluster: {server: 'https://x', 'certificate-authority': '/nonexistent/ca'}}], contexts: [{name: 'a', context: {cluster: 'a', user: ''}}], 'current-context': 'a'})
    t(() => loadKubeconfig({kubeconfig: badCa}))
    expect(errs).toEqual([
      `kubeconfig file not found: ${join(dir, 'missing')}`,
      `no kubeconfig found (looked for ${join(dir, 'd1')}); pass --kubeconfig or set KUBECONFIG`,
      `none of the kubeconfig files in KUBECONFIG exist: ${join(dir, 'k1')}`,
      'no current context is set in the kubeconfig; pass --context',
      'context "zzz" not found in the kubeconfig',
      expect.stringMatching(/^cannot parse kubeconfig .*bad: /),
      'cluster "gone" of context "a" not found in the kubeconfig',
      'cannot read certificate-authority /nonexistent/ca: ENOENT',
    ])
    for (const e of errs) expect(e).not.toContain('\n')
  })

  it('mergeKubeconfigs keeps the first current-context that is set', () => {
    const m = mergeKubeconfigs([{contexts: []}, {'current-context': 'b'}, {'current-context': 'c'}])
    expect(m['current-context']).toBe('b')
  })
})
