import {Client} from '../client/client.js'
import {defaultKubeconfigPaths} from '../master/paths.js'
import {CliError} from './errors.js'

/** Connection flags shared by every client command. */
export interface ConnectionFlags {
  kubeconfig?: string
  context?: string
  namespace?: string
}

/**
 * A client for the CLI: --kubeconfig, else $KUBECONFIG, else the default data dir's admin kubeconfig,
 * else ~/.kube/config; --context picks the context; -n overrides the context's namespace.
 */
export function connect(f: ConnectionFlags): Client {
  let client: Client
  try {
    client = Client.fromKubeconfig({kubeconfig: f.kubeconfig, context: f.context, defaultPaths: defaultKubeconfigPaths()})
  } catch (e) {
    throw new CliError(`${(e as Error).message} (start a master with "mkube master start", or pass --kubeconfig)`)
  }
  if (f.namespace) client.config.namespace = f.namespace
  return client
}
