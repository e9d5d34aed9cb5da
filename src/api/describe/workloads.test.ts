import {describe, expect, it} from 'vitest'
import {ago, newReplicaSet, NOW, oldReplicaSet, rollingDeployment, runningPod} from '../printers/fixtures.js'
import {describe as describeObject} from './index.js'
import {deploymentReplicaSets} from './workloads.js'

process.env.TZ = 'UTC'

const lines = (...l: string[]): string => l.join('\n') + '\n'
const podTemplate = (labels: string[], image: string) => [
  'Pod Template:',
  `  Labels:  ${labels[0]}`,
  ...labels.slice(1).map((l) => `           ${l}`),
  '  Containers:',
  '   nginx:',
  `    Image:         ${image}`,
  '    Port:          80/TCP',
  '    Host Port:     0/TCP',
  '    Environment:   <none>',
  '    Mounts:        <none>',
  '  Volumes:         <none>',
  '  Node-Selectors:  <none>',
  '  Tolerations:     <none>',
]

describe('describe deployment', () => {
  it('describes a deployment mid-rollout with its replica sets (golden)', () => {
    const out = describeObject('deployments', rollingDeployment, [], NOW, {replicaSets: [newReplicaSet, oldReplicaSet]})
    expect(out).toBe(lines(
      'Name:                   web',
      'Namespace:              default',
      'CreationTimestamp:      Mon, 29 Apr 2024 07:00:00 +0000',
      'Labels:                 app=web',
      'Annotations:            deployment.kubernetes.io/revision: 2',
      'Selector:               app=web',
      'Replicas:               3 desired | 1 updated | 4 total | 2 available | 2 unavailable',
      'StrategyType:           RollingUpdate',
      'MinReadySeconds:        0',
      'RollingUpdateStrategy:  25% max unavailable, 25% max surge',
      ...podTemplate(['app=web'], 'nginx:1.26'),
      'Conditions:',
      '  Type           Status  Reason',
      '  ----           ------  ------',
      '  Available      False   MinimumReplicasUnavailable',
      '  Progressing    True    ReplicaSetUpdated',
      'OldReplicaSets:  web-7d4b9c8f6 (3/3 replicas created)',
      'NewReplicaSet:   web-85f6c9d7b (1/1 replicas created)',
      'Events:          <none>',
    ))
  })

  it('finds the new replica set by template, ignoring the pod-template-hash label and foreign sets', () => {
    const foreign = {...oldReplicaSet, metadata: {...oldReplicaSet.metadata, name: 'other', ownerReferences: [{kind: 'Deployment', name: 'x', uid: 'other', controller: true}]}}
    const {newRS, oldRSs} = deploymentReplicaSets(rollingDeployment, [foreign, newReplicaSet, oldReplicaSet])
    expect(newRS).toBe(newReplicaSet)
    expect(oldRSs).toEqual([oldReplicaSet])
    expect(deploymentReplicaSets(rollingDeployment, [oldReplicaSet]).newRS).toBeUndefined()
  })

  it('omits the replica set lines without any and rejects an invalid selector', () => {
    expect(describeObject('deployments', rollingDeployment, [], NOW)).not.toContain('ReplicaSet:')
    const bad = {...rollingDeployment, spec: {...rollingDeployment.spec, selector: {matchExpressions: [{key: 'a', operator: 'Nope'}]}}}
    expect(() => describeObject('deployments', bad, [], NOW)).toThrow(/not a valid label selector operator/)
  })
})

describe('describe replicaset', () => {
  it('describes a replica set and counts the pods it controls (golden)', () => {
    const pending = {metadata: {name: 'x', ownerReferences: [{kind: 'ReplicaSet', name: 'web-7d4b9c8f6', uid: 'rs-old-uid', controller: true}]}, status: {phase: 'Pending'}}
    const orphan = {metadata: {name: 'y'}, status: {phase: 'Running'}}
    const out = describeObject('replicasets', oldReplicaSet, [], NOW, {pods: [runningPod, pending, orphan]})
    expect(out).toBe(lines(
      'Name:           web-7d4b9c8f6',
      'Namespace:      default',
      'Selector:       app=web,pod-template-hash=7d4b9c8f6',
      'Labels:         app=web',
      '                pod-template-hash=7d4b9c8f6',
      'Annotations:    <none>',
      'Controlled By:  Deployment/web',
      'Replicas:       3 current / 3 desired',
      'Pods Status:    1 Running / 1 Waiting / 0 Succeeded / 0 Failed',
      ...podTemplate(['app=web', 'pod-template-hash=7d4b9c8f6'], 'nginx:1.25'),
      'Events:            <none>',
    ))
  })
})

describe('describe job', () => {
  it('describes a completed job', () => {
    const job = {
      metadata: {name: 'pi', namespace: 'default', labels: {'job-name': 'pi'}},
      spec: {parallelism: 1, completions: 1, backoffLimit: 6, completionMode: 'NonIndexed', suspend: false, selector: {matchLabels: {'batch.kubernetes.io/controller-uid': 'u1'}}, template: {metadata: {labels: {'job-name': 'pi'}}, spec: {containers: [{name: 'pi', image: 'perl:5.34', command: ['perl', '-wle', 'print 1']}]}}},
      status: {startTime: ago(600), completionTime: ago(553), succeeded: 1, ready: 0},
    }
    const out = describeObject('jobs', job, [], NOW)
    expect(out.split('Pod Template:')[0]).toBe(lines(
      'Name:             pi',
      'Namespace:        default',
      'Selector:         batch.kubernetes.io/controller-uid=u1',
      'Labels:           job-name=pi',
      'Annotations:      <none>',
      'Parallelism:      1',
      'Completions:      1',
      'Completion Mode:  NonIndexed',
      'Suspend:          false',
      'Backoff Limit:    6',
      'Start Time:       Wed, 01 May 2024 11:50:00 +0000',
      'Completed At:     Wed, 01 May 2024 11:50:47 +0000',
      'Duration:         47s',
      'Pods Statuses:    0 Active (0 Ready) / 1 Succeeded / 0 Failed',
    ))
    expect(out).toContain('    Command:\n      perl\n      -wle\n      print 1\n')
  })
})

describe('describe daemonset', () => {
  it('prints the scheduling counters on their own lines', () => {
    const ds = {
      metadata: {name: 'proxy', namespace: 'kube-system', uid: 'ds1'},
      spec: {selector: {matchLabels: {k: 'p'}}, template: {metadata: {labels: {k: 'p'}}, spec: {containers: [{name: 'p', image: 'mkube'}], tolerations: [{operator: 'Exists'}]}}},
      status: {desiredNumberScheduled: 3, currentNumberScheduled: 3, numberReady: 3, updatedNumberScheduled: 2, numberAvailable: 3},
    }
    const pod = {metadata: {ownerReferences: [{uid: 'ds1', controller: true, kind: 'DaemonSet', name: 'proxy'}]}, status: {phase: 'Running'}}
    const out = describeObject('daemonsets', ds, [], NOW, {pods: [pod]})
    expect(out.split('Pod Template:')[0]).toBe(lines(
      'Name:           proxy',
      'Namespace:      kube-system',
      'Selector:       k=p',
      'Node-Selector:  <none>',
      'Labels:         <none>',
      'Annotations:    <none>',
      'Desired Number of Nodes Scheduled: 3',
      'Current Number of Nodes Scheduled: 3',
      'Number of Nodes Scheduled with Up-to-date Pods: 2',
      'Number of Nodes Scheduled with Available Pods: 3',
      'Number of Nodes Misscheduled: 0',
      'Pods Status:  1 Running / 0 Waiting / 0 Succeeded / 0 Failed',
    ))
    expect(out).toContain('  Tolerations:     op=Exists\n')
  })
})
