/** core/v1 Secret: stringData merged into data, type-specific required keys, immutability. */
import type {ResourceDef} from '../resource.js'
import type {StatusCause} from '../meta.js'
import type {Secret} from '../types/config.js'
import {cause} from '../errors.js'
import {validateObjectMeta, validateObjectMetaUpdate} from '../validation/meta.js'
import {nameIsDNSSubdomain} from '../validation/names.js'
import {immutable, keyed} from '../validation/path.js'
import {semanticEqual} from '../validation/equal.js'
import {isBase64, validateDataMap, validateImmutablePayload, validatePayloadSize} from '../validation/configdata.js'

/** Annotation naming the service account of a service-account-token secret. */
export const serviceAccountNameAnnotation = 'kubernetes.io/service-account.name'

/** Keys each well-known type requires in data. */
const requiredKeys: Record<string, string[]> = {
  'kubernetes.io/dockercfg': ['.dockercfg'],
  'kubernetes.io/dockerconfigjson': ['.dockerconfigjson'],
  'kubernetes.io/ssh-auth': ['ssh-privatekey'],
  'kubernetes.io/tls': ['tls.key', 'tls.crt'],
}

function has(s: Secret, k: string): boolean {
  const v = s.data?.[k]
  return typeof v === 'string' && v.length > 0
}

function validateType(s: Secret): StatusCause[] {
  const errs: StatusCause[] = []
  const type = s.type ?? 'Opaque'
  if (type === 'kubernetes.io/service-account-token' && !s.metadata.annotations?.[serviceAccountNameAnnotation]) {
    errs.push(cause.required(keyed('metadata.annotations', serviceAccountNameAnnotation)))
  }
  for (const k of requiredKeys[type] ?? []) if (!has(s, k)) errs.push(cause.required(keyed('data', k)))
  for (const k of ['.dockercfg', '.dockerconfigjson']) {
    if (requiredKeys[type]?.[0] !== k || !has(s, k) || !isBase64(s.data![k])) continue
    try {
      JSON.parse(Buffer.from(s.data![k], 'base64').toString('utf8'))
    } catch (e) {
      errs.push(cause.invalid(keyed('data', k), '<secret contents redacted>', (e as Error).message))
    }
  }
  if (type === 'kubernetes.io/basic-auth' && !has(s, 'username') && !has(s, 'password')) {
    errs.push(cause.required(keyed('data', 'username')), cause.required(keyed('data', 'password')))
  }
  return errs
}

/** Secret resource definition. */
export const secretDef: ResourceDef<Secret> = {
  group: '',
  version: 'v1',
  resource: 'secrets',
  namespaced: true,
  kind: 'Secret',
  listKind: 'SecretList',
  singular: 'secret',
  shortNames: [],
  categories: [],
  subresources: [],
  hasStatusSubresource: false,
  /** type Opaque; stringData is write-only: merged (base64-encoded) into data and dropped. */
  defaults(s) {
    s.type ||= 'Opaque'
    if (s.stringData) {
      s.data ??= {}
      for (const [k, v] of Object.entries(s.stringData)) s.data[k] = Buffer.from(String(v), 'utf8').toString('base64')
      delete s.stringData
    }
  },
  validate(s) {
    const d = validateDataMap(s.data, 'data', true)
    return [...validateObjectMeta(s.metadata, true, nameIsDNSSubdomain), ...d.errs, ...validatePayloadSize(d.size, 'data'), ...validateType(s)]
  },
  validateUpdate(s, old) {
    return [
      ...validateObjectMetaUpdate(s.metadata, old.metadata),
      ...immutable('type', s.type, old.type, semanticEqual),
      ...validateImmutablePayload(s, old, ['data']),
    ]
  },
  selectableFields(s) {
    return {type: s.type ?? ''}
  },
}
