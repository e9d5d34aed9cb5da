import {ApiError} from '../api/errors.js'
import type {ApiServer} from '../apiserver/server.js'
import type {RequestContext} from '../apiserver/rest/types.js'

/** The namespaces every cluster has. */
export const systemNamespaces = ['default', 'kube-system', 'kube-public', 'kube-node-lease']

const ctx: RequestContext = {user: {username: 'system:apiserver', groups: ['system:masters']}, dryRun: false}

/** Creates the cluster's own objects when missing (idempotent; safe with several masters starting at once). */
export async function bootstrapCluster(api: ApiServer): Promise<void> {
  const ns = api.registries.get('namespaces')!
  for (const name of systemNamespaces) {
    try {
      await ns.create('', {apiVersion: 'v1', kind: 'Namespace', metadata: {name}}, ctx)
    } catch (e) {
      if (!(e instanceof ApiError && e.code === 409)) throw e
    }
  }
  // the system namespaces' default ServiceAccounts exist from the start (the serviceaccount controller keeps
  // every namespace's; pods created before it runs would otherwise be refused by ServiceAccount admission)
  const sas = api.registries.get('serviceaccounts')!
  for (const namespace of systemNamespaces) {
    try {
      await sas.create(namespace, {apiVersion: 'v1', kind: 'ServiceAccount', metadata: {name: 'default', namespace}}, ctx)
    } catch (e) {
      if (!(e instanceof ApiError && e.code === 409)) throw e
    }
  }
}
