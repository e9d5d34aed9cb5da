/**
 * core/v1 Service and Endpoints.
 */
import {arr, bool, core, CORE, int32, intOrString, kind, map, mergeList, meta, obj, oneOf, str, typeMeta, type SchemaTable} from './dsl.js'

const PROTOCOLS = ['SCTP', 'TCP', 'UDP']

export const serviceSchemas: SchemaTable = {
  [CORE + 'Service']: kind({group: '', version: 'v1', kind: 'Service'}, 'A named abstraction of software service: a local port the proxy listens on and the selector that picks the pods answering it.', {
    ...typeMeta(),
    spec: core('ServiceSpec', 'Spec defines the behavior of a service.'),
    status: core('ServiceStatus', 'Most recently observed status of the service (read-only).'),
  }),
  [CORE + 'ServiceSpec']: obj('The attributes a user creates on a service.', {
    allocateLoadBalancerNodePorts: bool('Whether NodePorts are allocated for LoadBalancer services; defaults to true.'),
    clusterIP: str('IP address of the service, usually assigned randomly; "None" makes a headless service.'),
    clusterIPs: arr(str(), 'IP addresses of the service, one per family; clusterIPs[0] equals clusterIP.'),
    externalIPs: arr(str(), 'IP addresses for which nodes also accept traffic for this service.'),
    externalName: str('For type ExternalName: the DNS name returned as a CNAME record.'),
    externalTrafficPolicy: oneOf(['Cluster', 'Local'], 'How externally-facing traffic is routed: Cluster (default) or Local.'),
    healthCheckNodePort: int32('Health check node port for LoadBalancer services with externalTrafficPolicy Local.'),
    internalTrafficPolicy: oneOf(['Cluster', 'Local'], 'How traffic from cluster sources is routed: Cluster (default) or Local.'),
    ipFamilies: arr(str(), 'IP families (IPv4, IPv6) assigned to this service.'),
    ipFamilyPolicy: oneOf(['PreferDualStack', 'RequireDualStack', 'SingleStack'], 'SingleStack, PreferDualStack or RequireDualStack.'),
    loadBalancerClass: str('Class of the load balancer implementation this service belongs to.'),
    loadBalancerIP: str('Deprecated: requested load balancer IP.'),
    loadBalancerSourceRanges: arr(str(), 'Client IP ranges allowed through a cloud load balancer.'),
    ports: mergeList('port', core('ServicePort'), 'The ports exposed by this service.', {keys: ['port', 'protocol']}),
    publishNotReadyAddresses: bool('Publish addresses of not-ready pods (DNS and endpoints).'),
    selector: {...map(str(), 'Route traffic to pods with label keys and values matching this selector.'), 'x-kubernetes-map-type': 'atomic'},
    sessionAffinity: oneOf(['ClientIP', 'None'], 'ClientIP or None (default): session affinity.'),
    sessionAffinityConfig: core('SessionAffinityConfig', 'Configuration of session affinity.'),
    trafficDistribution: str('How traffic is distributed to endpoints, e.g. PreferClose.'),
    type: oneOf(['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'], 'ClusterIP (default), ExternalName, NodePort or LoadBalancer.'),
  }),
  [CORE + 'ServicePort']: obj("Information on a service's port.", {
    appProtocol: str('Application protocol of this port (IANA service name or domain-prefixed name).'),
    name: str('DNS_LABEL name of this port; required when the service has more than one port.'),
    nodePort: int32('Port on each node for NodePort/LoadBalancer services; allocated when 0 or absent.'),
    port: int32('The port exposed by this service.'),
    protocol: oneOf(PROTOCOLS, 'TCP (default), UDP or SCTP.'),
    targetPort: intOrString("Number or name of the port to access on the pods; defaults to 'port'."),
  }, ['port']),
  [CORE + 'SessionAffinityConfig']: obj('Configuration of session affinity.', {
    clientIP: core('ClientIPConfig', 'Configuration of ClientIP based session affinity.'),
  }),
  [CORE + 'ClientIPConfig']: obj('Configuration of ClientIP based session affinity.', {
    timeoutSeconds: int32('Seconds of ClientIP session stickiness (1-86400); defaults to 10800.'),
  }),
  [CORE + 'ServiceStatus']: obj('The current status of a service.', {
    conditions: mergeList('type', meta('Condition'), 'Current service state.'),
    loadBalancer: core('LoadBalancerStatus', 'Status of the load-balancer, if one is present.'),
  }),
  [CORE + 'LoadBalancerStatus']: obj('The status of a load-balancer.', {
    ingress: arr(core('LoadBalancerIngress'), 'Ingress points of the load-balancer.'),
  }),
  [CORE + 'LoadBalancerIngress']: obj('An ingress point of a load-balancer.', {
    hostname: str('For DNS-based ingress points.'),
    ip: str('For IP-based ingress points.'),
    ipMode: str('VIP or Proxy: how the load-balancer IP behaves.'),
    ports: arr(core('PortStatus'), 'Records of the service ports.'),
  }),
  [CORE + 'PortStatus']: obj('The error condition of a service port.', {
    error: str('Problem with the service port, in CamelCase or foo.example.com/CamelCase.'),
    port: int32('Port number of the service port.'),
    protocol: oneOf(PROTOCOLS, 'TCP, UDP or SCTP.'),
  }, ['port', 'protocol']),

  [CORE + 'Endpoints']: kind({group: '', version: 'v1', kind: 'Endpoints'}, 'A collection of endpoints that implement the actual service.', {
    ...typeMeta(),
    subsets: arr(core('EndpointSubset'), 'The set of all endpoints is the union of all subsets.'),
  }),
  [CORE + 'EndpointSubset']: obj('A group of addresses with a common set of ports.', {
    addresses: arr(core('EndpointAddress'), 'IP addresses that offer the related ports and are ready.'),
    notReadyAddresses: arr(core('EndpointAddress'), 'IP addresses that offer the related ports but are not ready.'),
    ports: arr(core('EndpointPort'), 'Port numbers available on the related IP addresses.'),
  }),
  [CORE + 'EndpointAddress']: {
    ...obj('A single IP address of an endpoint.', {
      hostname: str('Hostname of this endpoint.'),
      ip: str('IP of this endpoint.'),
      nodeName: str('Node hosting this endpoint.'),
      targetRef: core('ObjectReference', 'Reference to the object providing the endpoint.'),
    }, ['ip']),
    'x-kubernetes-map-type': 'atomic',
  },
  [CORE + 'EndpointPort']: {
    ...obj('A single port of an endpoint.', {
      appProtocol: str('Application protocol of this port.'),
      name: str('Name of this port; must match the name of the service port.'),
      port: int32('Port number of the endpoint.'),
      protocol: oneOf(PROTOCOLS, 'UDP, TCP or SCTP; defaults to TCP.'),
    }, ['port']),
    'x-kubernetes-map-type': 'atomic',
  },
}
