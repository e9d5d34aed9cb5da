/** The endpoints controller: one Endpoints per Service with a selector, listing the selected pods. */
export {EndpointsController, endpointsRef, leaderAnnotation, podChange, servicesRef} from './controller.js'
export {
  desiredSubsets,
  findPort,
  headlessServiceLabel,
  lastChangeTriggerTimeAnnotation,
  overCapacityAnnotation,
  podEndpointAddress,
  reconcileEndpoints,
  shouldPodBeInEndpoints,
  type EndpointsAction,
} from './compute.js'
export {countAddresses, maxEndpointsCapacity, repackSubsets, sortSubsets, truncateSubsets} from './repack.js'
