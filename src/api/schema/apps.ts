/**
 * apps/v1 Deployment, ReplicaSet and DaemonSet.
 */
import {APPS, bool, core, int32, int64, intOrString, kind, meta, mergeList, obj, oneOf, ref, str, time, typeMeta, type Schema, type SchemaTable} from './dsl.js'

const gvk = (k: string) => ({group: 'apps', version: 'v1', kind: k})
const apps = (name: string, description?: string): Schema => ref(APPS + name, description)

const condition = (what: string, probe = false): Schema =>
  obj(`The state of a ${what} at a certain point.`, {
    lastTransitionTime: time('Last time the condition transitioned from one status to another.'),
    ...(probe ? {lastUpdateTime: time('The last time this condition was updated.')} : {}),
    message: str('A human readable message indicating details about the transition.'),
    reason: str("The reason for the condition's last transition."),
    status: str('Status of the condition: True, False or Unknown.'),
    type: str(`Type of ${what} condition.`),
  }, ['type', 'status'])

const rollingUpdate = (what: string, surge: string, unavailable: string): Schema =>
  obj(`Spec to control the desired behavior of ${what} rolling update.`, {
    maxSurge: intOrString(surge),
    maxUnavailable: intOrString(unavailable),
  })

const selector = (): Schema => meta('LabelSelector', 'Label query over pods; must match the pod template labels.')
const minReadySeconds = (): Schema => int32('Seconds a new pod must be ready without crashing to count as available; defaults to 0.')

export const appsSchemas: SchemaTable = {
  [APPS + 'Deployment']: kind(gvk('Deployment'), 'Deployment enables declarative updates for Pods and ReplicaSets.', {
    ...typeMeta(),
    spec: apps('DeploymentSpec', 'Specification of the desired behavior of the Deployment.'),
    status: apps('DeploymentStatus', 'Most recently observed status of the Deployment.'),
  }),
  [APPS + 'DeploymentSpec']: obj('The desired behavior of a Deployment.', {
    minReadySeconds: minReadySeconds(),
    paused: bool('Indicates that the deployment is paused.'),
    progressDeadlineSeconds: int32('Seconds to make progress before the deployment is reported failed; defaults to 600.'),
    replicas: int32('Number of desired pods; defaults to 1.'),
    revisionHistoryLimit: int32('Number of old ReplicaSets kept for rollback; defaults to 10.'),
    selector: selector(),
    strategy: {...apps('DeploymentStrategy', 'The deployment strategy used to replace existing pods with new ones.'), 'x-kubernetes-patch-strategy': 'retainKeys'},
    template: core('PodTemplateSpec', 'Template describes the pods that will be created.'),
  }, ['selector', 'template']),
  [APPS + 'DeploymentStrategy']: obj('How to replace existing pods with new ones.', {
    rollingUpdate: apps('RollingUpdateDeployment', 'Rolling update config params; present only if type is RollingUpdate.'),
    type: oneOf(['Recreate', 'RollingUpdate'], 'Recreate or RollingUpdate (default).'),
  }),
  [APPS + 'RollingUpdateDeployment']: rollingUpdate('a deployment', 'Maximum number (or percentage) of pods above the desired count during the update; defaults to 25%.', 'Maximum number (or percentage) of unavailable pods during the update; defaults to 25%.'),
  [APPS + 'DeploymentStatus']: obj('The most recently observed status of the Deployment.', {
    availableReplicas: int32('Available pods (ready for at least minReadySeconds) targeted by this deployment.'),
    collisionCount: int32('Count of hash collisions for the Deployment, used to name the newest ReplicaSet.'),
    conditions: mergeList('type', apps('DeploymentCondition'), "Latest available observations of the deployment's state."),
    observedGeneration: int64('The generation observed by the deployment controller.'),
    readyReplicas: int32('Pods targeted by this Deployment with a Ready condition.'),
    replicas: int32('Non-terminating pods targeted by this deployment (their labels match the selector).'),
    terminatingReplicas: int32('Terminating pods targeted by this deployment.'),
    unavailableReplicas: int32('Pods still required for the deployment to have 100% available capacity.'),
    updatedReplicas: int32('Non-terminating pods that have the desired template spec.'),
  }),
  [APPS + 'DeploymentCondition']: condition('deployment', true),

  [APPS + 'ReplicaSet']: kind(gvk('ReplicaSet'), 'ReplicaSet ensures that a specified number of pod replicas are running at any given time.', {
    ...typeMeta("If the labels of a ReplicaSet are empty, they are defaulted to be the same as the pod(s) it manages."),
    spec: apps('ReplicaSetSpec', 'Spec defines the desired behavior of the ReplicaSet.'),
    status: apps('ReplicaSetStatus', 'The most recently observed status of the ReplicaSet.'),
  }),
  [APPS + 'ReplicaSetSpec']: obj('The specification of a ReplicaSet.', {
    minReadySeconds: minReadySeconds(),
    replicas: int32('Number of desired pods; defaults to 1.'),
    selector: selector(),
    template: core('PodTemplateSpec', 'The object that describes the pod created when too few replicas are detected.'),
  }, ['selector']),
  [APPS + 'ReplicaSetStatus']: obj('The current status of a ReplicaSet.', {
    availableReplicas: int32('Available non-terminating pods (ready for at least minReadySeconds).'),
    conditions: mergeList('type', apps('ReplicaSetCondition'), "Latest available observations of the replica set's state."),
    fullyLabeledReplicas: int32('Non-terminating pods that have labels matching the labels of the pod template.'),
    observedGeneration: int64('The most recent generation observed by the controller.'),
    readyReplicas: int32('Non-terminating pods targeted by this ReplicaSet with a Ready condition.'),
    replicas: int32('The most recently observed number of non-terminating pods.'),
    terminatingReplicas: int32('Terminating pods of this replica set.'),
  }, ['replicas']),
  [APPS + 'ReplicaSetCondition']: condition('replica set'),

  [APPS + 'DaemonSet']: kind(gvk('DaemonSet'), 'DaemonSet represents the configuration of a daemon set.', {
    ...typeMeta(),
    spec: apps('DaemonSetSpec', 'The desired behavior of this daemon set.'),
    status: apps('DaemonSetStatus', 'The current status of this daemon set.'),
  }),
  [APPS + 'DaemonSetSpec']: obj('The specification of a daemon set.', {
    minReadySeconds: minReadySeconds(),
    revisionHistoryLimit: int32('Number of old history entries kept for rollback; defaults to 10.'),
    selector: selector(),
    template: core('PodTemplateSpec', 'Describes the pod created on every eligible node.'),
    updateStrategy: apps('DaemonSetUpdateStrategy', 'Update strategy used to replace existing DaemonSet pods with new pods.'),
  }, ['selector', 'template']),
  [APPS + 'DaemonSetUpdateStrategy']: obj('Controls the replacement strategy of a DaemonSet.', {
    rollingUpdate: apps('RollingUpdateDaemonSet', 'Rolling update config params; present only if type is RollingUpdate.'),
    type: oneOf(['OnDelete', 'RollingUpdate'], 'RollingUpdate (default) or OnDelete.'),
  }),
  [APPS + 'RollingUpdateDaemonSet']: rollingUpdate('a daemon set', 'Maximum number (or percentage) of nodes with an updated pod started before the old one is deleted; defaults to 0.', 'Maximum number (or percentage) of DaemonSet pods unavailable during the update; defaults to 1.'),
  [APPS + 'DaemonSetStatus']: obj('The current status of a daemon set.', {
    collisionCount: int32('Count of hash collisions for the DaemonSet.'),
    conditions: mergeList('type', apps('DaemonSetCondition'), "Latest available observations of the DaemonSet's state."),
    currentNumberScheduled: int32('Nodes running at least one daemon pod and supposed to.'),
    desiredNumberScheduled: int32('Nodes that should be running the daemon pod.'),
    numberAvailable: int32('Nodes with at least one available daemon pod.'),
    numberMisscheduled: int32('Nodes running the daemon pod but not supposed to.'),
    numberReady: int32('Nodes with at least one ready daemon pod.'),
    numberUnavailable: int32('Nodes that should run the daemon pod but have none available.'),
    observedGeneration: int64('The most recent generation observed by the daemon set controller.'),
    updatedNumberScheduled: int32('Nodes running the updated daemon pod.'),
  }, ['currentNumberScheduled', 'numberMisscheduled', 'desiredNumberScheduled', 'numberReady']),
  [APPS + 'DaemonSetCondition']: condition('DaemonSet'),
}
