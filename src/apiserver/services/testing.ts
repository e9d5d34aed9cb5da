/**
 * Test support (never used at runtime): an in-process HTTPS API server over a fresh SQLite store with
 * the service allocation hooks installed, and an admin client — for suites that need real allocation
 * with a chosen service range before the master wires it in.
 */
import {mkdirSync, mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {Client} from '../../client/client.js'
import {ensureAdminToken, ensureCA, ensureServingCert} from '../../pki/index.js'
import {openSqliteStore, type SqliteStore} from '../../store/index.js'
import {TokenAuthenticator} from '../auth.js'
import {startApiServer, type ApiServer} from '../server.js'
import type {ServiceAllocatorOptions} from './allocator.js'
import {createServiceAllocation, type ServiceAllocation} from './hooks.js'

/** A running test API server. */
export interface ServicesApiServer {
  api: ApiServer
  store: SqliteStore
  alloc: ServiceAllocation
  client: Client
  dir: string
  stop(): Promise<void>
}

/** Starts the server on 127.0.0.1 (any port) and creates the namespaces `default` and `other`. */
export async function startServicesApiServer(opts: ServiceAllocatorOptions = {}): Promise<ServicesApiServer> {
  const dir = mkdtempSync(join(tmpdir(), 'mkube-svc-api-'))
  const pki = join(dir, 'pki')
  mkdirSync(pki, {recursive: true})
  const store = openSqliteStore(join(dir, 'state.db'), {compactIntervalMs: 0})
  const alloc = createServiceAllocation(store, opts)
  const ca = await ensureCA(pki)
  const serving = await ensureServingCert(pki, ca, {hosts: ['localhost'], ips: ['127.0.0.1']})
  const token = await ensureAdminToken(pki)
  const auth = new TokenAuthenticator()
  auth.addToken(token, {username: 'system:admin', groups: ['system:masters', 'system:authenticated']})
  const api = await startApiServer({store, tls: {cert: serving.certPem, key: serving.keyPem}, authenticator: auth, port: 0, host: '127.0.0.1', hooks: {services: alloc.hooks}})
  const client = new Client({server: api.url, caPem: ca.certPem, token})
  for (const ns of ['default', 'other']) await client.create({group: '', version: 'v1', resource: 'namespaces', namespaced: false}, {apiVersion: 'v1', kind: 'Namespace', metadata: {name: ns}})
  return {
    api,
    store,
    alloc,
    client,
    dir,
    async stop() {
      client.close()
      alloc.close()
      await api.close()
      await store.close()
      rmSync(dir, {recursive: true, force: true})
    },
  }
}
