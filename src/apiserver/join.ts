import type {IncomingMessage, ServerResponse} from 'node:http'
import {ApiError, badRequest, forbidden, invalid, methodNotAllowed, unauthorized, cause} from '../api/errors.js'
import {isDNS1123Subdomain} from '../api/selectors/index.js'
import {generateToken, issueLeaf, type CertAuthority} from '../pki/index.js'
import {isIP} from 'node:net'
import {parseJsonBody, readBody, sendObject, sendText} from './http.js'
import type {GenericRegistry} from './rest/generic.js'
import type {RequestContext, UserInfo} from './rest/types.js'
import type {RouteHandler} from './server.js'
import {nodeSecretHash, nodeTokenType, tokenNamespace} from './tokens.js'

/** What a node receives when it joins: its own credentials and the cluster CA. */
export interface JoinResponse {
  nodeName: string
  /** bearer token of system:node:<nodeName> */
  token: string
  caPem: string
  /** serving certificate of the node's kubelet endpoint (logs, exec), signed by the cluster CA */
  kubeletCertPem: string
  kubeletKeyPem: string
}

/** Body of POST /mkube/v1/join. */
export interface JoinRequest {
  nodeName: string
  /** the address the kubelet serves on (a SAN of its certificate) */
  nodeIP?: string
}

const sys: RequestContext = {user: {username: 'system:apiserver', groups: ['system:masters']}, dryRun: false}

/**
 * The join routes: GET /cacerts (public: the CA a joining node checks against its token's hash) and
 * POST /mkube/v1/join (bootstrap-token callers): stores a node credential as a Secret
 * `node-token.<name>` in kube-system (only its SHA-256) and answers the credential plus a kubelet serving
 * certificate. Re-joining with the same name replaces the node's credential.
 */
export function joinRoutes(ca: CertAuthority, secrets: GenericRegistry): Map<string, RouteHandler> {
  const routes = new Map<string, RouteHandler>()
  routes.set('/cacerts', async (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'GET') throw methodNotAllowed('only GET is served on /cacerts')
    sendText(res, 200, ca.certPem)
  })
  routes.set('/mkube/v1/join', async (req: IncomingMessage, res: ServerResponse, user: UserInfo | null) => {
    if (!user) throw unauthorized()
    if (!user.groups.includes('system:bootstrappers') && !user.groups.includes('system:masters')) {
      throw forbidden(`User "${user.username}" cannot join nodes: a bootstrap token is required`)
    }
    if (req.method !== 'POST') throw methodNotAllowed('POST a JoinRequest to /mkube/v1/join')
    const body = parseJsonBody(await readBody(req)) as Partial<JoinRequest>
    const nodeName = body?.nodeName
    if (typeof nodeName !== 'string' || !nodeName) throw invalid('JoinRequest', '', [cause.required('nodeName')])
    if (!isDNS1123Subdomain(nodeName)) throw invalid('JoinRequest', nodeName, [cause.invalid('nodeName', nodeName, 'must be a lowercase RFC 1123 subdomain')])
    if (body.nodeIP !== undefined && !isIP(body.nodeIP)) throw badRequest(`nodeIP "${body.nodeIP}" is not an IP address`)
    const secret = generateToken(32)
    const name = `node-token.${nodeName}`
    const obj = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {name, namespace: tokenNamespace, labels: {'mkube.io/node': nodeName}},
      type: nodeTokenType,
      data: {
        'node-name': Buffer.from(nodeName).toString('base64'),
        'secret-sha256': Buffer.from(nodeSecretHash(secret)).toString('base64'),
        'joined-by': Buffer.from(user.username).toString('base64'),
      },
    }
    try {
      await secrets.create(tokenNamespace, structuredClone(obj), sys)
    } catch (e) {
      if (!(e instanceof ApiError && e.code === 409)) throw e
      await secrets.update(tokenNamespace, name, structuredClone(obj), sys)
    }
    const ips = body.nodeIP ? [body.nodeIP] : []
    const cert = await issueLeaf(ca, {commonName: `system:node:${nodeName}`, organizations: ['system:nodes'], usage: 'server', dnsNames: [nodeName, 'localhost'], ips: [...ips, '127.0.0.1'], validityDays: 365})
    const answer: JoinResponse = {nodeName, token: `node.${nodeName}.${secret}`, caPem: ca.certPem, kubeletCertPem: cert.certPem, kubeletKeyPem: cert.keyPem}
    sendObject(res, 200, answer)
  })
  return routes
}
