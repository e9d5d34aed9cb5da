/** Test fixtures for the Job controller's suites (jobs and pods in given states). Test support only. */
import type {Job} from '../../api/types/batch.js'
import type {Pod} from '../../api/types/pod.js'
import {jobTrackingFinalizer} from './refs.js'

/** A Job in namespace `ns` with a generated-style selector. */
export function newJob(spec: Partial<NonNullable<Job['spec']>> = {}, status: Job['status'] = {}): Job {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {name: 'pi', namespace: 'ns', uid: 'job-uid', generation: 1},
    spec: {
      completions: 1,
      parallelism: 1,
      backoffLimit: 6,
      completionMode: 'NonIndexed',
      selector: {matchLabels: {'batch.kubernetes.io/controller-uid': 'job-uid'}},
      template: {metadata: {labels: {'batch.kubernetes.io/controller-uid': 'job-uid'}}, spec: {restartPolicy: 'Never', containers: [{name: 'c', image: 'perl'}]}},
      ...spec,
    },
    status,
  }
}

let seq = 0

/** A pod of the job in `phase` (with the tracking finalizer unless `finalizer` is false). */
export function jobPod(phase: 'Pending' | 'Running' | 'Succeeded' | 'Failed', o: {finalizer?: boolean; ready?: boolean; deleting?: boolean; index?: number; uid?: string; finishedAt?: string; node?: string; created?: string} = {}): Pod {
  const n = ++seq
  return {
    metadata: {
      name: `pi-${n}`,
      namespace: 'ns',
      uid: o.uid ?? `pod-${n}`,
      creationTimestamp: o.created ?? '2024-05-01T09:00:00Z',
      labels: {'batch.kubernetes.io/controller-uid': 'job-uid'},
      ...(o.index !== undefined ? {annotations: {'batch.kubernetes.io/job-completion-index': String(o.index)}} : {}),
      ...(o.finalizer === false ? {} : {finalizers: [jobTrackingFinalizer]}),
      ...(o.deleting ? {deletionTimestamp: '2024-05-01T09:30:00Z'} : {}),
      ownerReferences: [{apiVersion: 'batch/v1', kind: 'Job', name: 'pi', uid: 'job-uid', controller: true, blockOwnerDeletion: true}],
    },
    spec: {containers: [{name: 'c', image: 'perl'}], ...(o.node ? {nodeName: o.node} : {})},
    status: {
      phase,
      conditions: [{type: 'Ready', status: o.ready ? 'True' : 'False', lastTransitionTime: o.finishedAt ?? '2024-05-01T09:00:00Z'}],
      ...(o.finishedAt ? {containerStatuses: [{name: 'c', ready: false, restartCount: 0, image: 'perl', imageID: '', state: {terminated: {exitCode: phase === 'Failed' ? 1 : 0, finishedAt: o.finishedAt}}}]} : {}),
    },
  }
}
