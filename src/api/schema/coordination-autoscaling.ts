/**
 * coordination.k8s.io/v1 Lease and autoscaling/v1 Scale (the scale subresource of deployments and
 * replica sets).
 */
import {AUTOSCALING, COORDINATION, int32, kind, microTime, obj, ref, str, typeMeta, type SchemaTable} from './dsl.js'

export const coordinationAutoscalingSchemas: SchemaTable = {
  [COORDINATION + 'Lease']: kind({group: 'coordination.k8s.io', version: 'v1', kind: 'Lease'}, 'Lease defines a lease concept.', {
    ...typeMeta(),
    spec: ref(COORDINATION + 'LeaseSpec', 'Specification of the Lease.'),
  }),
  [COORDINATION + 'LeaseSpec']: obj('The specification of a Lease.', {
    acquireTime: microTime('When the current lease was acquired.'),
    holderIdentity: str('Identity of the holder of the current lease.'),
    leaseDurationSeconds: int32('Seconds candidates wait (since renewTime) before they may force-acquire the lease.'),
    leaseTransitions: int32('Number of transitions of the lease between holders.'),
    preferredHolder: str('Signals the current holder to release the lease in favour of this identity.'),
    renewTime: microTime('When the current holder last updated the lease.'),
    strategy: str('Strategy for picking the leader in coordinated leader election.'),
  }),
  [AUTOSCALING + 'Scale']: kind({group: 'autoscaling', version: 'v1', kind: 'Scale'}, 'Scale represents a scaling request for a resource.', {
    ...typeMeta(),
    spec: ref(AUTOSCALING + 'ScaleSpec', 'Desired behavior of the scale.'),
    status: ref(AUTOSCALING + 'ScaleStatus', 'Current status of the scale (read-only).'),
  }),
  [AUTOSCALING + 'ScaleSpec']: obj('The attributes of a scale subresource.', {
    replicas: int32('Desired number of instances of the scaled object.'),
  }),
  [AUTOSCALING + 'ScaleStatus']: obj('The current status of a scale subresource.', {
    replicas: int32('Actual number of observed instances of the scaled object.'),
    selector: str('Label query over the pods counted in replicas, in query-param syntax ("app=web,tier in (fe)").'),
  }, ['replicas']),
}
