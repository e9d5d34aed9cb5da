import {describe, expect, it} from 'vitest'
import {ago, newReplicaSet, NOW, oldReplicaSet, rollingDeployment} from './fixtures.js'
import {daemonSetRow, deploymentRow, jobRow, jobStatus, replicaSetRow} from './workloads.js'

describe('deploymentRow', () => {
  it('prints a deployment mid-rollout', () => {
    expect(deploymentRow(rollingDeployment, NOW)).toEqual(['web', '2/3', 1, 2, '2d5h', 'nginx', 'nginx:1.26', 'app=web'])
  })
  it('joins several containers and marks an invalid selector', () => {
    const d = {
      metadata: {name: 'two', creationTimestamp: ago(30)},
      spec: {replicas: 2, selector: {matchExpressions: [{key: 'app', operator: 'Bogus'}]}, template: {spec: {containers: [{name: 'a', image: 'img-a'}, {name: 'b', image: 'img-b'}]}}},
      status: {},
    }
    expect(deploymentRow(d, NOW)).toEqual(['two', '0/2', 0, 0, '30s', 'a,b', 'img-a,img-b', '<invalid>'])
  })
  it('prints an empty selector as an empty cell and defaults replicas to 1', () => {
    const d = {metadata: {name: 'x', creationTimestamp: ago(30)}, spec: {template: {spec: {containers: []}}}, status: {}}
    expect(deploymentRow(d, NOW)[1]).toBe('0/1')
    expect(deploymentRow(d, NOW)[7]).toBe('')
    expect(deploymentRow({...d, spec: {...d.spec, replicas: 0}}, NOW)[1]).toBe('0/0')
  })
})

describe('replicaSetRow', () => {
  it('prints desired, current and ready replicas', () => {
    expect(replicaSetRow(oldReplicaSet, NOW)).toEqual(['web-7d4b9c8f6', 3, 3, 2, '2d5h', 'nginx', 'nginx:1.25', 'app=web,pod-template-hash=7d4b9c8f6'])
    expect(replicaSetRow(newReplicaSet, NOW)).toEqual(['web-85f6c9d7b', 1, 1, 0, '40s', 'nginx', 'nginx:1.26', 'app=web,pod-template-hash=85f6c9d7b'])
  })
})

describe('daemonSetRow', () => {
  it('prints scheduling counters and the node selector', () => {
    const ds = {
      metadata: {name: 'kube-proxy', namespace: 'kube-system', creationTimestamp: ago(30 * 86400)},
      spec: {selector: {matchLabels: {k8s: 'proxy'}}, template: {spec: {nodeSelector: {'kubernetes.io/os': 'linux'}, containers: [{name: 'proxy', image: 'mkube'}]}}},
      status: {desiredNumberScheduled: 3, currentNumberScheduled: 3, numberReady: 2, updatedNumberScheduled: 3, numberAvailable: 2},
    }
    expect(daemonSetRow(ds, NOW)).toEqual(['kube-proxy', 3, 3, 2, 3, 2, 'kubernetes.io/os=linux', '30d', 'proxy', 'mkube', 'k8s=proxy'])
  })
  it('prints <none> without a node selector', () => {
    const ds = {metadata: {name: 'd', creationTimestamp: ago(5)}, spec: {template: {spec: {containers: []}}}, status: {}}
    expect(daemonSetRow(ds, NOW)[6]).toBe('<none>')
  })
})

describe('jobRow', () => {
  const job = (spec: Record<string, unknown>, status: Record<string, unknown>, meta: Record<string, unknown> = {}) => ({
    metadata: {name: 'pi', creationTimestamp: ago(10 * 60), ...meta},
    spec: {selector: {matchLabels: {'batch.kubernetes.io/controller-uid': 'u1'}}, template: {spec: {containers: [{name: 'pi', image: 'perl:5.34'}]}}, ...spec},
    status,
  })
  it('prints a completed job with its duration', () => {
    const j = job({completions: 1, parallelism: 1}, {succeeded: 1, startTime: ago(10 * 60), completionTime: ago(10 * 60 - 47), conditions: [{type: 'SuccessCriteriaMet', status: 'True'}, {type: 'Complete', status: 'True'}]})
    expect(jobRow(j, NOW)).toEqual(['pi', 'Complete', '1/1', '47s', '10m', 'pi', 'perl:5.34', 'batch.kubernetes.io/controller-uid=u1'])
  })
  it('prints a running job with its elapsed time', () => {
    expect(jobRow(job({completions: 5}, {succeeded: 2, active: 1, startTime: ago(3 * 60 + 5)}), NOW).slice(1, 4)).toEqual(['Running', '2/5', '3m5s'])
  })
  it('prints work-queue jobs as N/1 of parallelism', () => {
    expect(jobRow(job({parallelism: 3}, {}), NOW).slice(1, 4)).toEqual(['Running', '0/1 of 3', ''])
    expect(jobRow(job({parallelism: 1}, {succeeded: 1}), NOW)[2]).toBe('1/1')
  })
  it('orders status conditions like kubectl', () => {
    expect(jobStatus(job({}, {conditions: [{type: 'Failed', status: 'True'}]}))).toBe('Failed')
    expect(jobStatus(job({}, {conditions: [{type: 'Suspended', status: 'True'}]}))).toBe('Suspended')
    expect(jobStatus(job({}, {conditions: [{type: 'FailureTarget', status: 'True'}]}))).toBe('FailureTarget')
    expect(jobStatus(job({}, {conditions: [{type: 'Suspended', status: 'True'}]}, {deletionTimestamp: ago(1)}))).toBe('Terminating')
    expect(jobStatus(job({}, {conditions: [{type: 'Complete', status: 'False'}]}))).toBe('Running')
  })
})
