import {createHash} from 'node:crypto'
import type {ResourceDef} from '../api/resource.js'
import {groupVersions} from './discovery.js'

import {schemasForGroupVersion} from '../api/schema/index.js'

/**
 * OpenAPI v3 documents: each group/version document lists the REST paths with their operations, tagged
 * with `x-kubernetes-group-version-kind` and (for writes) the `fieldValidation` query parameter — so kubectl
 * sends `fieldValidation=Strict` and leaves validation to the server — plus the component schemas of its
 * kinds (with the strategic-merge patch metadata kubectl builds apply patches from, and what
 * `kubectl explain` reads). Every PATCH operation declares its patch content types, which kubectl checks
 * before it trusts the schemas.
 */
const patchBody = {
  content: Object.fromEntries(
    ['application/strategic-merge-patch+json', 'application/merge-patch+json', 'application/json-patch+json', 'application/apply-patch+yaml'].map((ct) => [
      ct,
      {schema: {$ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.Patch'}},
    ]),
  ),
  required: true,
}

const fieldValidation = {
  name: 'fieldValidation',
  in: 'query',
  description: 'Ignore, Warn or Strict: how unknown or duplicate fields in the request are treated.',
  schema: {type: 'string', uniqueItems: true},
}
const dryRun = {name: 'dryRun', in: 'query', schema: {type: 'string'}}
const fieldManager = {name: 'fieldManager', in: 'query', schema: {type: 'string'}}

function gvk(d: ResourceDef) {
  return {group: d.group, version: d.version, kind: d.kind}
}

function op(d: ResourceDef, action: string, id: string, write: boolean) {
  return {
    operationId: id,
    ...(action === 'patch' ? {requestBody: patchBody} : {}),
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': gvk(d),
    ...(write ? {parameters: [dryRun, fieldManager, fieldValidation]} : {}),
    responses: {'200': {description: 'OK'}, '401': {description: 'Unauthorized'}},
  }
}

function pathsFor(d: ResourceDef): Record<string, unknown> {
  const prefix = d.group ? `/apis/${d.group}/${d.version}` : `/api/${d.version}`
  const coll = d.namespaced ? `${prefix}/namespaces/{namespace}/${d.resource}` : `${prefix}/${d.resource}`
  const item = `${coll}/{name}`
  const kind = d.kind
  const paths: Record<string, unknown> = {
    [coll]: {
      get: op(d, 'list', `list${kind}`, false),
      post: op(d, 'post', `create${kind}`, true),
      delete: op(d, 'deletecollection', `deletecollection${kind}`, false),
    },
    [item]: {
      get: op(d, 'get', `read${kind}`, false),
      put: op(d, 'put', `replace${kind}`, true),
      patch: op(d, 'patch', `patch${kind}`, true),
      delete: op(d, 'delete', `delete${kind}`, false),
    },
  }
  if (d.namespaced) paths[`${prefix}/${d.resource}`] = {get: op(d, 'list', `list${kind}ForAllNamespaces`, false)}
  for (const s of d.subresources) {
    if (s === 'status' || s === 'scale') {
      paths[`${item}/${s}`] = {
        get: op(d, 'get', `read${kind}${s[0].toUpperCase()}${s.slice(1)}`, false),
        put: op(d, 'put', `replace${kind}${s[0].toUpperCase()}${s.slice(1)}`, true),
        patch: op(d, 'patch', `patch${kind}${s[0].toUpperCase()}${s.slice(1)}`, true),
      }
    }
  }
  return paths
}

/** The document of one group/version. */
export function openapiDocument(group: string, version: string, defs: ResourceDef[]): Record<string, unknown> {
  const paths: Record<string, unknown> = {}
  for (const d of defs) if (d.group === group && d.version === version) Object.assign(paths, pathsFor(d))
  const subresources = new Set(defs.filter((d) => d.group === group && d.version === version).flatMap((d) => d.subresources))
  return {
    openapi: '3.0.0',
    info: {title: 'Kubernetes', version: 'v1.32.0-mkube'},
    paths,
    components: {schemas: schemasForGroupVersion(group, version, subresources)},
  }
}

/** The OpenAPI v3 root (/openapi/v3) and the documents it points to, keyed by 'api/v1' / 'apis/apps/v1'. */
export function openapiV3(defs: ResourceDef[]): {root: Record<string, unknown>; docs: Map<string, {body: string; hash: string}>} {
  const docs = new Map<string, {body: string; hash: string}>()
  const paths: Record<string, unknown> = {}
  for (const gv of groupVersions(defs)) {
    const key = gv.group ? `apis/${gv.group}/${gv.version}` : `api/${gv.version}`
    const body = JSON.stringify(openapiDocument(gv.group, gv.version, defs))
    const hash = createHash('sha512').update(body).digest('hex').slice(0, 64).toUpperCase()
    docs.set(key, {body, hash})
    paths[key] = {serverRelativeURL: `/openapi/v3/${key}?hash=${hash}`}
  }
  return {root: {paths}, docs}
}

function pbString(field: number, s: string): Buffer {
  const b = Buffer.from(s, 'utf8')
  return Buffer.concat([Buffer.from([(field << 3) | 2, b.length]), b])
}

function pbMessage(field: number, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from([(field << 3) | 2, body.length]), body])
}

/**
 * A minimal OpenAPI v2 document in gnostic's protobuf encoding (what kubectl fetches from /openapi/v2):
 * swagger "2.0", info, no paths and no definitions. kubectl falls back to it for kinds the v3 documents do
 * not describe, finds nothing, and skips client-side validation, so an unknown kind gets kubectl's usual
 * "no matches for kind" error instead of "failed to download openapi".
 * (openapi_v2.Document: swagger = 1, info = 2, paths = 8; Info: title = 1, version = 2.)
 */
export function openapiV2Protobuf(): Buffer {
  return Buffer.concat([pbString(1, '2.0'), pbMessage(2, Buffer.concat([pbString(1, 'Kubernetes'), pbString(2, 'v1.32.0-mkube')])), pbMessage(8, Buffer.alloc(0))])
}
