/**
 * Request bodies in Kubernetes' protobuf encoding: turned into the JSON text the handlers read. The
 * schema (a large generated table) is loaded on the first protobuf request only.
 */
import {badRequest} from '../../api/errors.js'
import {decodeEnvelope, ProtobufError, type ProtoSchema} from './decode.js'

/** The media type client-go's typed clients send. */
export const PROTOBUF_MEDIA_TYPE = 'application/vnd.kubernetes.protobuf'

const META = 'k8s.io.apimachinery.pkg.apis.meta.v1'

let schema: Promise<ProtoSchema> | undefined

/** The message of an apiVersion/kind in `s`: `k8s.io.api.<first label of the group>.<version>.<Kind>`, else the meta/v1 kind (DeleteOptions). */
export function messageFor(s: ProtoSchema, apiVersion: string, kind: string): string | null {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/', 2) : ['core', apiVersion]
  const name = `k8s.io.api.${group.split('.')[0]}.${version}.${kind}`
  if (s[name]) return name
  return s[`${META}.${kind}`] ? `${META}.${kind}` : null
}

/** The JSON text of a protobuf request body; 400 when it cannot be decoded. */
export async function protobufBodyToJson(body: Buffer): Promise<string> {
  if (body.length === 0) return ''
  schema ??= import('./schema.js').then((m) => m.MESSAGES)
  const s = await schema
  try {
    return JSON.stringify(decodeEnvelope(body, s, (v, k) => messageFor(s, v, k)).object)
  } catch (e) {
    if (e instanceof ProtobufError) throw badRequest(`the protobuf request body could not be decoded: ${e.message}`)
    throw e
  }
}
