/** The DaemonSet controller and its pure decision functions. */
export {DaemonSetController, burstReplicas, daemonSetKind, daemonSetsRef, type DaemonSetControllerOptions} from './controller.js'
export {allowsSurge, daemonSetStatusCounts, manageDaemonSet, podsByNode, podsShouldBeOnNode, rollingUpdatePlan, surgeCount, unavailableCount, type ManagePlan, type RollingPlan} from './plan.js'
export {compareDaemonPods, daemonPodTemplate, daemonSetHash, isPodUpdated, newDaemonPod, pinToNode, revisionHashLabel, targetNodeName} from './pods.js'
export {daemonTolerations, nodeSelectorMatches, nodeSelectorTermMatches, nodeShouldRunDaemonPod, requiredNodeAffinityMatches, withDaemonTolerations, type NodeFit} from './predicates.js'
export {CreateDeleteExpectations, KeyBackoff} from './expectations.js'
