/**
 * core/v1 ConfigMap, Secret, ServiceAccount, Event and the object references they (and other core types)
 * use.
 */
import {arr, bool, bytes, core, CORE, int32, kind, map, mergeList, meta, microTime, obj, str, time, typeMeta, type SchemaTable} from './dsl.js'

export const configSchemas: SchemaTable = {
  [CORE + 'ObjectReference']: {
    ...obj('Enough information to inspect or modify the referred object.', {
      apiVersion: str('API version of the referent.'),
      fieldPath: str('A piece of the object, e.g. "spec.containers{name}", instead of the entire object.'),
      kind: str('Kind of the referent.'),
      name: str('Name of the referent.'),
      namespace: str('Namespace of the referent.'),
      resourceVersion: str('Specific resourceVersion to which this reference is made, if any.'),
      uid: str('UID of the referent.'),
    }),
    'x-kubernetes-map-type': 'atomic',
  },
  [CORE + 'LocalObjectReference']: {
    ...obj('Locates the referenced object inside the same namespace.', {
      name: str('Name of the referent.'),
    }),
    'x-kubernetes-map-type': 'atomic',
  },
  [CORE + 'ConfigMap']: kind({group: '', version: 'v1', kind: 'ConfigMap'}, 'ConfigMap holds configuration data for pods to consume.', {
    ...typeMeta(),
    binaryData: map(bytes(), 'Binary data (base64 in JSON); keys must not overlap those of data.'),
    data: map(str(), 'Configuration data (UTF-8); keys consist of alphanumerics, "-", "_" or ".".'),
    immutable: bool('If true, data cannot be updated (only the object deleted and recreated).'),
  }),
  [CORE + 'Secret']: kind({group: '', version: 'v1', kind: 'Secret'}, 'Secret holds secret data of a certain type (at most 1 MiB in total).', {
    ...typeMeta(),
    data: map(bytes(), 'Secret data, base64-encoded in JSON.'),
    immutable: bool('If true, data cannot be updated (only the object deleted and recreated).'),
    stringData: map(str(), 'Write-only convenience: non-binary values merged into data on write.'),
    type: str('Used to facilitate programmatic handling of secret data (Opaque, kubernetes.io/tls ...).'),
  }),
  [CORE + 'ServiceAccount']: kind({group: '', version: 'v1', kind: 'ServiceAccount'}, 'ServiceAccount binds together a name, a principal, and a set of secrets.', {
    ...typeMeta(),
    automountServiceAccountToken: bool('Whether pods running as this service account get an API token mounted automatically.'),
    imagePullSecrets: arr(core('LocalObjectReference'), 'Secrets used to pull the images of pods referencing this service account.'),
    secrets: mergeList('name', core('ObjectReference'), 'Deprecated: secrets of this service account (legacy tokens).'),
  }),
  [CORE + 'Event']: kind({group: '', version: 'v1', kind: 'Event'}, 'A report of an event somewhere in the cluster.', {
    action: str('What action was taken/failed regarding the regarding object.'),
    apiVersion: str('APIVersion defines the versioned schema of this representation of an object.'),
    count: int32('The number of times this event has occurred.'),
    eventTime: microTime('Time when this event was first observed.'),
    firstTimestamp: time('Time at which the event was first recorded.'),
    involvedObject: core('ObjectReference', 'The object this event is about.'),
    kind: str('Kind is a string value representing the REST resource this object represents.'),
    lastTimestamp: time('Time at which the most recent occurrence of this event was recorded.'),
    message: str('Human-readable description of the status of this operation.'),
    metadata: meta('ObjectMeta', "Standard object's metadata."),
    reason: str('Short, machine understandable status for the transition into the object\'s current status.'),
    related: core('ObjectReference', 'Optional secondary object for more complex actions.'),
    reportingComponent: str('Name of the controller that emitted this event, e.g. kubernetes.io/kubelet.'),
    reportingInstance: str('ID of the controller instance, e.g. kubelet-xyzf.'),
    series: core('EventSeries', 'Data about the event series this event represents, if any.'),
    source: core('EventSource', 'The component reporting this event.'),
    type: str('Type of this event (Normal, Warning).'),
  }, ['metadata', 'involvedObject']),
  [CORE + 'EventSeries']: obj('Information on a series of events: a continuously occurring event.', {
    count: int32('Number of occurrences in this series up to the last heartbeat time.'),
    lastObservedTime: microTime('Time of the last occurrence observed.'),
  }),
  [CORE + 'EventSource']: obj('Information for an event.', {
    component: str('Component from which the event is generated.'),
    host: str('Node name on which the event is generated.'),
  }),
}
