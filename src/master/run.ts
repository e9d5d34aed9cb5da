import {mkdirSync} from 'node:fs'
import {hostname} from 'node:os'
import {dirname} from 'node:path'
import {isIP} from 'node:net'
import {TokenAuthenticator} from '../apiserver/auth.js'
import {joinRoutes} from '../apiserver/join.js'
import {bootstrapTokenLookup, nodeTokenLookup} from '../apiserver/tokens.js'
import type {GenericRegistry} from '../apiserver/rest/generic.js'
import {startApiServer, type ApiServer} from '../apiserver/server.js'
import {ensureAdminToken, ensureCA, ensureServingCert, issueClientCert, readIfExists, writeFileAtomic, type CertAuthority, type KeyPairPem} from '../pki/index.js'
import {join} from 'node:path'
import {writeKubeconfig} from '../client/kubeconfig.js'
import {openSqliteStore} from '../store/index.js'
import type {Store} from '../store/types.js'
import {bootstrapCluster} from './bootstrap.js'
import {ensureDefaultJoinToken} from './tokens.js'
import {startEventTtl} from './eventttl.js'
import {TokenIssuer, ensureServiceAccountKey, serviceAccountTokenLookup} from '../apiserver/serviceaccounts/index.js'
import {createServiceAllocation, ensureKubernetesService} from '../apiserver/services/index.js'
import {startComponents, type ComponentsConfig} from './components.js'
import {Client} from '../client/client.js'
import {masterPaths} from './paths.js'

/** Configuration of a master, built by `mkube master start` from its flags. */
export interface MasterConfig {
  dataDir: string
  /** API server port (0 = any free port) */
  port: number
  /** bind address */
  bindAddress: string
  /** the address nodes and clients use to reach this master (also a SAN of its certificate) */
  advertiseAddress?: string
  /** run a node on this machine too (node mode arrives with the kubelet) */
  runNode: boolean
  /** store compaction interval (ms); 0 disables */
  compactIntervalMs?: number
  /** request log */
  log?: (line: string) => void
  /** how long events are kept (default 3600) */
  eventTtlSeconds?: number
  /** where components (scheduler, controllers) log; default stderr */
  componentLog?: (line: string) => void
  /** virtual IP range of Services (default 10.43.0.0/16) */
  serviceCIDR?: string
  /** NodePort range (default 30000-32767) */
  nodePortRange?: string
  /** scheduler and controller manager (default: both run) */
  components?: ComponentsConfig
}

/** A running master. */
export interface Master {
  url: string
  port: number
  kubeconfigPath: string
  adminToken: string
  /** the default join token (`mkube node join --token`) */
  joinToken: string
  caPem: string
  store: Store
  apiServer: ApiServer
  stop(): Promise<void>
}

/**
 * Starts a master: opens (or creates) the SQLite store, ensures the PKI and admin credentials, starts the
 * HTTPS API server, writes the admin kubeconfig and bootstraps the cluster's own objects.
 */
export async function runMaster(cfg: MasterConfig): Promise<Master> {
  const paths = masterPaths(cfg.dataDir)
  mkdirSync(dirname(paths.db), {recursive: true, mode: 0o700})
  mkdirSync(paths.pki, {recursive: true, mode: 0o700})
  const store = openSqliteStore(paths.db, {compactIntervalMs: cfg.compactIntervalMs})
  try {
    const advertise = cfg.advertiseAddress
    const ca = await ensureCA(paths.pki)
    const extra = [advertise, cfg.bindAddress !== '0.0.0.0' ? cfg.bindAddress : undefined].filter((x): x is string => !!x)
    const serving = await ensureServingCert(paths.pki, ca, {
      hosts: extra.filter((h) => !isIP(h)),
      ips: extra.filter((h) => isIP(h)),
    })
    const adminToken = await ensureAdminToken(paths.pki)
    const kubeletClient = await ensureKubeletClientCert(paths.pki, ca)
    const issuer = new TokenIssuer(await ensureServiceAccountKey(paths.pki))
    const allocation = createServiceAllocation(store, {serviceCIDR: cfg.serviceCIDR, nodePortRange: cfg.nodePortRange})
    const repairStop = new AbortController()
    const auth = new TokenAuthenticator()
    auth.addToken(adminToken, {username: 'system:admin', groups: ['system:masters', 'system:authenticated']})
    // the join routes need the secrets registry, which exists once the server is built: bind late
    let secrets: GenericRegistry | undefined
    const routes = new Map<string, import('../apiserver/server.js').RouteHandler>()
    const apiServer = await startApiServer({
      routes,
      hooks: {services: allocation.hooks},
      serviceAccountIssuer: issuer,
      kubeletClient: {caPem: ca.certPem, certPem: kubeletClient.certPem, keyPem: kubeletClient.keyPem},
      store,
      tls: {cert: serving.certPem, key: serving.keyPem},
      authenticator: auth,
      port: cfg.port,
      host: cfg.bindAddress,
      advertiseAddress: advertise ? `${advertise}:${cfg.port}` : undefined,
      log: cfg.log,
    })
    secrets = apiServer.registries.get('secrets')!
    for (const [path, h] of joinRoutes(ca, secrets)) routes.set(path, h)
    auth.addLookup(bootstrapTokenLookup(secrets))
    auth.addLookup(nodeTokenLookup(secrets))
    auth.addLookup(serviceAccountTokenLookup({issuer, registries: apiServer.registries}))
    await allocation.repair()
    allocation.startRepairLoop(repairStop.signal, {log: cfg.log})
    const clientHost = advertise ?? (cfg.bindAddress === '0.0.0.0' ? '127.0.0.1' : cfg.bindAddress)
    const url = `https://${isIP(clientHost) === 6 ? `[${clientHost}]` : clientHost}:${apiServer.port}`
    await writeKubeconfig(paths.kubeconfig, {clusterName: 'mkube', server: url, caPem: ca.certPem, token: adminToken, user: 'admin'})
    await bootstrapCluster(apiServer)
    const apiIP = isIP(clientHost) ? clientHost : '127.0.0.1'
    await ensureKubernetesService(apiServer.registries, [{ip: apiIP, port: apiServer.port}], {serviceCIDR: cfg.serviceCIDR})
    const joinToken = await ensureDefaultJoinToken(cfg.dataDir, secrets, ca.certPem)
    const stopEventTtl = startEventTtl(apiServer.registries.get('events')!, (cfg.eventTtlSeconds ?? 3600) * 1000, 60_000, cfg.log)
    // the master's own components reach its API server over loopback, as any client does
    const loopbackHost = cfg.bindAddress === '0.0.0.0' || cfg.bindAddress === '::' ? '127.0.0.1' : cfg.bindAddress
    const loopback = new Client({server: `https://${isIP(loopbackHost) === 6 ? `[${loopbackHost}]` : loopbackHost}:${apiServer.port}`, caPem: ca.certPem, token: adminToken})
    const components = cfg.components ?? {scheduler: true, controllers: true}
    const stopComponents = startComponents(loopback, components, cfg.componentLog ?? ((m) => process.stderr.write(`${new Date().toISOString()} ${m}\n`)))
    return {
      joinToken,
      url,
      port: apiServer.port,
      kubeconfigPath: paths.kubeconfig,
      adminToken,
      caPem: ca.certPem,
      store,
      apiServer,
      async stop() {
        stopEventTtl()
        repairStop.abort()
        allocation.close()
        await stopComponents()
        loopback.close()
        await apiServer.close()
        await store.close()
      },
    }
  } catch (e) {
    await store.close()
    throw e
  }
}

/** The API server's client certificate for kubelets (CN system:apiserver, O system:masters), kept in the PKI dir. */
async function ensureKubeletClientCert(dir: string, ca: CertAuthority): Promise<KeyPairPem> {
  const certPath = join(dir, 'apiserver-kubelet-client.crt')
  const keyPath = join(dir, 'apiserver-kubelet-client.key')
  const [certPem, keyPem] = await Promise.all([readIfExists(certPath), readIfExists(keyPath)])
  if (certPem && keyPem) return {certPem, keyPem}
  const pair = await issueClientCert(ca, 'system:apiserver', ['system:masters'], 3650)
  await writeFileAtomic(keyPath, pair.keyPem, 0o600)
  await writeFileAtomic(certPath, pair.certPem, 0o644)
  return pair
}

/** The default advertise address: the host name is not always resolvable, so 127.0.0.1 unless given. */
export function describeMaster(m: Master): string {
  return `mkube master ready at ${m.url} (host ${hostname()}); admin kubeconfig: ${m.kubeconfigPath}`
}
