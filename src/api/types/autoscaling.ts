import type {KubeObject} from '../meta.js'

/** Scale (autoscaling/v1): the scale subresource of deployments and replica sets (not persisted). */
export interface Scale extends KubeObject {
  /** desired replicas (the only field a client may change) */
  spec?: {replicas?: number}
  status?: {
    /** observed replicas */
    replicas: number
    /** label selector in string form, e.g. "app=web,tier in (fe)" */
    selector?: string
  }
}
