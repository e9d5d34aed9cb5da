import https from 'node:https'
import {afterAll, beforeAll, beforeEach, describe, expect, it} from 'vitest'
import {FakeRuntime} from '../../runtime/fake.js'
import type {ExecSession, LogStream} from '../../runtime/types.js'
import {PROTOCOL_V4, PROTOCOL_V5} from './channel.js'
import {startKubeletServer, type KubeletServer} from './server.js'
import {makeTestPki, rawExec, runFakePod, startFakeContainer, type FakePod, type TestPki} from './testing.js'

const NODE = 'n1'
let pki: TestPki
let rt: FakeRuntime
let server: KubeletServer
let pods: Map<string, {uid: string; containers?: string[]; waiting?: Record<string, string>}>
let logStreams: LogStream[]
let sessions: {cmd: string[]; resizes: [number, number][]}[]

type Cert = {cert: string; key: string} | null

function get(path: string, cert: Cert = {cert: pki.admin.certPem, key: pki.admin.keyPem}, opts: {signal?: AbortSignal; onChunk?: (s: string) => void} = {}): Promise<{code: number; body: string; type: string}> {
  return new Promise((resolve, reject) => {
    const req = https.request({host: '127.0.0.1', port: server.port, path, ca: pki.ca.certPem, cert: cert?.cert, key: cert?.key, signal: opts.signal, agent: false}, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (d: string) => {
        body += d
        opts.onChunk?.(d)
      })
      res.on('end', () => resolve({code: res.statusCode ?? 0, body, type: String(res.headers['content-type'])}))
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end()
  })
}

const execUrl = (path: string) => `wss://127.0.0.1:${server.port}${path}`
const adminTls = () => ({ca: pki.ca.certPem, cert: pki.admin.certPem, key: pki.admin.keyPem})

beforeAll(async () => {
  pki = await makeTestPki()
})

beforeEach(async () => {
  await server?.close()
  rt = new FakeRuntime()
  pods = new Map()
  logStreams = []
  sessions = []
  // observe what the server does with the runtime's streams
  const logs = rt.logs.bind(rt)
  rt.logs = async (id, o) => {
    const s = await logs(id, o)
    logStreams.push(s)
    return s
  }
  const exec = rt.exec.bind(rt)
  rt.exec = async (id, cmd, o): Promise<ExecSession> => {
    const s = await exec(id, cmd, o)
    const rec = {cmd, resizes: [] as [number, number][]}
    sessions.push(rec)
    return {...s, resize: (c, r) => (rec.resizes.push([c, r]), s.resize(c, r))}
  }
  server = await startKubeletServer({host: '127.0.0.1', port: 0, certPem: pki.serving.certPem, keyPem: pki.serving.keyPem, caPem: pki.ca.certPem, runtime: rt, nodeName: NODE, resolvePod: (ns, name) => pods.get(`${ns}/${name}`)})
})

afterAll(async () => {
  await server?.close()
})

async function pod(name: string, containers = ['app']): Promise<FakePod> {
  const p = await runFakePod(rt, {nodeName: NODE, namespace: 'default', name, uid: `uid-${name}`, containers})
  pods.set(`default/${name}`, {uid: p.uid, containers})
  return p
}

describe('authentication and authorization', () => {
  it('requires a client certificate signed by the cluster CA', async () => {
    expect(await get('/healthz')).toMatchObject({code: 200, body: 'ok'})
    const anon = await get('/healthz', null)
    expect(anon.code).toBe(401)
    expect(JSON.parse(anon.body)).toMatchObject({kind: 'Status', reason: 'Unauthorized', code: 401})
    const stranger = await get('/containerLogs/default/x/app', {cert: pki.stranger.certPem, key: pki.stranger.keyPem})
    expect(stranger.code).toBe(401)
    expect(stranger.body).toContain('client certificate rejected')
  })

  it('lets only cluster administrators read logs (403 for a node)', async () => {
    await pod('web')
    const node = {cert: pki.node.certPem, key: pki.node.keyPem}
    expect((await get('/healthz', node)).code).toBe(200)
    const r = await get('/containerLogs/default/web/app', node)
    expect(r.code).toBe(403)
    expect(JSON.parse(r.body).message).toBe('Forbidden (user=system:node:n1, verb=get, resource=nodes, subresource=proxy)')
    await expect(rawExec(execUrl('/exec/default/web/app?command=true&stdout=true'), {tls: {ca: pki.ca.certPem, cert: pki.node.certPem, key: pki.node.keyPem}, protocols: [PROTOCOL_V5]})).rejects.toMatchObject({statusCode: 403})
  })

  it('answers 503 for logs and exec on a node without a runtime', async () => {
    const bare = await startKubeletServer({host: '127.0.0.1', port: 0, certPem: pki.serving.certPem, keyPem: pki.serving.keyPem, caPem: pki.ca.certPem, runtime: null, nodeName: NODE, resolvePod: () => ({uid: 'u'})})
    try {
      const r = await new Promise<{code: number; body: string}>((resolve, reject) => {
        https
          .get({host: '127.0.0.1', port: bare.port, path: '/containerLogs/default/p/app', ca: pki.ca.certPem, cert: pki.admin.certPem, key: pki.admin.keyPem, agent: false}, (res) => {
            let body = ''
            res.on('data', (d: Buffer) => (body += d))
            res.on('end', () => resolve({code: res.statusCode ?? 0, body}))
          })
          .on('error', reject)
      })
      expect(r.code).toBe(503)
      expect(JSON.parse(r.body).message).toBe('node "n1" has no usable container runtime')
      await expect(rawExec(`wss://127.0.0.1:${bare.port}/exec/default/p/app?command=true&stdout=true`, {tls: adminTls(), protocols: [PROTOCOL_V5]})).rejects.toMatchObject({statusCode: 503})
    } finally {
      await bare.close()
    }
  })

  it('answers 404 for unknown paths', async () => {
    expect((await get('/pods')).code).toBe(404)
    expect((await get('/containerLogs/default/web')).code).toBe(404)
  })
})

describe('containerLogs', () => {
  it('streams the log as text/plain with tailLines, limitBytes and timestamps', async () => {
    const p = await pod('web')
    for (const l of ['one', 'two', 'three']) rt.appendLog(p.containers.app, l)
    const all = await get('/containerLogs/default/web/app')
    expect(all).toMatchObject({code: 200, body: 'one\ntwo\nthree\n'})
    expect(all.type).toBe('text/plain')
    expect((await get('/containerLogs/default/web/app?tailLines=2')).body).toBe('two\nthree\n')
    expect((await get('/containerLogs/default/web/app?tailLines=0')).body).toBe('')
    expect((await get('/containerLogs/default/web/app?limitBytes=6')).body).toBe('one\ntw')
    expect((await get('/containerLogs/default/web/app?timestamps=true&tailLines=1')).body).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z three\n$/)
    expect((await get('/containerLogs/default/web/app?sinceSeconds=60')).body).toBe('one\ntwo\nthree\n')
    expect((await get(`/containerLogs/default/web/app?sinceTime=${encodeURIComponent(new Date(Date.now() - 60_000).toISOString())}`)).body).toBe('one\ntwo\nthree\n')
    expect(logStreams.length).toBe(7)
  })

  it('follows: lines arrive as written, and the answer ends when the container exits', async () => {
    const p = await pod('web')
    rt.appendLog(p.containers.app, 'before')
    const chunks: string[] = []
    let first!: () => void
    const firstSeen = new Promise<void>((r) => (first = r))
    const done = get('/containerLogs/default/web/app?follow=true', {cert: pki.admin.certPem, key: pki.admin.keyPem}, {
      onChunk: (c) => {
        chunks.push(c)
        first()
      },
    })
    await firstSeen
    expect(chunks.join('')).toBe('before\n')
    rt.appendLog(p.containers.app, 'after')
    await expect.poll(() => chunks.join('')).toBe('before\nafter\n')
    rt.exitContainer(p.containers.app, 0)
    expect(await done).toMatchObject({code: 200, body: 'before\nafter\n'})
  })

  it('stops following when the client goes away', async () => {
    await pod('web')
    const ac = new AbortController()
    const req = get('/containerLogs/default/web/app?follow=true', {cert: pki.admin.certPem, key: pki.admin.keyPem}, {signal: ac.signal}).catch((e: Error) => e)
    await expect.poll(() => logStreams.length).toBe(1)
    let stopped = false
    void logStreams[0].done.then(() => (stopped = true))
    expect(stopped).toBe(false)
    ac.abort()
    await req
    await expect.poll(() => stopped).toBe(true)
  })

  it('limitBytes ends a follow too', async () => {
    const p = await pod('web')
    rt.appendLog(p.containers.app, 'abc')
    const r = get('/containerLogs/default/web/app?follow=true&limitBytes=6')
    await expect.poll(() => logStreams.length).toBe(1)
    rt.appendLog(p.containers.app, 'defgh')
    expect((await r).body).toBe('abc\nde')
  })

  it('previous: the most recent terminated instance', async () => {
    const p = await pod('web')
    rt.appendLog(p.containers.app, 'first run')
    const none = await get('/containerLogs/default/web/app?previous=true')
    expect(none.code).toBe(400)
    expect(JSON.parse(none.body)).toMatchObject({reason: 'BadRequest', message: 'previous terminated container "app" in pod "web" not found'})
    rt.exitContainer(p.containers.app, 1)
    // a crash-looping container (exited, not restarted yet): both current and previous show the last run
    expect((await get('/containerLogs/default/web/app')).body).toBe('first run\n')
    expect((await get('/containerLogs/default/web/app?previous=true')).body).toBe('first run\n')
    const second = await startFakeContainer(rt, p.sandboxId, 'app', 1)
    rt.appendLog(second, 'second run')
    expect((await get('/containerLogs/default/web/app')).body).toBe('second run\n')
    expect((await get('/containerLogs/default/web/app?previous=true')).body).toBe('first run\n')
  })

  it('404 for unknown pods and containers, 400 for containers not started, 422 for invalid options', async () => {
    await pod('web')
    const unknownPod = await get('/containerLogs/default/nope/app')
    expect(unknownPod.code).toBe(404)
    expect(JSON.parse(unknownPod.body).message).toBe('pod "nope" does not exist on node "n1"')
    const unknownContainer = await get('/containerLogs/default/web/sidecar')
    expect(unknownContainer.code).toBe(404)
    expect(JSON.parse(unknownContainer.body)).toMatchObject({kind: 'Status', status: 'Failure', reason: 'NotFound', message: 'container sidecar is not valid for pod web'})
    pods.set('default/web', {uid: 'uid-web', containers: ['app', 'late']})
    const waiting = await get('/containerLogs/default/web/late')
    expect(waiting.code).toBe(400)
    expect(JSON.parse(waiting.body).message).toBe('container "late" in pod "web" is waiting to start: ContainerCreating')
    pods.set('default/web', {uid: 'uid-web', containers: ['app', 'late'], waiting: {late: 'ImagePullBackOff'}})
    expect(JSON.parse((await get('/containerLogs/default/web/late')).body).message).toBe('container "late" in pod "web" is waiting to start: trying and failing to pull image')
    const bad = await get('/containerLogs/default/web/app?tailLines=-1')
    expect(bad.code).toBe(422)
    expect(JSON.parse(bad.body)).toMatchObject({reason: 'Invalid', message: 'PodLogOptions "web" is invalid: tailLines: Invalid value: -1: must be greater than or equal to 0'})
    expect((await get('/containerLogs/default/web/app?sinceSeconds=5&sinceTime=2024-01-01T00:00:00Z')).code).toBe(422)
    expect((await get('/containerLogs/default/web/app?tailLines=x')).code).toBe(400)
  })
})

describe('exec', () => {
  it('passes the exit code on the error channel, then closes normally', async () => {
    await pod('web')
    const t = await rawExec(execUrl('/exec/default/web/app?command=sh&command=-c&command=exit%203&stdout=true&stderr=true'), {tls: adminTls(), protocols: [PROTOCOL_V5, PROTOCOL_V4]})
    expect(t.protocol).toBe(PROTOCOL_V5)
    expect(t.closeCode).toBe(1000)
    expect(t.status).toBe(
      '{"metadata":{},"status":"Failure","message":"command terminated with non-zero exit code: error executing command [sh -c exit 3], exit code 3","reason":"NonZeroExitCode","details":{"causes":[{"reason":"ExitCode","message":"3"}]}}',
    )
    expect(t.channels[0]).toBe(1) // the "streams are up" message, on stdout
    expect(t.channels.at(-1)).toBe(3)
  })

  it('relays stdout and stderr on their channels, and Success', async () => {
    await pod('web')
    rt.setExecHandler(async (r) => ({exitCode: 0, stdout: `out:${r.cmd.join(',')}\n`, stderr: 'err\n'}))
    const t = await rawExec(execUrl('/exec/default/web/app?command=ls&command=-l&stdout=true&stderr=true'), {tls: adminTls(), protocols: [PROTOCOL_V4]})
    expect(t.protocol).toBe(PROTOCOL_V4)
    expect(t).toMatchObject({stdout: 'out:ls,-l\n', stderr: 'err\n', status: '{"metadata":{},"status":"Success"}', closeCode: 1000})
    expect(sessions[0].cmd).toEqual(['ls', '-l'])
  })

  it('does not send unrequested streams; with a tty stderr is merged', async () => {
    await pod('web')
    rt.setExecHandler(async () => ({exitCode: 0, stdout: 'o\n', stderr: 'e\n'}))
    const onlyErr = await rawExec(execUrl('/exec/default/web/app?command=x&stderr=true'), {tls: adminTls(), protocols: [PROTOCOL_V5]})
    expect(onlyErr).toMatchObject({stdout: '', stderr: 'e\n'})
    expect(onlyErr.channels[0]).toBe(2)
    const tty = await rawExec(execUrl('/exec/default/web/app?command=x&stdout=true&stderr=true&tty=true&stdin=true'), {tls: adminTls(), protocols: [PROTOCOL_V5], stdin: ''})
    expect(tty).toMatchObject({stdout: 'o\ne\n', stderr: ''})
  })

  it('stdin: data frames reach the command and the v5 close signal ends it', async () => {
    await pod('web')
    const t = await rawExec(execUrl('/exec/default/web/app?command=cat&stdin=true&stdout=true&stderr=true'), {tls: adminTls(), protocols: [PROTOCOL_V5], stdin: 'hello\nworld\n'})
    expect(t).toMatchObject({stdout: 'hello\nworld\n', status: '{"metadata":{},"status":"Success"}', closeCode: 1000})
  })

  it('resize frames go to the terminal of a tty session', async () => {
    await pod('web')
    let release!: () => void
    const gate = new Promise<void>((r) => (release = r))
    rt.setExecHandler(async () => {
      await gate
      return {exitCode: 0, stdout: '', stderr: ''}
    })
    const t = rawExec(execUrl('/exec/default/web/app?command=sh&stdin=true&stdout=true&tty=true'), {tls: adminTls(), protocols: [PROTOCOL_V5], resize: [[80, 24], [120, 40]]})
    await expect.poll(() => sessions[0]?.resizes.length).toBe(2)
    expect(sessions[0].resizes).toEqual([[80, 24], [120, 40]])
    release()
    expect((await t).closeCode).toBe(1000)
  })

  it('kills the command when the client goes away', async () => {
    await pod('web')
    let seenStdin: NodeJS.ReadableStream | undefined
    let ended = false
    rt.setExecHandler(async (r) => {
      seenStdin = r.stdin
      await new Promise<void>((resolve) => r.stdin!.on('end', resolve).resume())
      ended = true
      return {exitCode: 0, stdout: '', stderr: ''}
    })
    await rawExec(execUrl('/exec/default/web/app?command=sh&stdin=true&stdout=true'), {tls: adminTls(), protocols: [PROTOCOL_V5], onOpen: (ws) => setTimeout(() => ws.close(), 50)})
    expect(seenStdin).toBeDefined()
    await expect.poll(() => ended).toBe(true)
  })

  it('refuses before the handshake: unknown container, not running, no command, no protocol, attach without streams', async () => {
    const p = await pod('web')
    const opts = {tls: adminTls(), protocols: [PROTOCOL_V5]}
    await expect(rawExec(execUrl('/exec/default/web/nope?command=true&stdout=true'), opts)).rejects.toMatchObject({statusCode: 404, body: expect.stringContaining('container nope is not valid for pod web')})
    await expect(rawExec(execUrl('/exec/default/web/app?stdout=true'), opts)).rejects.toMatchObject({statusCode: 400, body: expect.stringContaining('you must specify at least one command for the container')})
    await expect(rawExec(execUrl('/exec/default/web/app?command=true'), opts)).rejects.toMatchObject({statusCode: 400, body: expect.stringContaining('you must specify at least 1 of stdin, stdout, stderr')})
    await expect(rawExec(execUrl('/exec/default/web/app?command=true&stdout=1'), {tls: adminTls(), protocols: ['channel.k8s.io']})).rejects.toMatchObject({
      statusCode: 400,
      body: expect.stringContaining('requested protocol(s) are not supported: [channel.k8s.io]'),
    })
    await expect(rawExec(execUrl('/attach/default/web/app'), opts)).rejects.toMatchObject({statusCode: 400, body: expect.stringContaining('you must specify at least 1 of stdin, stdout, stderr')})
    rt.exitContainer(p.containers.app, 0)
    await expect(rawExec(execUrl('/exec/default/web/app?command=true&stdout=true'), opts)).rejects.toMatchObject({statusCode: 404, body: expect.stringContaining('container not found (\\"app\\")')})
    // a plain GET is not an exec
    expect((await get('/exec/default/web/app?command=true&stdout=true')).code).toBe(400)
  })

  it('reports a runtime failure to start the command as an InternalError status', async () => {
    await pod('web')
    rt.exec = async () => {
      throw new Error('OCI runtime exec failed: no such file')
    }
    const t = await rawExec(execUrl('/exec/default/web/app?command=nope&stdout=true'), {tls: adminTls(), protocols: [PROTOCOL_V5]})
    expect(JSON.parse(t.status)).toMatchObject({status: 'Failure', reason: 'InternalError', message: 'Internal error occurred: error executing command in container: OCI runtime exec failed: no such file'})
    expect(t.closeCode).toBe(1000)
  })
})
