import type {IncomingMessage, ServerResponse} from 'node:http'
import type {KubeObject} from '../api/meta.js'
import type {ResourceDef} from '../api/resource.js'
import {ApiError, badRequest, conflict, forbidden, invalid, notFound, cause} from '../api/errors.js'
import {formatLabelSelector} from '../api/selectors/index.js'
import {clone, getPath, isObject, setPath} from '../util/json.js'
import {nowRfc3339} from '../util/time.js'
import type {RequestInfo} from './request-info.js'
import type {GenericRegistry} from './rest/generic.js'
import type {RequestContext} from './rest/types.js'
import {admitServiceAccount, createTokenRequest, type TokenIssuer} from './serviceaccounts/index.js'
import type {Pod} from '../api/types/pod.js'
import {NamespaceCache} from './nscache.js'

/** Handler for subresources served elsewhere (pods/log, pods/exec: proxied to the kubelet once nodes exist). */
export type OtherSubresourceHandler = (req: IncomingMessage, res: ServerResponse, info: RequestInfo, query: URLSearchParams, reg: GenericRegistry, ctx: RequestContext) => Promise<void>

interface Scale extends KubeObject {
  spec: {replicas?: number}
  status: {replicas: number; selector?: string}
}

/**
 * Subresources: scale (deployments, replicasets), binding and eviction (pods), finalize (namespaces), and
 * the namespace lifecycle admission check of creates. Owned by the API server; uses registries only.
 */
export class Subresources {
  /** registries by resource plural, for cross-resource checks (namespaces) */
  constructor(
    private readonly registries: Map<string, GenericRegistry>,
    private readonly otherHandler?: OtherSubresourceHandler,
    /** signs service-account tokens; when set, pods get their service account's token volume on create */
    private readonly issuer?: TokenIssuer,
  ) {
    this.namespaces = new NamespaceCache(registries.get('namespaces')!)
  }

  private readonly namespaces: NamespaceCache

  /** Stops the namespace cache's watch (server shutdown). */
  close(): void {
    this.namespaces.stop()
  }

  /** POST serviceaccounts/<name>/token: a TokenRequest answered with a signed, bound token. */
  async token(ns: string, name: string, body: unknown, ctx: RequestContext): Promise<unknown> {
    if (!this.issuer) throw notFound('serviceaccounts/token', name)
    return createTokenRequest({issuer: this.issuer, registries: this.registries}, ns, name, body, ctx.user)
  }

  /**
   * Admission of creates: namespace lifecycle (the namespace must exist and not be terminating), then for
   * pods the ServiceAccount plugin (the account must exist; its token is mounted). Returns the body to store.
   */
  async admitCreate(def: ResourceDef, ns: string, body: unknown, ctx: RequestContext): Promise<unknown> {
    await this.admitNamespace(def, ns, body)
    if (def.resource === 'pods' && this.issuer && isObject(body) && !ctx.dryRun) return admitServiceAccount(body as unknown as Pod, ns, this.registries)
    return body
  }

  private async admitNamespace(def: ResourceDef, ns: string, body: unknown): Promise<void> {
    if (!def.namespaced) return
    const nsObj = await this.namespaces.get(ns)
    if (!nsObj) throw notFound('namespaces', ns)
    if (nsObj.metadata.deletionTimestamp || (nsObj.status as {phase?: string} | undefined)?.phase === 'Terminating') {
      const name = isObject(body) && isObject(body.metadata) ? String(body.metadata.name ?? body.metadata.generateName ?? '') : ''
      throw forbidden(`${def.resource} "${name}" is forbidden: unable to create new content in namespace ${ns} because it is being terminated`, {kind: def.resource, name})
    }
  }

  /** The autoscaling/v1 Scale view of a scalable object. */
  toScale(reg: GenericRegistry, obj: KubeObject): Scale {
    const s = reg.def.scale
    if (!s) throw notFound(`${reg.def.resource}/scale`, obj.metadata.name ?? '')
    const sel = getPath(obj, s.selectorPath)
    return {
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      metadata: {
        name: obj.metadata.name,
        namespace: obj.metadata.namespace,
        uid: obj.metadata.uid,
        resourceVersion: obj.metadata.resourceVersion,
        creationTimestamp: obj.metadata.creationTimestamp,
      },
      spec: {replicas: Number(getPath(obj, s.specReplicasPath) ?? 0)},
      status: {replicas: Number(getPath(obj, s.statusReplicasPath) ?? 0), selector: isObject(sel) ? formatLabelSelector(sel as never) : ''},
    }
  }

  private async writeScale(reg: GenericRegistry, ns: string, name: string, ctx: RequestContext, build: (scale: Scale) => Scale | Promise<Scale>): Promise<Scale> {
    const s = reg.def.scale
    if (!s) throw notFound(`${reg.def.resource}/scale`, name)
    let out: KubeObject | undefined
    for (let attempt = 0; ; attempt++) {
      const cur = await reg.get(ns, name)
      const scale = await build(this.toScale(reg, cur))
      if (!isObject(scale) || !isObject(scale.spec)) throw badRequest('a Scale must have a spec')
      const replicas = scale.spec.replicas
      if (replicas !== undefined && (!Number.isInteger(replicas) || replicas < 0)) {
        throw invalid('Scale', name, [cause.invalid('spec.replicas', replicas, 'must be greater than or equal to 0')], 'autoscaling')
      }
      const rv = scale.metadata?.resourceVersion
      if (rv && rv !== cur.metadata.resourceVersion) {
        throw conflict(reg.def.resource, name, 'the object has been modified; please apply your changes to the latest version and try again', reg.def.group || undefined)
      }
      const next = clone(cur)
      setPath(next as Record<string, unknown>, s.specReplicasPath, replicas ?? 0)
      try {
        out = await reg.applyUpdate(cur, next, ctx)
        break
      } catch (e) {
        if (e instanceof ApiError && e.reason === 'Conflict' && !rv && attempt < 10) continue
        throw e
      }
    }
    return this.toScale(reg, out!)
  }

  /** PUT …/scale. */
  updateScale(reg: GenericRegistry, ns: string, name: string, body: unknown, ctx: RequestContext): Promise<Scale> {
    if (!isObject(body)) throw badRequest('the request body must be a Scale object')
    return this.writeScale(reg, ns, name, ctx, () => body as unknown as Scale)
  }

  /** PATCH …/scale: the patch applies to the Scale view. */
  patchScale(reg: GenericRegistry, ns: string, name: string, patch: (s: KubeObject) => KubeObject, ctx: RequestContext): Promise<Scale> {
    return this.writeScale(reg, ns, name, ctx, (s) => patch(s) as Scale)
  }

  /** POST pods/<name>/binding: assigns the pod to a node once (409 when already assigned). */
  async bind(reg: GenericRegistry, ns: string, name: string, body: unknown, ctx: RequestContext): Promise<unknown> {
    if (reg.def.resource !== 'pods') throw notFound(`${reg.def.resource}/binding`, name)
    if (!isObject(body) || !isObject(body.target)) throw badRequest('a Binding must have a target')
    const target = body.target as {kind?: string; name?: string}
    const bname = isObject(body.metadata) ? (body.metadata.name as string | undefined) : undefined
    if (bname && bname !== name) throw badRequest(`the name of the object (${bname}) does not match the name on the URL (${name})`)
    if (target.kind && target.kind !== 'Node') throw invalid('Binding', name, [cause.notSupported('target.kind', target.kind, ['Node'])])
    if (!target.name) throw invalid('Binding', name, [cause.required('target.name')])
    const buid = isObject(body.metadata) ? (body.metadata.uid as string | undefined) : undefined
    await reg.mutate(ns, name, ctx, 'binding', (pod) => {
      if (buid && buid !== pod.metadata.uid) throw conflict('pods', name, `Precondition failed: UID in precondition: ${buid}, UID in object meta: ${pod.metadata.uid}`)
      const spec = (pod.spec ?? {}) as {nodeName?: string}
      if (pod.metadata.deletionTimestamp) throw conflict('pods', name, 'pod is being deleted, cannot be assigned to a host')
      if (spec.nodeName) throw conflict('pods', name, `pod ${name} is already assigned to node "${spec.nodeName}"`)
      spec.nodeName = target.name
      pod.spec = spec
      const status = (pod.status ?? {}) as {conditions?: {type: string; status: string; lastTransitionTime?: string; lastProbeTime?: null}[]}
      const conds = (status.conditions ?? []).filter((c) => c.type !== 'PodScheduled')
      conds.push({type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: nowRfc3339()})
      status.conditions = conds
      pod.status = status
      return pod
    })
    return {kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201}
  }

  /** POST pods/<name>/eviction: a delete honouring the eviction's DeleteOptions (no disruption budgets yet). */
  async evict(reg: GenericRegistry, ns: string, name: string, body: unknown, ctx: RequestContext): Promise<unknown> {
    if (reg.def.resource !== 'pods') throw notFound(`${reg.def.resource}/eviction`, name)
    const opts = isObject(body) && isObject(body.deleteOptions) ? body.deleteOptions : {}
    await reg.delete(ns, name, opts, ctx)
    return {kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201}
  }

  /** PUT namespaces/<name>/finalize: only spec.finalizers change (the namespace controller removes 'kubernetes'). */
  async finalize(reg: GenericRegistry, name: string, body: unknown, ctx: RequestContext): Promise<KubeObject> {
    if (!isObject(body)) throw badRequest('the request body must be a Namespace')
    const wanted = (isObject(body.spec) ? body.spec.finalizers : undefined) as string[] | undefined
    return reg.mutate('', name, ctx, 'finalize', (cur) => {
      const spec = (cur.spec ?? {}) as {finalizers?: string[]}
      spec.finalizers = wanted ?? []
      cur.spec = spec
      return cur
    })
  }

  /** Everything else (log, exec, attach, portforward, proxy …). */
  other(req: IncomingMessage, res: ServerResponse, info: RequestInfo, query: URLSearchParams, reg: GenericRegistry, ctx: RequestContext): Promise<void> {
    if (this.otherHandler && reg.def.subresources.includes(info.subresource)) return this.otherHandler(req, res, info, query, reg, ctx)
    throw notFound(`${reg.def.resource}/${info.subresource}`, info.name, reg.def.group || undefined)
  }
}
