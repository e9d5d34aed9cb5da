import {createServer, type RequestListener, type Server} from 'node:http'
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'
import {NotFoundError, RuntimeError} from './errors.js'
import {LibpodClient, LibpodUnreachableError, apiError, withQuery} from './libpod.js'

describe('libpod client helpers', () => {
  it('encodes filters as one JSON query parameter', () => {
    expect(withQuery('/containers/json')).toBe('/containers/json')
    const q = withQuery('/containers/json', {label: ['a=b', 'c=d'], pod: ['p1']}, {all: 'true'})
    const params = new URLSearchParams(q.split('?')[1])
    expect(params.get('all')).toBe('true')
    expect(JSON.parse(params.get('filters')!)).toEqual({label: ['a=b', 'c=d'], pod: ['p1']})
  })

  it('maps podman error answers: 404 is NotFound, the message or the pod Errs are kept', () => {
    const nf = apiError('status of container x', 404, '{"cause":"no such container","message":"no container with name or ID \\"x\\" found","response":404}')
    expect(nf).toBeInstanceOf(NotFoundError)
    expect(nf.message).toBe('status of container x: no container with name or ID "x" found (podman API 404)')
    const pod = apiError('start pod sandbox p', 409, '{"Errs":["starting container abc: OCI runtime error"],"Id":"p"}')
    expect(pod).not.toBeInstanceOf(NotFoundError)
    expect(pod.message).toBe('start pod sandbox p: starting container abc: OCI runtime error (podman API 409)')
    expect(apiError('x', 500, 'plain text').message).toBe('x: plain text (podman API 500)')
  })
})

describe('LibpodClient over a unix socket', () => {
  let server: Server | undefined
  let dir: string | undefined
  afterEach(async () => {
    await new Promise<void>(r => (server ? server.close(() => r()) : r()))
    server = undefined
    if (dir) rmSync(dir, {recursive: true, force: true})
  })

  async function serve(handler: RequestListener): Promise<string> {
    dir = mkdtempSync(join(tmpdir(), 'libpod-'))
    const path = join(dir, 'api.sock')
    server = createServer(handler)
    await new Promise<void>(r => server!.listen(path, r))
    return path
  }

  it('gets JSON, posts with accepted statuses, and reports failures with their kind', async () => {
    const seen: string[] = []
    const path = await serve((req, res) => {
      seen.push(`${req.method} ${req.url}`)
      if (req.url === '/v4.0.0/libpod/_ping') return res.end('OK')
      if (req.url?.startsWith('/v4.0.0/libpod/containers/json')) {
        res.setHeader('content-type', 'application/json')
        return res.end('[{"Id":"c1"}]')
      }
      if (req.url === '/v4.0.0/libpod/pods/create') {
        let text = ''
        req.on('data', (c: Buffer) => (text += c))
        req.on('end', () => res.end(JSON.stringify({Id: 'p1', got: JSON.parse(text), type: req.headers['content-type']})))
        return
      }
      if (req.url === '/v4.0.0/libpod/containers/c1/start') {
        res.statusCode = 304
        return res.end()
      }
      if (req.url === '/v4.0.0/libpod/containers/gone/json') {
        res.statusCode = 404
        return res.end('{"message":"no such container"}')
      }
      res.statusCode = 500
      res.end('{"message":"boom"}')
    })
    const c = new LibpodClient({socketPath: path})
    try {
      expect(await c.ping()).toBe(true)
      expect(await c.get('/containers/json', 'list', {label: ['a=b']}, {all: 'true'})).toEqual([{Id: 'c1'}])
      expect((await c.post('/containers/c1/start', 'start', [304])).status).toBe(304)
      expect((await c.post('/pods/create', 'create', [], {name: 'x'})).body).toEqual({Id: 'p1', got: {name: 'x'}, type: 'application/json'})
      await expect(c.post('/containers/c1/start', 'start')).rejects.toBeInstanceOf(RuntimeError)
      await expect(c.get('/containers/gone/json', 'status')).rejects.toBeInstanceOf(NotFoundError)
      await expect(c.get('/other', 'other')).rejects.toThrow('other: boom (podman API 500)')
      expect(seen[1]).toContain('all=true')
    } finally {
      c.close()
    }
  })

  it('a socket nobody listens on is unreachable (the runtime then uses the CLI)', async () => {
    const c = new LibpodClient({socketPath: join(tmpdir(), `no-such-${process.pid}.sock`)})
    await expect(c.get('/containers/json', 'list')).rejects.toBeInstanceOf(LibpodUnreachableError)
    expect(await c.ping()).toBe(false)
    c.close()
  })
})
