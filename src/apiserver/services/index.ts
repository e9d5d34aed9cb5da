/**
 * Services on the API server side: cluster IP and node port allocation over the store (several API
 * server processes on one data dir agree through atomic claim keys), the repair pass, and the
 * `kubernetes` Service.
 */
export {ServiceAllocator, defaultServiceCIDR, defaultNodePortRange, type ServiceAllocatorOptions, type AllocationResult, type ClaimRef} from './allocator.js'
export {createServiceAllocation, serviceHooks, type ServiceAllocation} from './hooks.js'
export {repairAllocations, type RepairOptions, type RepairReport} from './repair.js'
export {ensureKubernetesService, kubernetesService, kubernetesSubsets, type ApiServerEndpoint} from './kubernetes-service.js'
export {Claims, serviceIPKey, nodePortKey, serviceIPPrefix, nodePortPrefix, type ClaimOwner, type ClaimRecord} from './claims.js'
export {parseServiceCIDR, parsePortRange, parseIPv4, formatIPv4, cidrContains, cidrAddress, type ServiceCIDR, type PortRange} from './cidr.js'
export {clusterIPOf, heldKeys, nodePortsOf, allocatesNodePorts} from './needs.js'
