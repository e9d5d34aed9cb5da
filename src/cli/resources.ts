import type {KubeObject} from '../api/meta.js'
import type {ResourceDef} from '../api/resource.js'
import {resolveResourceName, resourceForKind} from '../api/registry.js'
import {CliError} from './errors.js'

/** How kubectl names a kind in its output: `pod`, `deployment.apps`. */
export function qualifiedKind(def: ResourceDef): string {
  const k = def.kind.toLowerCase()
  return def.group ? `${k}.${def.group}` : k
}

/** `deployment.apps/web`: the name kubectl prints for an object (-o name, apply/create/delete results). */
export function objectRef(def: ResourceDef, name: string): string {
  return `${qualifiedKind(def)}/${name}`
}

/** Resolves a resource argument (pods, po, pod, Pod, deployments.apps, deploy) or fails like kubectl. */
export function resolveResource(arg: string): ResourceDef {
  const def = resolveResourceName(arg)
  if (!def) throw new CliError(`the server doesn't have a resource type "${arg}"`)
  return def
}

/** The resource of a manifest object (by apiVersion and kind), or a kubectl-worded error. */
export function resourceOf(obj: KubeObject, source?: string): ResourceDef {
  const def = resourceForKind(String(obj.apiVersion), String(obj.kind))
  if (!def) {
    const where = source ? ` from "${source}"` : ''
    throw new CliError(`resource mapping not found for name: "${obj.metadata?.name ?? ''}" namespace: "${obj.metadata?.namespace ?? ''}"${where}: no matches for kind "${obj.kind}" in version "${obj.apiVersion}"`)
  }
  return def
}

/**
 * Splits `get`-style arguments into (resource, names) groups: `pods a b`, `pods,svc`, `pod/a svc/b`.
 */
export function parseResourceArgs(args: string[]): {def: ResourceDef; names: string[]}[] {
  if (args.length === 0) throw new CliError('You must specify the type of resource to get. Use "mkube api-resources" for a complete list of supported resources.')
  if (args.some((a) => a.includes('/'))) {
    const out: {def: ResourceDef; names: string[]}[] = []
    for (const a of args) {
      const i = a.indexOf('/')
      if (i <= 0 || i === a.length - 1) throw new CliError(`there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'mkube get resource/<resource_name>' instead of 'mkube get resource resource/<resource_name>'`)
      const def = resolveResource(a.slice(0, i))
      const prev = out.find((o) => o.def === def)
      if (prev) prev.names.push(a.slice(i + 1))
      else out.push({def, names: [a.slice(i + 1)]})
    }
    return out
  }
  const [types, ...names] = args
  const defs = types.split(',').filter(Boolean).map(resolveResource)
  if (defs.length > 1 && names.length) throw new CliError('names cannot be given with several resource types; use TYPE/NAME form')
  return defs.map((def) => ({def, names}))
}
