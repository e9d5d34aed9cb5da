/**
 * Running one probe or lifecycle action against a container: exec (runtime.execSync), httpGet (to the
 * pod IP — reachable from the host with rootful podman's bridge network — or the node IP for
 * hostNetwork pods), tcpSocket. Outcomes and messages follow Kubernetes' probers: HTTP 200–399 succeed
 * (3xx are not followed), anything else fails with "HTTP probe failed with statuscode: N".
 */
import http from 'node:http'
import https from 'node:https'
import net from 'node:net'
import type {IntOrString} from '../../api/types/common.js'
import type {Container, HTTPGetAction, ProbeHandler} from '../../api/types/container.js'
import type {ContainerRuntime} from '../../runtime/types.js'
import type {ProbeOutcome} from './state.js'

/** Where a probe or hook runs. */
export interface ProbeTarget {
  runtime: ContainerRuntime
  containerId: string
  container: Container
  /** default host of httpGet/tcpSocket actions: the pod IP (the node IP for hostNetwork pods) */
  host: string
}

const maxBody = 10 * 1024

/** A port given by number or by the name of one of the container's ports. */
export function resolvePort(port: IntOrString, container: Container): number {
  if (typeof port === 'number') return port
  if (/^\d+$/.test(port)) return Number(port)
  const p = (container.ports ?? []).find((x) => x.name === port)
  if (!p) throw new Error(`couldn't find port: ${port} in ${container.name}`)
  return p.containerPort
}

function hostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`
}

function dialError(addr: string, e: NodeJS.ErrnoException): string {
  if (e.code === 'ECONNREFUSED') return `dial tcp ${addr}: connect: connection refused`
  if (e.code === 'EHOSTUNREACH') return `dial tcp ${addr}: connect: no route to host`
  if (e.code === 'ETIMEDOUT') return `dial tcp ${addr}: i/o timeout`
  return `dial tcp ${addr}: ${e.message}`
}

/** exec: success on exit 0; the output is stdout+stderr. Runtime failures (container gone) are 'error'. */
export async function execProbe(t: ProbeTarget, command: string[], timeoutMs: number): Promise<ProbeOutcome> {
  try {
    const r = await t.runtime.execSync(t.containerId, command, timeoutMs)
    if (r.timedOut) return {result: 'failure', output: `command ${JSON.stringify(command.join(' '))} timed out`}
    const output = (r.stdout + r.stderr).slice(0, maxBody)
    return {result: r.exitCode === 0 ? 'success' : 'failure', output}
  } catch (e) {
    return {result: 'error', output: (e as Error).message}
  }
}

/** httpGet: GET scheme://host:port/path with the probe's headers. */
export function httpProbe(t: ProbeTarget, action: HTTPGetAction, timeoutMs: number): Promise<ProbeOutcome> {
  let port: number
  try {
    port = resolvePort(action.port, t.container)
  } catch (e) {
    return Promise.resolve({result: 'failure', output: (e as Error).message})
  }
  const scheme = (action.scheme ?? 'HTTP').toLowerCase()
  const host = action.host || t.host
  let path = action.path || '/'
  if (!path.startsWith('/')) path = `/${path}`
  const url = `${scheme}://${hostPort(host, port)}${path}`
  const headers: Record<string, string> = {'User-Agent': 'kube-probe/1.32', Accept: '*/*'}
  for (const h of action.httpHeaders ?? []) headers[h.name] = h.value
  const mod = scheme === 'https' ? https : http
  return new Promise((resolve) => {
    let done = false
    const finish = (o: ProbeOutcome) => {
      if (done) return
      done = true
      clearTimeout(timer)
      resolve(o)
    }
    const req = mod.request(url, {method: 'GET', headers, rejectUnauthorized: false, agent: false}, (res) => {
      const chunks: Buffer[] = []
      let size = 0
      res.on('data', (d: Buffer) => {
        if (size < maxBody) chunks.push(d)
        size += d.length
      })
      res.on('end', () => {
        const code = res.statusCode ?? 0
        const body = Buffer.concat(chunks).toString('utf8').slice(0, maxBody)
        if (code >= 200 && code < 300) finish({result: 'success', output: body})
        else if (code >= 300 && code < 400) finish({result: 'success', output: `Probe terminated redirects, Response body: ${body}`})
        else finish({result: 'failure', output: `HTTP probe failed with statuscode: ${code}`})
      })
      res.on('error', (e) => finish({result: 'failure', output: `Get "${url}": ${e.message}`}))
    })
    const timer = setTimeout(() => {
      finish({result: 'failure', output: `Get "${url}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`})
      req.destroy()
    }, timeoutMs)
    req.on('error', (e: NodeJS.ErrnoException) => finish({result: 'failure', output: `Get "${url}": ${dialError(hostPort(host, port), e)}`}))
    req.end()
  })
}

/** tcpSocket: success when a connection opens. */
export function tcpProbe(t: ProbeTarget, port: IntOrString, hostOverride: string | undefined, timeoutMs: number): Promise<ProbeOutcome> {
  let p: number
  try {
    p = resolvePort(port, t.container)
  } catch (e) {
    return Promise.resolve({result: 'failure', output: (e as Error).message})
  }
  const host = hostOverride || t.host
  const addr = hostPort(host, p)
  return new Promise((resolve) => {
    const sock = net.connect({host, port: p})
    const timer = setTimeout(() => {
      sock.destroy()
      resolve({result: 'failure', output: `dial tcp ${addr}: i/o timeout`})
    }, timeoutMs)
    sock.once('connect', () => {
      clearTimeout(timer)
      sock.destroy()
      resolve({result: 'success', output: ''})
    })
    sock.once('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer)
      resolve({result: 'failure', output: dialError(addr, e)})
    })
  })
}

/** Runs whichever action the handler holds (grpc is not supported: answered as a failure). */
export async function runProbe(t: ProbeTarget, h: ProbeHandler, timeoutMs: number): Promise<ProbeOutcome> {
  if (h.exec) return execProbe(t, h.exec.command ?? [], timeoutMs)
  if (h.httpGet) return httpProbe(t, h.httpGet, timeoutMs)
  if (h.tcpSocket) return tcpProbe(t, h.tcpSocket.port, h.tcpSocket.host, timeoutMs)
  if (h.grpc) return {result: 'failure', output: 'grpc probes are not supported by this node'}
  return {result: 'error', output: 'missing probe handler'}
}
