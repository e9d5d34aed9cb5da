/**
 * Finding (or starting) the podman API service the podman runtime talks to for its frequent calls.
 *
 * Order (mode 'auto'): a unix socket named by CONTAINER_HOST; the system service's socket
 * (/run/podman/podman.sock for root, $XDG_RUNTIME_DIR/podman/podman.sock otherwise; only when the
 * runtime uses the plain `podman` binary without extra environment, since a custom binary or
 * environment may point at other storage); else a private service mkube starts itself:
 * `podman system service --time=60 unix://<run dir>/mkube/podman-<hash>.sock`, detached. That
 * service exits by itself after 60 s without requests (a node relists every few seconds, so it lives
 * as long as a node uses it; nobody has to stop it, and a node killed with SIGKILL leaves nothing
 * running for long). Any node using the same binary and environment shares it.
 */
import {spawn} from 'node:child_process'
import {createHash} from 'node:crypto'
import {existsSync, mkdirSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {LibpodClient} from './libpod.js'

/** How the podman runtime reaches the API: 'auto' (find or start a service), 'off' (CLI only), or a socket path. */
export type PodmanApiMode = 'auto' | 'off' | string

/** Inputs of locatePodmanApi (set by the podman runtime from its options). */
export interface PodmanApiLocateOptions {
  mode: PodmanApiMode
  binary: string
  /** the runtime's extra environment for podman (undefined: none) */
  env?: Record<string, string>
  /** process environment to read CONTAINER_HOST / XDG_RUNTIME_DIR from (default process.env) */
  processEnv?: NodeJS.ProcessEnv
  /** seconds the private service lives without requests (default 60) */
  idleSeconds?: number
  /** how long to wait for a started service to answer (default 10 s) */
  startTimeoutMs?: number
}

/** The result: a client on a working socket, or null and why (the runtime then uses the CLI). */
export type PodmanApiLocation = {client: LibpodClient; source: string} | {client: null; reason: string}

/** Socket paths to try before starting a service, in order (pure). */
export function candidateSockets(o: Pick<PodmanApiLocateOptions, 'mode' | 'binary' | 'env' | 'processEnv'>, uid: number): string[] {
  if (o.mode === 'off') return []
  if (o.mode !== 'auto') return [o.mode]
  const env = {...(o.processEnv ?? process.env), ...(o.env ?? {})}
  const out: string[] = []
  const host = env.CONTAINER_HOST ?? ''
  if (host.startsWith('unix://')) out.push(host.slice('unix://'.length))
  if (o.binary === 'podman' && !o.env) {
    if (uid === 0) out.push('/run/podman/podman.sock')
    else if (env.XDG_RUNTIME_DIR) out.push(join(env.XDG_RUNTIME_DIR, 'podman', 'podman.sock'))
  }
  return out
}

/** The private service's socket path for a binary and environment (pure). */
export function privateSocketPath(binary: string, env: Record<string, string> | undefined, uid: number, processEnv: NodeJS.ProcessEnv = process.env): string {
  const hash = createHash('sha256')
    .update(JSON.stringify([binary, env ?? {}]))
    .digest('hex')
    .slice(0, 12)
  const base = uid === 0 ? '/run' : processEnv.XDG_RUNTIME_DIR || tmpdir()
  return join(base, uid === 0 ? 'mkube' : `mkube-${uid}`, `podman-${hash}.sock`)
}

/** In-process: one start per socket path at a time. */
const starting = new Map<string, Promise<boolean>>()

/** Finds a working podman API socket, starting a private service when none answers (mode 'auto'). */
export async function locatePodmanApi(o: PodmanApiLocateOptions): Promise<PodmanApiLocation> {
  if (o.mode === 'off') return {client: null, reason: 'the podman API is turned off'}
  const uid = process.getuid?.() ?? 0
  for (const path of candidateSockets(o, uid)) {
    if (!existsSync(path)) continue
    const client = new LibpodClient({socketPath: path})
    if (await client.ping()) return {client, source: path}
    client.close()
  }
  if (o.mode !== 'auto') return {client: null, reason: `no podman API answers at ${o.mode}`}
  const path = privateSocketPath(o.binary, o.env, uid, o.processEnv)
  const client = new LibpodClient({socketPath: path})
  if (existsSync(path) && (await client.ping())) return {client, source: path}
  let pending = starting.get(path)
  if (!pending) {
    pending = startService(o, path, client).finally(() => starting.delete(path))
    starting.set(path, pending)
  }
  if (await pending) return {client, source: `${path} (started by mkube)`}
  client.close()
  return {client: null, reason: `\`${o.binary} system service\` did not answer on ${path}`}
}

async function startService(o: PodmanApiLocateOptions, path: string, client: LibpodClient): Promise<boolean> {
  try {
    mkdirSync(join(path, '..'), {recursive: true, mode: 0o700})
    const child = spawn(o.binary, ['system', 'service', `--time=${o.idleSeconds ?? 60}`, `unix://${path}`], {
      detached: true,
      stdio: 'ignore',
      env: o.env ? {...process.env, ...o.env} : process.env,
    })
    let exited = false
    child.on('error', () => (exited = true))
    child.on('exit', () => (exited = true))
    child.unref()
    const deadline = Date.now() + (o.startTimeoutMs ?? 10_000)
    while (Date.now() < deadline && !exited) {
      if (existsSync(path) && (await client.ping())) return true
      await new Promise(r => setTimeout(r, 25))
    }
    // also when this service exited at once: another process may have started one on the same path first
    return await client.ping()
  } catch {
    return false
  }
}
