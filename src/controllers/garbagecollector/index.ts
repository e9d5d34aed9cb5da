/** The garbage collector (ownerReferences cascade) and its graph and decisions. */
export {GarbageCollector, ignoredResources, type GarbageCollectorOptions} from './controller.js'
export {Graph, blockingDependents, foregroundFinalizer, orphanFinalizer, partitionDependents, sameIdentity, type GraphChange, type GraphNode, type GraphWork, type Identity} from './graph.js'
export {decideDependent, decideForegroundOwner, unblockOwnerRefsPatch, type ClassifiedOwner, type DependentAction, type ForegroundAction, type OwnerState} from './decide.js'
