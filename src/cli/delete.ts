import type {DeleteOptions, KubeObject} from '../api/meta.js'
import {ApiError} from '../api/errors.js'
import type {ResourceDef} from '../api/resource.js'
import type {Client} from '../client/client.js'
import {CliError, errorLine} from './errors.js'
import type {ManifestObject} from './manifests.js'
import {parseResourceArgs, qualifiedKind, resourceOf} from './resources.js'

/** Options of `delete`. */
export interface DeleteCliOptions {
  namespace?: string
  allNamespaces?: boolean
  selector?: string
  all: boolean
  ignoreNotFound: boolean
  /** seconds; undefined = the object's default */
  gracePeriod?: number
  force: boolean
  /** background | foreground | orphan */
  cascade: string
  /** wait until the objects are gone (kubectl's default) */
  wait: boolean
  /** how long to wait, ms (0 = forever) */
  timeoutMs: number
  out: (line: string) => void
  err: (line: string) => void
}

interface Target {
  def: ResourceDef
  name: string
  ns?: string
}

function deleteOptions(o: DeleteCliOptions): DeleteOptions {
  const policy = ({background: 'Background', foreground: 'Foreground', orphan: 'Orphan'} as const)[o.cascade as 'background']
  if (!policy) throw new CliError(`invalid cascade value (${o.cascade}). Must be "background", "foreground", or "orphan".`)
  const opts: DeleteOptions = {propagationPolicy: policy}
  // as kubectl: --grace-period=0 without --force means 1 s; --force alone means immediate removal
  if (o.gracePeriod !== undefined && o.gracePeriod >= 0) opts.gracePeriodSeconds = o.gracePeriod === 0 && !o.force ? 1 : o.gracePeriod
  else if (o.force) opts.gracePeriodSeconds = 0
  return opts
}

/** Resolves when `name` with `uid` is gone (watching by field selector, as kubectl delete --wait does). */
export async function waitGone(client: Client, t: Target, uid: string | undefined, timeoutMs: number): Promise<void> {
  const deadline = timeoutMs > 0 ? Date.now() + timeoutMs : Infinity
  for (;;) {
    let cur: KubeObject
    try {
      cur = await client.get(t.def, t.name, t.ns)
    } catch (e) {
      if (e instanceof ApiError && e.code === 404) return
      throw e
    }
    if (uid && cur.metadata.uid !== uid) return
    const left = deadline - Date.now()
    if (left <= 0) throw new CliError(`timed out waiting for the deletion of ${qualifiedKind(t.def)} "${t.name}"`)
    await new Promise<void>((resolve, reject) => {
      const handle = client.watch(t.def, {namespace: t.ns, resourceVersion: cur.metadata.resourceVersion, fieldSelector: `metadata.name=${t.name}`, timeoutSeconds: Math.max(1, Math.min(60, Math.ceil(left / 1000)))}, (ev) => {
        if (ev.type === 'DELETED') handle.stop()
      })
      handle.done.then(resolve, (e) => (e instanceof ApiError && e.code === 410 ? resolve() : reject(e)))
    })
  }
}

/** `delete`: by TYPE NAME…, TYPE/NAME, -f manifests, -l selector or --all. Returns false if any failed. */
export async function runDelete(client: Client, args: string[], files: ManifestObject[] | undefined, o: DeleteCliOptions): Promise<boolean> {
  const opts = deleteOptions(o)
  const targets: Target[] = []
  if (files) {
    if (args.length) throw new CliError('resource types and names cannot be combined with -f')
    for (const m of files) {
      const def = resourceOf(m.obj, m.source)
      const ns = def.namespaced ? m.obj.metadata.namespace || o.namespace || client.defaultNamespace : undefined
      targets.push({def, name: m.obj.metadata.name ?? '', ns})
    }
  } else {
    const groups = parseResourceArgs(args)
    for (const {def, names} of groups) {
      const ns = def.namespaced ? (o.allNamespaces ? undefined : o.namespace || client.defaultNamespace) : undefined
      if (names.length) {
        if (o.selector || o.all) throw new CliError('names cannot be provided when a selector or --all is specified')
        for (const name of names) targets.push({def, name, ns})
      } else if (o.selector || o.all) {
        const list = await client.list(def, {namespace: ns, labelSelector: o.selector})
        for (const it of list.items) targets.push({def, name: it.metadata.name ?? '', ns: def.namespaced ? it.metadata.namespace : undefined})
      } else {
        throw new CliError('resource(s) were provided, but no name was specified')
      }
    }
    if (targets.length === 0) {
      const where = o.namespace || client.defaultNamespace
      o.err(`No resources found in ${where} namespace.`)
      return true
    }
  }
  let ok = true
  const waits: Promise<void>[] = []
  for (const t of targets) {
    try {
      const res = (await client.delete(t.def, t.name, t.ns, opts)) as KubeObject
      o.out(`${qualifiedKind(t.def)} "${t.name}" deleted`)
      if (o.wait) {
        const uid = (res as {metadata?: {uid?: string}}).metadata?.uid ?? (res as {details?: {uid?: string}}).details?.uid
        waits.push(waitGone(client, t, uid, o.timeoutMs).catch((e) => {
          ok = false
          o.err(errorLine(e))
        }))
      }
    } catch (e) {
      if (e instanceof ApiError && e.code === 404 && o.ignoreNotFound) continue
      ok = false
      o.err(errorLine(e))
    }
  }
  await Promise.all(waits)
  return ok
}
