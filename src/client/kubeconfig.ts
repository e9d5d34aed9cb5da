/**
 * kubeconfig files as kubectl reads them: loading with the usual precedence (explicit path, then the
 * KUBECONFIG list merged first-wins, then the caller's default paths), resolution of one context into a
 * ClientConfig, and writing a single-cluster kubeconfig (mkube's admin and node credentials).
 */
import {existsSync, readFileSync} from 'node:fs'
import {delimiter, dirname, isAbsolute, resolve} from 'node:path'
import {parseYaml, plainYaml} from '../util/yaml.js'
import {writeFileAtomic} from '../pki/files.js'
import type {ClientConfig} from './config.js'

/** A cluster entry: where the API server is and how to trust it. */
export interface KubeconfigCluster {
  server: string
  'certificate-authority'?: string
  'certificate-authority-data'?: string
  'insecure-skip-tls-verify'?: boolean
  'tls-server-name'?: string
}

/** A user entry: credentials (bearer token or client certificate). */
export interface KubeconfigUser {
  token?: string
  tokenFile?: string
  'client-certificate'?: string
  'client-certificate-data'?: string
  'client-key'?: string
  'client-key-data'?: string
}

/** A context: a cluster, a user and a default namespace. */
export interface KubeconfigContext {
  cluster: string
  user: string
  namespace?: string
}

/** A kubeconfig file (apiVersion v1, kind Config). */
export interface Kubeconfig {
  apiVersion?: string
  kind?: string
  clusters?: {name: string; cluster: KubeconfigCluster}[]
  users?: {name: string; user: KubeconfigUser}[]
  contexts?: {name: string; context: KubeconfigContext}[]
  'current-context'?: string
  preferences?: Record<string, unknown>
}

/** Where to look for kubeconfig files. */
export interface LoadKubeconfigOptions {
  /** explicit file (--kubeconfig); must exist */
  kubeconfig?: string
  /** context to use instead of current-context (--context) */
  context?: string
  /** tried in order when neither an explicit path nor KUBECONFIG is given; the first existing one is used */
  defaultPaths?: string[]
  /** environment to read KUBECONFIG from (default process.env) */
  env?: Record<string, string | undefined>
}

const FILE_FIELDS: Record<string, string[]> = {
  clusters: ['certificate-authority'],
  users: ['tokenFile', 'client-certificate', 'client-key'],
}

/** Reads and parses one kubeconfig; relative file references are resolved against its directory. */
export function readKubeconfigFile(path: string): Kubeconfig {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    throw new Error(code === 'ENOENT' ? `kubeconfig file not found: ${path}` : `cannot read kubeconfig ${path}: ${(err as Error).message}`)
  }
  let doc: unknown
  try {
    doc = parseYaml(text)
  } catch (err) {
    throw new Error(`cannot parse kubeconfig ${path}: ${(err as Error).message.split('\n')[0]}`)
  }
  if (doc === null || doc === undefined) return {}
  if (typeof doc !== 'object' || Array.isArray(doc)) throw new Error(`cannot parse kubeconfig ${path}: not a mapping`)
  const kc = doc as Kubeconfig
  const base = dirname(resolve(path))
  for (const [section, fields] of Object.entries(FILE_FIELDS)) {
    const entries = (kc as Record<string, unknown>)[section]
    if (!Array.isArray(entries)) continue
    for (const e of entries) {
      const body = (e?.cluster ?? e?.user) as Record<string, unknown> | undefined
      if (!body) continue
      for (const f of fields) if (typeof body[f] === 'string' && body[f] && !isAbsolute(body[f] as string)) body[f] = resolve(base, body[f] as string)
    }
  }
  return kc
}

/** Merges kubeconfigs as kubectl does: for each named entry and for current-context, the first file wins. */
export function mergeKubeconfigs(files: Kubeconfig[]): Kubeconfig {
  const out: Kubeconfig = {apiVersion: 'v1', kind: 'Config', clusters: [], users: [], contexts: []}
  const firstWins = <E extends {name: string}>(into: E[], from: E[] | undefined) => {
    for (const e of from ?? []) if (e && typeof e.name === 'string' && !into.some((x) => x.name === e.name)) into.push(e)
  }
  for (const f of files) {
    firstWins(out.clusters!, f.clusters)
    firstWins(out.users!, f.users)
    firstWins(out.contexts!, f.contexts)
    if (!out['current-context'] && f['current-context']) out['current-context'] = f['current-context']
  }
  return out
}

/** The files loadKubeconfig reads, in precedence order (see LoadKubeconfigOptions). */
export function kubeconfigPaths(opts: LoadKubeconfigOptions = {}): string[] {
  if (opts.kubeconfig) {
    if (!existsSync(opts.kubeconfig)) throw new Error(`kubeconfig file not found: ${opts.kubeconfig}`)
    return [opts.kubeconfig]
  }
  const env = (opts.env ?? process.env).KUBECONFIG
  if (env) {
    const listed = env.split(delimiter).filter((p) => p !== '')
    const found = listed.filter((p) => existsSync(p))
    if (found.length === 0) throw new Error(`none of the kubeconfig files in KUBECONFIG exist: ${listed.join(', ')}`)
    return found
  }
  const defaults = opts.defaultPaths ?? []
  const first = defaults.find((p) => existsSync(p))
  if (!first) {
    const tried = defaults.length ? ` (looked for ${defaults.join(', ')})` : ''
    throw new Error(`no kubeconfig found${tried}; pass --kubeconfig or set KUBECONFIG`)
  }
  return [first]
}

/** Loads the merged kubeconfig per LoadKubeconfigOptions, with the files it came from. */
export function loadKubeconfigFiles(opts: LoadKubeconfigOptions = {}): {config: Kubeconfig; paths: string[]} {
  const paths = kubeconfigPaths(opts)
  return {config: mergeKubeconfigs(paths.map(readKubeconfigFile)), paths}
}

function fileOrData(data: string | undefined, file: string | undefined, what: string): string | undefined {
  if (data) return Buffer.from(data, 'base64').toString('utf8')
  if (!file) return undefined
  try {
    return readFileSync(file, 'utf8')
  } catch (err) {
    throw new Error(`cannot read ${what} ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`)
  }
}

/** Resolves one context of a (merged) kubeconfig into a ClientConfig, reading referenced files. */
export function resolveContext(kc: Kubeconfig, contextName?: string): ClientConfig {
  const name = contextName || kc['current-context']
  if (!name) throw new Error('no current context is set in the kubeconfig; pass --context')
  const ctx = kc.contexts?.find((c) => c.name === name)?.context
  if (!ctx) throw new Error(`context "${name}" not found in the kubeconfig`)
  const cluster = kc.clusters?.find((c) => c.name === ctx.cluster)?.cluster
  if (!cluster) throw new Error(`cluster "${ctx.cluster}" of context "${name}" not found in the kubeconfig`)
  if (!cluster.server) throw new Error(`cluster "${ctx.cluster}" has no server`)
  let user: KubeconfigUser = {}
  if (ctx.user) {
    const u = kc.users?.find((x) => x.name === ctx.user)?.user
    if (!u) throw new Error(`user "${ctx.user}" of context "${name}" not found in the kubeconfig`)
    user = u
  }
  const tokenFromFile = user.token ? undefined : fileOrData(undefined, user.tokenFile, 'tokenFile')?.trim()
  return {
    server: cluster.server,
    caPem: fileOrData(cluster['certificate-authority-data'], cluster['certificate-authority'], 'certificate-authority'),
    insecure: cluster['insecure-skip-tls-verify'] || undefined,
    tlsServerName: cluster['tls-server-name'],
    token: user.token || tokenFromFile || undefined,
    certPem: fileOrData(user['client-certificate-data'], user['client-certificate'], 'client-certificate'),
    keyPem: fileOrData(user['client-key-data'], user['client-key'], 'client-key'),
    namespace: ctx.namespace || 'default',
    context: name,
  }
}

/** Loads kubeconfig files (explicit path, KUBECONFIG, defaults) and resolves the chosen context. */
export function loadKubeconfig(opts: LoadKubeconfigOptions = {}): ClientConfig {
  return resolveContext(loadKubeconfigFiles(opts).config, opts.context)
}

/** What writeKubeconfig puts in the file: one cluster, one user, one context (named after the cluster unless given). */
export interface WriteKubeconfigOptions {
  clusterName: string
  server: string
  caPem?: string
  token?: string
  /** client certificate credentials instead of (or besides) a token */
  certPem?: string
  keyPem?: string
  user: string
  namespace?: string
  /** context name; default clusterName */
  context?: string
  insecure?: boolean
}

/** Builds a single-context kubeconfig document (pure). */
export function buildKubeconfig(o: WriteKubeconfigOptions): Kubeconfig {
  const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64')
  const cluster: KubeconfigCluster = {server: o.server}
  if (o.caPem) cluster['certificate-authority-data'] = b64(o.caPem)
  if (o.insecure) cluster['insecure-skip-tls-verify'] = true
  const user: KubeconfigUser = {}
  if (o.token) user.token = o.token
  if (o.certPem) user['client-certificate-data'] = b64(o.certPem)
  if (o.keyPem) user['client-key-data'] = b64(o.keyPem)
  const context: KubeconfigContext = {cluster: o.clusterName, user: o.user}
  if (o.namespace) context.namespace = o.namespace
  const ctxName = o.context ?? o.clusterName
  return {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{name: o.clusterName, cluster}],
    users: [{name: o.user, user}],
    contexts: [{name: ctxName, context}],
    'current-context': ctxName,
    preferences: {},
  }
}

/** Writes a kubeconfig (YAML, mode 0600, atomically). */
export async function writeKubeconfig(path: string, o: WriteKubeconfigOptions): Promise<void> {
  await writeFileAtomic(path, plainYaml(buildKubeconfig(o)), 0o600)
}

/** Writes a whole kubeconfig document (YAML, mode 0600, atomically), e.g. after `config use-context`. */
export async function saveKubeconfig(path: string, doc: Kubeconfig): Promise<void> {
  await writeFileAtomic(path, plainYaml(doc), 0o600)
}
