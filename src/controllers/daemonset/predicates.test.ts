import {describe, expect, it} from 'vitest'
import type {DaemonSet} from '../../api/types/apps.js'
import type {Node, Taint} from '../../api/types/node.js'
import type {PodSpec} from '../../api/types/pod.js'
import {newControllerRef} from '../common/controller-ref.js'
import {daemonSetKind} from './controller.js'
import {newDaemonPod, pinToNode, targetNodeName} from './pods.js'
import {nodeSelectorTermMatches, nodeShouldRunDaemonPod, requiredNodeAffinityMatches, withDaemonTolerations} from './predicates.js'

const node = (name: string, labels: Record<string, string> = {}, taints?: Taint[]): Node => ({metadata: {name, labels}, spec: taints ? {taints} : {}})
const ds = (spec: Partial<PodSpec> = {}): DaemonSet => ({
  metadata: {name: 'agent', namespace: 'kube-system', uid: 'ds-uid'},
  spec: {selector: {matchLabels: {app: 'agent'}}, template: {metadata: {labels: {app: 'agent'}}, spec: {containers: [{name: 'c', image: 'x'}], ...spec}}},
})

describe('node affinity matching', () => {
  const n = node('n1', {zone: 'a', cores: '8', gpu: ''})
  it('evaluates every operator', () => {
    const m = (key: string, operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt', values?: string[]) => nodeSelectorTermMatches({matchExpressions: [{key, operator, values}]}, n)
    expect(m('zone', 'In', ['a', 'b'])).toBe(true)
    expect(m('zone', 'In', ['b'])).toBe(false)
    expect(m('zone', 'NotIn', ['b'])).toBe(true)
    expect(m('missing', 'NotIn', ['b'])).toBe(true)
    expect(m('gpu', 'Exists')).toBe(true)
    expect(m('gpu', 'DoesNotExist')).toBe(false)
    expect(m('cores', 'Gt', ['4'])).toBe(true)
    expect(m('cores', 'Lt', ['4'])).toBe(false)
    expect(m('zone', 'Gt', ['4'])).toBe(false)
    expect(m('cores', 'Gt', ['4', '5'])).toBe(false)
  })
  it('matches fields on metadata.name only, and empty terms match nothing', () => {
    expect(nodeSelectorTermMatches({matchFields: [{key: 'metadata.name', operator: 'In', values: ['n1']}]}, n)).toBe(true)
    expect(nodeSelectorTermMatches({matchFields: [{key: 'metadata.name', operator: 'NotIn', values: ['n1']}]}, n)).toBe(false)
    expect(nodeSelectorTermMatches({matchFields: [{key: 'metadata.uid', operator: 'In', values: ['n1']}]}, n)).toBe(false)
    expect(nodeSelectorTermMatches({}, n)).toBe(false)
  })
  it('combines nodeSelector with ORed required terms', () => {
    const spec = (nodeSelector: Record<string, string>, terms: {matchExpressions: {key: string; operator: 'In'; values: string[]}[]}[]) =>
      ({containers: [], nodeSelector, affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: terms}}}}) as PodSpec
    expect(requiredNodeAffinityMatches(spec({zone: 'a'}, [{matchExpressions: [{key: 'zone', operator: 'In', values: ['x']}]}, {matchExpressions: [{key: 'cores', operator: 'In', values: ['8']}]}]), n)).toBe(true)
    expect(requiredNodeAffinityMatches(spec({zone: 'b'}, [{matchExpressions: [{key: 'cores', operator: 'In', values: ['8']}]}]), n)).toBe(false)
    expect(requiredNodeAffinityMatches(spec({}, []), n)).toBe(false)
    expect(requiredNodeAffinityMatches({containers: []}, n)).toBe(true)
  })
})

describe('nodeShouldRunDaemonPod', () => {
  it('runs where selectors match and taints are tolerated (daemon tolerations included)', () => {
    expect(nodeShouldRunDaemonPod(node('n1'), ds())).toEqual({shouldRun: true, shouldContinueRunning: true})
    expect(nodeShouldRunDaemonPod(node('n1'), ds({nodeSelector: {role: 'edge'}}))).toEqual({shouldRun: false, shouldContinueRunning: false})
    expect(nodeShouldRunDaemonPod(node('n1'), ds({nodeName: 'n2'}))).toEqual({shouldRun: false, shouldContinueRunning: false})
    const sick = node('n1', {}, [
      {key: 'node.kubernetes.io/not-ready', effect: 'NoExecute'},
      {key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule'},
      {key: 'node.kubernetes.io/disk-pressure', effect: 'NoSchedule'},
    ])
    expect(nodeShouldRunDaemonPod(sick, ds())).toEqual({shouldRun: true, shouldContinueRunning: true})
    expect(nodeShouldRunDaemonPod(node('n1', {}, [{key: 'node.kubernetes.io/network-unavailable', effect: 'NoSchedule'}]), ds()).shouldRun).toBe(false)
    expect(nodeShouldRunDaemonPod(node('n1', {}, [{key: 'node.kubernetes.io/network-unavailable', effect: 'NoSchedule'}]), ds({hostNetwork: true})).shouldRun).toBe(true)
  })
  it('lets existing pods stay on NoSchedule-tainted nodes but not NoExecute ones', () => {
    expect(nodeShouldRunDaemonPod(node('n1', {}, [{key: 'dedicated', effect: 'NoSchedule'}]), ds())).toEqual({shouldRun: false, shouldContinueRunning: true})
    expect(nodeShouldRunDaemonPod(node('n1', {}, [{key: 'dedicated', effect: 'NoExecute'}]), ds())).toEqual({shouldRun: false, shouldContinueRunning: false})
    expect(nodeShouldRunDaemonPod(node('n1', {}, [{key: 'dedicated', effect: 'PreferNoSchedule'}]), ds()).shouldRun).toBe(true)
    expect(nodeShouldRunDaemonPod(node('n1', {}, [{key: 'dedicated', effect: 'NoExecute'}]), ds({tolerations: [{key: 'dedicated', operator: 'Exists'}]})).shouldRun).toBe(true)
  })
})

describe('daemon pods', () => {
  it('replaces equal tolerations so daemon pods tolerate node problems forever', () => {
    const ts = withDaemonTolerations([{key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 60}, {key: 'x', operator: 'Exists'}], false)
    expect(ts).toEqual([
      {key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute'},
      {key: 'x', operator: 'Exists'},
      {key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute'},
      {key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule'},
      {key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule'},
      {key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule'},
      {key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule'},
    ])
  })

  it('builds pods pinned to their node by required affinity, labelled with the revision hash', () => {
    const d = ds({affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [{matchExpressions: [{key: 'zone', operator: 'In', values: ['a']}]}]}, preferredDuringSchedulingIgnoredDuringExecution: [{weight: 1, preference: {matchExpressions: [{key: 'ssd', operator: 'Exists'}]}}]}}})
    const pod = newDaemonPod(d, 'h4sh', 'n1', newControllerRef(d, daemonSetKind))
    expect(pod.metadata).toEqual({
      generateName: 'agent-',
      namespace: 'kube-system',
      labels: {app: 'agent', 'controller-revision-hash': 'h4sh'},
      ownerReferences: [{apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'agent', uid: 'ds-uid', controller: true, blockOwnerDeletion: true}],
    })
    expect(pod.spec?.nodeName).toBeUndefined()
    expect(pod.spec?.affinity?.nodeAffinity).toEqual({
      requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [{matchFields: [{key: 'metadata.name', operator: 'In', values: ['n1']}]}]},
      preferredDuringSchedulingIgnoredDuringExecution: [{weight: 1, preference: {matchExpressions: [{key: 'ssd', operator: 'Exists'}]}}],
    })
    expect(pod.spec?.tolerations).toHaveLength(6)
    expect(targetNodeName(pod)).toBe('n1')
    expect(targetNodeName({...pod, spec: {...pod.spec!, nodeName: 'n9'}})).toBe('n9')
    expect(targetNodeName({metadata: {}, spec: {containers: []}})).toBeUndefined()
    expect(pinToNode(undefined, 'x').nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms).toHaveLength(1)
  })
})
