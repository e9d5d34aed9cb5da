import type {KubeObject} from '../meta.js'
import type {ObjectReference} from './common.js'

/** EventSource: the component (and host) reporting a legacy event. */
export interface EventSource {
  component?: string
  host?: string
}

/** EventSeries: aggregation data for events.k8s.io-style recurring events. */
export interface EventSeries {
  count?: number
  lastObservedTime?: string
}

/** Event (core/v1): written by every component through its event recorder. */
export interface Event extends KubeObject {
  /** the object the event is about */
  involvedObject: ObjectReference
  /** short CamelCase reason: Scheduled, Pulled, Created, Started, Killing, BackOff, ScalingReplicaSet … */
  reason?: string
  message?: string
  source?: EventSource
  /** when the event was first recorded */
  firstTimestamp?: string
  /** when the most recent occurrence was recorded */
  lastTimestamp?: string
  /** number of occurrences (the recorder bumps it instead of creating duplicates) */
  count?: number
  /** Normal or Warning */
  type?: 'Normal' | 'Warning' | string
  /** MicroTime; set by "new" (events.k8s.io) style recorders, which then also set reportingComponent/Instance and action */
  eventTime?: string | null
  series?: EventSeries
  action?: string
  related?: ObjectReference
  /** e.g. kubelet, default-scheduler */
  reportingComponent?: string
  /** e.g. the node or host name */
  reportingInstance?: string
}
