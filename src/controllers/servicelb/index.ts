/** ServiceLB: LoadBalancer Services served on every Ready node's address (k3s' built-in load balancer). */
export {ServiceLBController, servicesRef, nodesRef} from './controller.js'
export {desiredIngress, desiredLoadBalancerStatus, isNodeReady, managesService, nodeLoadBalancerIPs} from './plan.js'
