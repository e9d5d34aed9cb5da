/** The service-account controllers: `default` ServiceAccounts and the kube-root-ca.crt ConfigMap in every namespace. */
export {ServiceAccountsController, type ServiceAccountsControllerOptions} from './serviceaccounts.js'
export {RootCACertPublisher, type RootCACertPublisherOptions} from './rootca.js'
export {
  defaultServiceAccountNames,
  descriptionAnnotation,
  isNamespaceActive,
  missingServiceAccounts,
  reconcileRootCA,
  rootCAConfigMapName,
  rootCADescription,
  rootCAKey,
  type RootCAAction,
} from './reconcile.js'
