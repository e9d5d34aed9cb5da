import type {KubeObject} from '../api/meta.js'
import {ApiError} from '../api/errors.js'
import {createThreeWayMergePatch, LAST_APPLIED_ANNOTATION as lastAppliedAnnotation} from '../api/patch/index.js'
import type {Client} from '../client/client.js'
import {clone} from '../util/json.js'
import {errorLine, CliError} from './errors.js'
import type {ManifestObject} from './manifests.js'
import {objectRef, resourceOf} from './resources.js'

/** Options of apply/create. */
export interface ApplyOptions {
  /** -n: namespace for objects that name none (and the namespace objects must match when they do) */
  namespace?: string
  dryRun?: boolean
  /** print lines here */
  out: (line: string) => void
  /** print errors here */
  err: (line: string) => void
}

/** The namespace an object goes to, refusing a clash between the manifest and -n as kubectl does. */
function targetNamespace(obj: KubeObject, namespaced: boolean, flagNs: string | undefined, fallback: string): string | undefined {
  if (!namespaced) return undefined
  const inObj = obj.metadata.namespace
  if (inObj && flagNs && inObj !== flagNs) {
    throw new CliError(`the namespace from the provided object "${inObj}" does not match the namespace "${flagNs}". You must pass '--namespace=${inObj}' to perform this operation.`)
  }
  return inObj || flagNs || fallback
}

/** The object as applied, with the last-applied-configuration annotation kubectl keeps (the object without it, as JSON). */
export function withLastApplied(obj: KubeObject): KubeObject {
  const bare = clone(obj)
  if (bare.metadata.annotations) {
    delete bare.metadata.annotations[lastAppliedAnnotation]
    if (Object.keys(bare.metadata.annotations).length === 0) delete bare.metadata.annotations
  }
  const modified = clone(bare)
  modified.metadata.annotations = {...(modified.metadata.annotations ?? {}), [lastAppliedAnnotation]: JSON.stringify(bare) + '\n'}
  return modified
}

/**
 * `apply -f`: creates each object that does not exist, otherwise patches it with a three-way strategic
 * merge (last applied, this manifest, the live object) — printing `kind/name created|configured|unchanged`.
 * Every object is tried; returns false when any failed (each failure printed as one line).
 */
export async function runApply(client: Client, objs: ManifestObject[], o: ApplyOptions): Promise<boolean> {
  let ok = true
  const suffix = o.dryRun ? ' (server dry run)' : ''
  for (const m of objs) {
    const name = m.obj.metadata.name
    try {
      const def = resourceOf(m.obj, m.source)
      if (!name) throw new CliError(`error when retrieving current configuration of "${m.source}" (document ${m.index + 1}): resource name may not be empty`)
      const ns = targetNamespace(m.obj, def.namespaced, o.namespace, client.defaultNamespace)
      const modified = withLastApplied(m.obj)
      if (ns) modified.metadata.namespace = ns
      let current: KubeObject | undefined
      try {
        current = await client.get(def, name, ns)
      } catch (e) {
        if (!(e instanceof ApiError && e.code === 404)) throw e
      }
      if (!current) {
        await client.create(def, modified, ns, {fieldManager: 'kubectl-client-side-apply', dryRun: o.dryRun, fieldValidation: 'Strict'})
        o.out(`${objectRef(def, name)} created${suffix}`)
        continue
      }
      const lastText = current.metadata.annotations?.[lastAppliedAnnotation]
      let last: KubeObject | undefined
      if (lastText) {
        try {
          last = JSON.parse(lastText) as KubeObject
        } catch {
          last = undefined
        }
      }
      const patch = createThreeWayMergePatch(def.kind, last, modified, current)
      if (Object.keys(patch).length === 0) {
        o.out(`${objectRef(def, name)} unchanged${suffix}`)
        continue
      }
      await client.patch(def, name, patch, 'strategic', ns, {fieldManager: 'kubectl-client-side-apply', dryRun: o.dryRun, fieldValidation: 'Strict'})
      o.out(`${objectRef(def, name)} configured${suffix}`)
    } catch (e) {
      ok = false
      if (e instanceof ApiError) o.err(`Error from server (${e.reason}): error when applying "${m.source}": ${e.message}`)
      else o.err(errorLine(e))
    }
  }
  return ok
}

/** `create -f`: POSTs each object; AlreadyExists and other failures are printed and make the result false. */
export async function runCreate(client: Client, objs: ManifestObject[], o: ApplyOptions): Promise<boolean> {
  let ok = true
  for (const m of objs) {
    try {
      const def = resourceOf(m.obj, m.source)
      const ns = targetNamespace(m.obj, def.namespaced, o.namespace, client.defaultNamespace)
      const body = clone(m.obj)
      if (ns) body.metadata.namespace = ns
      const created = await client.create(def, body, ns, {fieldManager: 'kubectl-create', dryRun: o.dryRun, fieldValidation: 'Strict'})
      o.out(`${objectRef(def, created.metadata.name ?? '')} created${o.dryRun ? ' (server dry run)' : ''}`)
    } catch (e) {
      ok = false
      if (e instanceof ApiError) o.err(`Error from server (${e.reason}): error when creating "${m.source}": ${e.message}`)
      else o.err(errorLine(e))
    }
  }
  return ok
}
