import type {IncomingMessage, ServerResponse} from 'node:http'
import type {DeleteOptions, KubeObject} from '../api/meta.js'
import type {ResourceDef} from '../api/resource.js'
import {groupVersionOf} from '../api/registry.js'
import {ApiError, badRequest, methodNotAllowed, notAcceptable, notFound, unsupportedMediaType} from '../api/errors.js'
import {tableFor} from '../api/printers/index.js'
import {applyJsonPatch, applyMergePatch, applyStrategicMergePatch, PatchError} from '../api/patch/index.js'
import {isObject} from '../util/json.js'
import {buildFilter, watchTrigger} from './filters.js'
import {parseJsonBody, readBody, readBodyBytes, sendJsonList, sendObject, successStatus} from './http.js'
import {PROTOBUF_MEDIA_TYPE, protobufBodyToJson} from './protobuf/body.js'
import {negotiate, type Representation} from './negotiate.js'
import type {RequestInfo} from './request-info.js'
import type {GenericRegistry} from './rest/generic.js'
import type {RequestContext} from './rest/types.js'
import {serveWatch} from './watch.js'
import {checkBodyFields, checkPatchedFields, fieldValidationMode} from './fieldvalidation.js'
import type {Subresources} from './subresources.js'

/** Turns objects into the representation the client asked for (object, Table, PartialObjectMetadata). */
export function represent(resource: string, rep: Representation, items: KubeObject[], list: boolean, rv: string, includeObject: string | null): unknown {
  if (rep.as === 'table') {
    const t = tableFor(resource, items, {includeObject: (includeObject as 'None' | 'Object' | 'Metadata' | null) ?? 'Metadata'})
    t.metadata = {resourceVersion: rv}
    return t
  }
  if (rep.as === 'partial') {
    const partial = items.map((o) => ({kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata}))
    return list ? {kind: 'PartialObjectMetadataList', apiVersion: 'meta.k8s.io/v1', metadata: {resourceVersion: rv}, items: partial} : partial[0]
  }
  return list ? undefined : items[0]
}

/**
 * Answers a list in JSON from the stored texts, a chunk of objects at a time: an unfiltered list sends the
 * texts as they are; a filter parses each object only to test it; a Table or PartialObjectMetadataList is
 * built chunk by chunk. So a list of 30,000 pods never holds every pod parsed, nor one giant string.
 */
async function sendJsonListOf(
  res: ServerResponse,
  def: ResourceDef,
  reg: GenericRegistry,
  ns: string,
  rep: Representation,
  filter: ((o: KubeObject) => boolean) | undefined,
  includeObject: string | null,
): Promise<void> {
  const {values, revision} = await reg.listJson(ns)
  const rv = String(revision)
  if (rep.as === 'json') {
    const gv = groupVersionOf(def)
    const texts = filter ? values.filter((v) => filter(JSON.parse(v) as KubeObject)) : values
    return sendJsonList(res, {kind: def.listKind, apiVersion: gv, metadata: {resourceVersion: rv}}, texts)
  }
  // table rows or partial items, converted a chunk at a time; the envelope comes from an empty conversion
  const key = rep.as === 'table' ? 'rows' : 'items'
  const {[key]: _none, ...head} = represent(def.resource, rep, [], true, rv, includeObject) as Record<string, unknown>
  const texts: string[] = []
  const chunk = 500
  for (let i = 0; i < values.length; i += chunk) {
    let objs = values.slice(i, i + chunk).map((v) => JSON.parse(v) as KubeObject)
    if (filter) objs = objs.filter(filter)
    if (objs.length === 0) continue
    const shaped = represent(def.resource, rep, objs, true, rv, includeObject) as Record<string, unknown[]>
    for (const x of shaped[key]) texts.push(JSON.stringify(x))
  }
  return sendJsonList(res, head, texts, key)
}

/** Reads the patch type from Content-Type; 415 for what is not supported. */
export function patchType(contentType: string | undefined): 'json' | 'merge' | 'strategic' {
  const ct = (contentType ?? '').split(';')[0].trim().toLowerCase()
  switch (ct) {
    case 'application/json-patch+json':
      return 'json'
    case 'application/merge-patch+json':
      return 'merge'
    case 'application/strategic-merge-patch+json':
      return 'strategic'
    case 'application/apply-patch+yaml':
      throw unsupportedMediaType('the server does not support server-side apply (application/apply-patch+yaml); use client-side apply')
    default:
      throw unsupportedMediaType(`the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json`)
  }
}

/** Applies a parsed patch document of the given type to an object. PatchErrors become 422/400 Status errors. */
export function applyPatch(kind: string, type: 'json' | 'merge' | 'strategic', obj: KubeObject, patch: unknown): KubeObject {
  try {
    switch (type) {
      case 'json':
        if (!Array.isArray(patch)) throw badRequest('a JSON patch must be an array of operations')
        return applyJsonPatch(obj, patch) as KubeObject
      case 'merge':
        if (!isObject(patch)) throw badRequest('a merge patch must be a JSON object')
        return applyMergePatch(obj, patch) as KubeObject
      case 'strategic':
        if (!isObject(patch)) throw badRequest('a strategic merge patch must be a JSON object')
        return applyStrategicMergePatch(kind, obj, patch) as KubeObject
    }
  } catch (e) {
    if (e instanceof PatchError) throw e.toApiError()
    throw e
  }
}

/** Parses DeleteOptions from the body (if any) and the query (gracePeriodSeconds, propagationPolicy, dryRun). */
export function deleteOptions(body: string, query: URLSearchParams): DeleteOptions {
  let opts: DeleteOptions = {}
  if (body.trim()) {
    const parsed = parseJsonBody(body)
    if (!isObject(parsed)) throw badRequest('DeleteOptions must be a JSON object')
    opts = parsed as DeleteOptions
  }
  const g = query.get('gracePeriodSeconds')
  if (g !== null) {
    const n = Number(g)
    if (!Number.isInteger(n)) throw badRequest(`invalid gracePeriodSeconds: ${g}`)
    opts.gracePeriodSeconds = n
  }
  const p = query.get('propagationPolicy')
  if (p) opts.propagationPolicy = p as DeleteOptions['propagationPolicy']
  if (opts.propagationPolicy && !['Orphan', 'Background', 'Foreground'].includes(opts.propagationPolicy)) {
    throw badRequest(`invalid propagationPolicy: ${opts.propagationPolicy}`)
  }
  return opts
}

/** Serves every verb on one resource (and its status/scale/binding/finalize subresources). */
export async function handleResource(
  req: IncomingMessage,
  res: ServerResponse,
  info: RequestInfo,
  query: URLSearchParams,
  reg: GenericRegistry,
  sub: Subresources,
  ctx: RequestContext,
): Promise<void> {
  const def = reg.def
  const rep = negotiate(req.headers.accept)
  if (!rep) throw notAcceptable('only application/json and application/yaml are served (protobuf and CBOR are not)')
  const ns = def.namespaced ? info.namespace : ''
  if (!def.namespaced && info.namespace) throw notFound(def.resource, info.name || info.namespace, def.group || undefined)
  if (info.subresource && !['status', 'scale', 'binding', 'finalize', 'eviction', 'token'].includes(info.subresource)) {
    return sub.other(req, res, info, query, reg, ctx)
  }
  if (info.subresource && !def.subresources.includes(info.subresource)) {
    throw notFound(`${def.resource}/${info.subresource}`, info.name, def.group || undefined)
  }
  const ct = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase()
  if ((info.verb === 'create' || info.verb === 'update') && ct && ct !== 'application/json' && ct !== '*/*' && ct !== PROTOBUF_MEDIA_TYPE) {
    throw unsupportedMediaType(`the body of the request was in an unknown format - accepted media types include: application/json, ${PROTOBUF_MEDIA_TYPE} (${ct} is not supported)`)
  }
  // client-go's typed clients send protobuf: decoded into the JSON every handler reads
  const readText = () => (ct === PROTOBUF_MEDIA_TYPE ? readBodyBytes(req).then(protobufBodyToJson) : readBody(req))
  const send = (code: number, obj: KubeObject) => sendObject(res, code, represent(def.resource, rep, [obj], false, obj.metadata.resourceVersion ?? '', query.get('includeObject')) ?? obj, rep.encoding)

  switch (info.verb) {
    case 'get': {
      if (info.subresource === 'scale') return sendObject(res, 200, sub.toScale(reg, await reg.get(ns, info.name)), rep.encoding)
      return send(200, await reg.get(ns, info.name))
    }
    case 'list': {
      const selected = query.get('labelSelector') || query.get('fieldSelector')
      const filter = buildFilter(def, query.get('labelSelector'), query.get('fieldSelector'))
      if (rep.encoding === 'json') return sendJsonListOf(res, def, reg, ns, rep, selected ? filter : undefined, query.get('includeObject'))
      const {items, revision} = await reg.list(ns, filter)
      const rv = String(revision)
      const shaped = represent(def.resource, rep, items, true, rv, query.get('includeObject'))
      if (shaped) return sendObject(res, 200, shaped, rep.encoding)
      const gv = groupVersionOf(def)
      return sendObject(res, 200, {kind: def.listKind, apiVersion: gv, metadata: {resourceVersion: rv}, items}, rep.encoding)
    }
    case 'watch': {
      let filter = buildFilter(def, query.get('labelSelector'), query.get('fieldSelector'))
      if (info.name) {
        const base = filter
        filter = (o) => o.metadata.name === info.name && base(o)
      }
      const gv = groupVersionOf(def)
      const timeout = Number(query.get('timeoutSeconds') ?? 0)
      return serveWatch(req, res, {
        list: () => reg.list(ns),
        compactedRevision: () => reg.store.compactedRevision(),
        watch: (from, onEvent, onError) => reg.watch(ns, from, onEvent, onError, watchTrigger(def, query.get('fieldSelector'), info.name || undefined)),
      }, {
        resourceVersion: query.get('resourceVersion') ?? '',
        allowBookmarks: query.get('allowWatchBookmarks') === 'true',
        timeoutSeconds: Number.isFinite(timeout) && timeout > 0 ? timeout : 0,
        matches: filter,
        encoding: rep.encoding,
        transform: (o, first) => {
          if (rep.as === 'json') return o
          const t = represent(def.resource, rep, [o], false, o.metadata.resourceVersion ?? '', query.get('includeObject')) as {columnDefinitions?: unknown[]}
          if (rep.as === 'table' && !first) t.columnDefinitions = []
          return t
        },
        bookmark: (rv) => ({kind: def.kind, apiVersion: gv, metadata: {resourceVersion: rv}}),
      })
    }
    case 'create': {
      const text = await readText()
      const body = parseJsonBody(text)
      if (info.subresource === 'binding') return sendObject(res, 201, await sub.bind(reg, ns, info.name, body, ctx), rep.encoding)
      if (info.subresource === 'eviction') return sendObject(res, 201, await sub.evict(reg, ns, info.name, body, ctx), rep.encoding)
      if (info.subresource === 'token') return sendObject(res, 201, await sub.token(ns, info.name, body, ctx), rep.encoding)
      if (info.subresource || info.name) throw methodNotAllowed(`POST is not supported on ${info.path}`)
      if (def.namespaced && !ns) throw methodNotAllowed(`the ${def.resource} resource is namespaced: POST to /namespaces/<namespace>/${def.resource}`)
      if (isObject(body)) checkBodyFields(res, def, fieldValidationMode(ctx.fieldValidation), text, body as KubeObject)
      const admitted = await sub.admitCreate(def, ns, body, ctx)
      return send(201, await reg.create(ns, admitted, ctx))
    }
    case 'update': {
      const text = await readText()
      const body = parseJsonBody(text)
      if (info.subresource === 'scale') return sendObject(res, 200, await sub.updateScale(reg, ns, info.name, body, ctx), rep.encoding)
      const sr = info.subresource === 'finalize' ? 'finalize' : info.subresource
      if (sr === 'finalize') return send(200, await sub.finalize(reg, info.name, body, ctx))
      if (isObject(body)) checkBodyFields(res, def, fieldValidationMode(ctx.fieldValidation), text, body as KubeObject)
      return send(200, await reg.update(ns, info.name, body, ctx, sr))
    }
    case 'patch': {
      const type = patchType(req.headers['content-type'])
      const patchText = await readBody(req)
      const patch = parseJsonBody(patchText)
      const mode = fieldValidationMode(ctx.fieldValidation)
      if (info.subresource === 'scale') {
        return sendObject(res, 200, await sub.patchScale(reg, ns, info.name, (scale) => applyPatch('Scale', type === 'strategic' ? 'merge' : type, scale, patch), ctx), rep.encoding)
      }
      const out = await reg.mutate(ns, info.name, ctx, info.subresource, (cur) => {
        const patched = applyPatch(def.kind, type, cur, patch)
        checkPatchedFields(res, def, mode, type, patchText, patch, patched)
        return patched
      })
      return send(200, out)
    }
    case 'delete': {
      const opts = deleteOptions(await readText(), query)
      const {obj, gone} = await reg.delete(ns, info.name, opts, ctx)
      if (!gone || def.resource === 'pods' || def.resource === 'services' || def.resource === 'namespaces') return send(200, obj)
      return sendObject(res, 200, successStatus({name: info.name, group: def.group, kind: def.resource, uid: obj.metadata.uid}), rep.encoding)
    }
    case 'deletecollection': {
      const opts = deleteOptions(await readText(), query)
      const filter = buildFilter(def, query.get('labelSelector'), query.get('fieldSelector'))
      const {items, revision} = await reg.list(ns, filter)
      const out: KubeObject[] = []
      for (const it of items) {
        try {
          out.push((await reg.delete(it.metadata.namespace ?? '', it.metadata.name!, opts, ctx)).obj)
        } catch (e) {
          if (!(e instanceof ApiError && e.code === 404)) throw e
        }
      }
      const gv = groupVersionOf(def)
      return sendObject(res, 200, {kind: def.listKind, apiVersion: gv, metadata: {resourceVersion: String(revision)}, items: out}, rep.encoding)
    }
    default:
      throw methodNotAllowed(`${req.method} is not supported on ${info.path}`)
  }
}
