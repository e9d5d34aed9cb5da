/** REST coordinates and well-known names of the Job controller. */
import type {ResourceRef} from '../../api/resource.js'
import type {GroupVersionKind} from '../common/refs.js'

/** batch/v1 jobs. */
export const jobsRef: ResourceRef = {group: 'batch', version: 'v1', resource: 'jobs', namespaced: true}
/** Jobs' apiVersion/kind (what their pods' controller references carry). */
export const jobKind: GroupVersionKind = {apiVersion: 'batch/v1', kind: 'Job'}
/** The finalizer keeping a job's pods until the controller has counted them. */
export const jobTrackingFinalizer = 'batch.kubernetes.io/job-tracking'
/** Annotation (and label) carrying the completion index of an Indexed job's pod. */
export const completionIndexAnnotation = 'batch.kubernetes.io/job-completion-index'
/** Env var exposing the completion index to containers. */
export const completionIndexEnv = 'JOB_COMPLETION_INDEX'
/** spec.managedBy value of jobs this controller manages (unset means the same). */
export const jobControllerName = 'kubernetes.io/job-controller'
/** Pods created or deleted per sync at most (upstream MaxPodCreateDeletePerSync). */
export const maxPodCreateDeletePerSync = 500
/** Pod UIDs held in status.uncountedTerminatedPods at most (upstream MaxUncountedPods). */
export const maxUncountedPods = 500
/** First back-off after a pod failure; it doubles per failure since the last success. */
export const defaultPodFailureBackoffMs = 10_000
/** Cap of the back-off (6 minutes, the documented Job back-off cap). */
export const maxPodFailureBackoffMs = 360_000
