import {describe, expect, it} from 'vitest'
import type {Pod} from '../types/pod.js'
import {podDef, podHooks} from './pod.js'
import {created, podManifest, uniq, validateAsCreate, validateAsUpdate} from './testing.js'

const pod = () => podManifest() as Pod
type Mut = (p: any) => void

describe('pod defaults', () => {
  it('fills Kubernetes defaults', () => {
    const p = pod()
    p.spec!.containers[0].livenessProbe = {httpGet: {port: 80}}
    p.spec!.containers[0].resources = {limits: {cpu: '0.5', memory: '128Mi'}}
    p.spec!.volumes = [{name: 'scratch'}, {name: 'cfg', configMap: {name: 'c'}}]
    podDef.defaults(p)
    const s = p.spec!
    expect(s.restartPolicy).toBe('Always')
    expect(s.dnsPolicy).toBe('ClusterFirst')
    expect(s.terminationGracePeriodSeconds).toBe(30)
    expect(s.schedulerName).toBe('default-scheduler')
    expect(s.serviceAccountName).toBe('default')
    expect(s.serviceAccount).toBe('default')
    expect(s.enableServiceLinks).toBe(true)
    expect(s.securityContext).toEqual({})
    const c = s.containers[0]
    expect(c.imagePullPolicy).toBe('IfNotPresent')
    expect(c.terminationMessagePath).toBe('/dev/termination-log')
    expect(c.terminationMessagePolicy).toBe('File')
    expect(c.ports![0].protocol).toBe('TCP')
    expect(c.livenessProbe).toEqual({httpGet: {port: 80, path: '/', scheme: 'HTTP'}, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3})
    expect(c.resources).toEqual({limits: {cpu: '500m', memory: '128Mi'}, requests: {cpu: '500m', memory: '128Mi'}})
    expect(s.volumes![0].emptyDir).toEqual({})
    expect(s.volumes![1].configMap!.defaultMode).toBe(0o644)
  })

  it.each([
    ['nginx', 'Always'],
    ['nginx:latest', 'Always'],
    ['nginx:1.25', 'IfNotPresent'],
    ['localhost:5000/app', 'Always'],
    ['localhost:5000/app:v2', 'IfNotPresent'],
    ['nginx@sha256:abcd', 'IfNotPresent'],
  ])('imagePullPolicy for %s is %s', (image, policy) => {
    const p = pod()
    p.spec!.containers[0].image = image
    podDef.defaults(p)
    expect(p.spec!.containers[0].imagePullPolicy).toBe(policy)
  })

  it('hostNetwork defaults hostPort to containerPort; negative grace becomes 1', () => {
    const p = pod()
    p.spec!.hostNetwork = true
    p.spec!.terminationGracePeriodSeconds = -5
    podDef.defaults(p)
    expect(p.spec!.containers[0].ports![0].hostPort).toBe(80)
    expect(p.spec!.terminationGracePeriodSeconds).toBe(1)
  })
})

describe('pod prepareForCreate', () => {
  it('sets phase Pending, QoS and default tolerations', () => {
    const p = pod()
    p.status = {phase: 'Running'}
    podHooks.prepareForCreate!(p)
    expect(p.status).toEqual({phase: 'Pending', qosClass: 'BestEffort'})
    expect(p.spec!.tolerations).toEqual([
      {key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300},
      {key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300},
    ])
  })
  it('keeps a user toleration for the same key', () => {
    const p = pod()
    p.spec!.tolerations = [{key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 10}]
    podHooks.prepareForCreate!(p)
    expect(p.spec!.tolerations!.map((t) => t.key)).toEqual(['node.kubernetes.io/unreachable', 'node.kubernetes.io/not-ready'])
  })
  it.each([
    [{limits: {cpu: '1', memory: '1Gi'}}, 'Guaranteed'],
    [{limits: {cpu: '1', memory: '1Gi'}, requests: {cpu: '1000m', memory: '1Gi'}}, 'Guaranteed'],
    [{limits: {cpu: '1', memory: '1Gi'}, requests: {cpu: '500m'}}, 'Burstable'],
    [{requests: {memory: '1Gi'}}, 'Burstable'],
    [{limits: {cpu: '1'}}, 'Burstable'],
    [{}, 'BestEffort'],
  ])('QoS of %j is %s', (resources, qos) => {
    const p = pod()
    p.spec!.containers[0].resources = resources
    podHooks.prepareForCreate!(p)
    expect(p.status!.qosClass).toBe(qos)
  })
})

describe('pod validation', () => {
  it('accepts a valid pod', () => {
    expect(validateAsCreate(podDef, pod())).toEqual([])
  })

  const cases: [string, Mut, string, string][] = [
    ['missing name', (p) => delete p.metadata.name, 'FieldValueRequired', 'metadata.name'],
    ['bad name', (p) => (p.metadata.name = 'Web_1'), 'FieldValueInvalid', 'metadata.name'],
    ['missing namespace', (p) => delete p.metadata.namespace, 'FieldValueRequired', 'metadata.namespace'],
    ['bad label value', (p) => (p.metadata.labels = {app: 'a b'}), 'FieldValueInvalid', 'metadata.labels'],
    ['bad label key', (p) => (p.metadata.labels = {'-x': 'a'}), 'FieldValueInvalid', 'metadata.labels'],
    ['no containers', (p) => (p.spec.containers = []), 'FieldValueRequired', 'spec.containers'],
    ['container without image', (p) => delete p.spec.containers[0].image, 'FieldValueRequired', 'spec.containers[0].image'],
    ['container without name', (p) => delete p.spec.containers[0].name, 'FieldValueRequired', 'spec.containers[0].name'],
    ['container bad name', (p) => (p.spec.containers[0].name = 'Web'), 'FieldValueInvalid', 'spec.containers[0].name'],
    ['duplicate container', (p) => p.spec.containers.push({name: 'web', image: 'x'}), 'FieldValueDuplicate', 'spec.containers[1].name'],
    ['init/app name clash', (p) => (p.spec.initContainers = [{name: 'web', image: 'x'}]), 'FieldValueDuplicate', 'spec.initContainers[0].name'],
    ['port 0', (p) => (p.spec.containers[0].ports[0].containerPort = 0), 'FieldValueRequired', 'spec.containers[0].ports[0].containerPort'],
    ['port too big', (p) => (p.spec.containers[0].ports[0].containerPort = 70000), 'FieldValueInvalid', 'spec.containers[0].ports[0].containerPort'],
    ['bad protocol', (p) => (p.spec.containers[0].ports[0].protocol = 'HTTP'), 'FieldValueNotSupported', 'spec.containers[0].ports[0].protocol'],
    ['bad port name', (p) => (p.spec.containers[0].ports[0].name = 'HTTP_X'), 'FieldValueInvalid', 'spec.containers[0].ports[0].name'],
    ['bad hostPort', (p) => (p.spec.containers[0].ports[0].hostPort = 70000), 'FieldValueInvalid', 'spec.containers[0].ports[0].hostPort'],
    ['bad restartPolicy', (p) => (p.spec.restartPolicy = 'Sometimes'), 'FieldValueNotSupported', 'spec.restartPolicy'],
    ['bad dnsPolicy', (p) => (p.spec.dnsPolicy = 'Other'), 'FieldValueNotSupported', 'spec.dnsPolicy'],
    ['dnsPolicy None without config', (p) => (p.spec.dnsPolicy = 'None'), 'FieldValueRequired', 'spec.dnsConfig'],
    ['bad env name', (p) => (p.spec.containers[0].env = [{name: '1X', value: 'v'}]), 'FieldValueInvalid', 'spec.containers[0].env[0].name'],
    ['env value and valueFrom', (p) => (p.spec.containers[0].env = [{name: 'X', value: 'v', valueFrom: {fieldRef: {fieldPath: 'metadata.name'}}}]), 'FieldValueInvalid', 'spec.containers[0].env[0].valueFrom'],
    ['env bad fieldRef', (p) => (p.spec.containers[0].env = [{name: 'X', valueFrom: {fieldRef: {fieldPath: 'spec.foo'}}}]), 'FieldValueNotSupported', 'spec.containers[0].env[0].valueFrom.fieldRef.fieldPath'],
    ['env secretKeyRef without key', (p) => (p.spec.containers[0].env = [{name: 'X', valueFrom: {secretKeyRef: {name: 's'}}}]), 'FieldValueRequired', 'spec.containers[0].env[0].valueFrom.secretKeyRef.key'],
    ['bad quantity', (p) => (p.spec.containers[0].resources = {requests: {cpu: 'lots'}}), 'FieldValueInvalid', 'spec.containers[0].resources.requests[cpu]'],
    ['negative quantity', (p) => (p.spec.containers[0].resources = {requests: {memory: '-1Mi'}}), 'FieldValueInvalid', 'spec.containers[0].resources.requests[memory]'],
    ['request above limit', (p) => (p.spec.containers[0].resources = {limits: {cpu: '1'}, requests: {cpu: '2'}}), 'FieldValueInvalid', 'spec.containers[0].resources.requests'],
    ['unknown resource', (p) => (p.spec.containers[0].resources = {requests: {gpu: '1'}}), 'FieldValueInvalid', 'spec.containers[0].resources.requests[gpu]'],
    ['extended resource request without limit', (p) => (p.spec.containers[0].resources = {requests: {'example.com/gpu': '1'}}), 'FieldValueRequired', 'spec.containers[0].resources.limits'],
    ['extended resource request below limit', (p) => (p.spec.containers[0].resources = {requests: {'example.com/gpu': '1'}, limits: {'example.com/gpu': '2'}}), 'FieldValueInvalid', 'spec.containers[0].resources.requests'],
    ['mount of unknown volume', (p) => (p.spec.containers[0].volumeMounts = [{name: 'data', mountPath: '/d'}]), 'FieldValueNotFound', 'spec.containers[0].volumeMounts[0].name'],
    ['mount without path', (p) => { p.spec.volumes = [{name: 'data', emptyDir: {}}]; p.spec.containers[0].volumeMounts = [{name: 'data'}] }, 'FieldValueRequired', 'spec.containers[0].volumeMounts[0].mountPath'],
    ['duplicate mountPath', (p) => { p.spec.volumes = [{name: 'a'}, {name: 'b'}]; p.spec.containers[0].volumeMounts = [{name: 'a', mountPath: '/d'}, {name: 'b', mountPath: '/d'}] }, 'FieldValueInvalid', 'spec.containers[0].volumeMounts[1].mountPath'],
    ['subPath with ..', (p) => { p.spec.volumes = [{name: 'a'}]; p.spec.containers[0].volumeMounts = [{name: 'a', mountPath: '/d', subPath: '../x'}] }, 'FieldValueInvalid', 'spec.containers[0].volumeMounts[0].subPath'],
    ['duplicate volume', (p) => (p.spec.volumes = [{name: 'a', emptyDir: {}}, {name: 'a', emptyDir: {}}]), 'FieldValueDuplicate', 'spec.volumes[1].name'],
    ['bad volume name', (p) => (p.spec.volumes = [{name: 'A', emptyDir: {}}]), 'FieldValueInvalid', 'spec.volumes[0].name'],
    ['two volume sources', (p) => (p.spec.volumes = [{name: 'a', emptyDir: {}, hostPath: {path: '/x'}}]), 'FieldValueForbidden', 'spec.volumes[0].hostPath'],
    ['hostPath without path', (p) => (p.spec.volumes = [{name: 'a', hostPath: {}}]), 'FieldValueRequired', 'spec.volumes[0].hostPath.path'],
    ['bad hostPath type', (p) => (p.spec.volumes = [{name: 'a', hostPath: {path: '/x', type: 'Dir'}}]), 'FieldValueNotSupported', 'spec.volumes[0].hostPath.type'],
    ['secret without name', (p) => (p.spec.volumes = [{name: 'a', secret: {}}]), 'FieldValueRequired', 'spec.volumes[0].secret.secretName'],
    ['configMap bad mode', (p) => (p.spec.volumes = [{name: 'a', configMap: {name: 'c', defaultMode: 0o1777}}]), 'FieldValueInvalid', 'spec.volumes[0].configMap.defaultMode'],
    ['configMap item absolute path', (p) => (p.spec.volumes = [{name: 'a', configMap: {name: 'c', items: [{key: 'k', path: '/etc/x'}]}}]), 'FieldValueInvalid', 'spec.volumes[0].configMap.items[0].path'],
    ['pvc without claim', (p) => (p.spec.volumes = [{name: 'a', persistentVolumeClaim: {}}]), 'FieldValueRequired', 'spec.volumes[0].persistentVolumeClaim.claimName'],
    ['short token', (p) => (p.spec.volumes = [{name: 'a', projected: {sources: [{serviceAccountToken: {path: 'token', expirationSeconds: 60}}]}}]), 'FieldValueInvalid', 'spec.volumes[0].projected.sources[0].serviceAccountToken.expirationSeconds'],
    ['downwardAPI bad field', (p) => (p.spec.volumes = [{name: 'a', downwardAPI: {items: [{path: 'x', fieldRef: {fieldPath: 'spec.nodeName'}}]}}]), 'FieldValueNotSupported', 'spec.volumes[0].downwardAPI.items[0].fieldRef.fieldPath'],
    ['probe without handler', (p) => (p.spec.containers[0].readinessProbe = {periodSeconds: 5}), 'FieldValueRequired', 'spec.containers[0].readinessProbe'],
    ['probe two handlers', (p) => (p.spec.containers[0].readinessProbe = {exec: {command: ['true']}, tcpSocket: {port: 80}}), 'FieldValueForbidden', 'spec.containers[0].readinessProbe.tcpSocket'],
    ['probe negative period', (p) => (p.spec.containers[0].readinessProbe = {exec: {command: ['true']}, initialDelaySeconds: -1}), 'FieldValueInvalid', 'spec.containers[0].readinessProbe.initialDelaySeconds'],
    ['liveness successThreshold', (p) => (p.spec.containers[0].livenessProbe = {tcpSocket: {port: 80}, successThreshold: 2}), 'FieldValueInvalid', 'spec.containers[0].livenessProbe.successThreshold'],
    ['httpGet bad port name', (p) => (p.spec.containers[0].livenessProbe = {httpGet: {port: 'Not_A_Port'}}), 'FieldValueInvalid', 'spec.containers[0].livenessProbe.httpGet.port'],
    ['exec without command', (p) => (p.spec.containers[0].lifecycle = {preStop: {exec: {}}}), 'FieldValueRequired', 'spec.containers[0].lifecycle.preStop.exec.command'],
    ['init container probe', (p) => (p.spec.initContainers = [{name: 'init', image: 'x', readinessProbe: {exec: {command: ['true']}}}]), 'FieldValueForbidden', 'spec.initContainers[0].readinessProbe'],
    ['app container restartPolicy', (p) => (p.spec.containers[0].restartPolicy = 'Always'), 'FieldValueForbidden', 'spec.containers[0].restartPolicy'],
    ['bad pull policy', (p) => (p.spec.containers[0].imagePullPolicy = 'Sometimes'), 'FieldValueNotSupported', 'spec.containers[0].imagePullPolicy'],
    ['bad nodeSelector', (p) => (p.spec.nodeSelector = {'a b': 'c'}), 'FieldValueInvalid', 'spec.nodeSelector'],
    ['bad nodeName', (p) => (p.spec.nodeName = 'Node_1'), 'FieldValueInvalid', 'spec.nodeName'],
    ['activeDeadlineSeconds 0', (p) => (p.spec.activeDeadlineSeconds = 0), 'FieldValueInvalid', 'spec.activeDeadlineSeconds'],
    ['toleration key empty with Equal', (p) => (p.spec.tolerations = [{operator: 'Equal', value: 'x'}]), 'FieldValueInvalid', 'spec.tolerations[0].operator'],
    ['toleration seconds without NoExecute', (p) => (p.spec.tolerations = [{key: 'k', operator: 'Exists', effect: 'NoSchedule', tolerationSeconds: 5}]), 'FieldValueInvalid', 'spec.tolerations[0].effect'],
    ['toleration bad effect', (p) => (p.spec.tolerations = [{key: 'k', operator: 'Exists', effect: 'Never'}]), 'FieldValueNotSupported', 'spec.tolerations[0].effect'],
    ['toleration Exists with value', (p) => (p.spec.tolerations = [{key: 'k', operator: 'Exists', value: 'v'}]), 'FieldValueInvalid', 'spec.tolerations[0].operator'],
    ['node affinity without terms', (p) => (p.spec.affinity = {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: []}}}), 'FieldValueRequired', 'spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms'],
    ['node affinity In without values', (p) => (p.spec.affinity = {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [{matchExpressions: [{key: 'zone', operator: 'In'}]}]}}}), 'FieldValueRequired', 'spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values'],
    ['node affinity weight', (p) => (p.spec.affinity = {nodeAffinity: {preferredDuringSchedulingIgnoredDuringExecution: [{weight: 0, preference: {}}]}}), 'FieldValueInvalid', 'spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight'],
    ['matchFields key', (p) => (p.spec.affinity = {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [{matchFields: [{key: 'spec.x', operator: 'In', values: ['a']}]}]}}}), 'FieldValueNotSupported', 'spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchFields[0].key'],
    ['pod affinity topologyKey', (p) => (p.spec.affinity = {podAntiAffinity: {requiredDuringSchedulingIgnoredDuringExecution: [{labelSelector: {matchLabels: {app: 'web'}}}]}}), 'FieldValueRequired', 'spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey'],
    ['hostNetwork port mismatch', (p) => { p.spec.hostNetwork = true; p.spec.containers[0].ports[0].hostPort = 8080 }, 'FieldValueInvalid', 'spec.containers[0].ports[0].containerPort'],
    ['hostPort conflict', (p) => p.spec.containers.push({name: 'b', image: 'x', ports: [{containerPort: 81, hostPort: 9000}]}) && (p.spec.containers[0].ports[0].hostPort = 9000), 'FieldValueDuplicate', 'spec.containers[1].ports[0].hostPort'],
    ['runAsUser negative', (p) => (p.spec.securityContext = {runAsUser: -1}), 'FieldValueInvalid', 'spec.securityContext.runAsUser'],
    ['privileged without escalation', (p) => (p.spec.containers[0].securityContext = {privileged: true, allowPrivilegeEscalation: false}), 'FieldValueInvalid', 'spec.containers[0].securityContext'],
    ['image with whitespace', (p) => (p.spec.containers[0].image = ' nginx'), 'FieldValueInvalid', 'spec.containers[0].image'],
    ['bad serviceAccountName', (p) => (p.spec.serviceAccountName = 'SA'), 'FieldValueInvalid', 'spec.serviceAccountName'],
    ['annotation key', (p) => (p.metadata.annotations = {'a/b/c': 'x'}), 'FieldValueInvalid', 'metadata.annotations'],
    ['annotations too large', (p) => (p.metadata.annotations = {big: 'x'.repeat(300 * 1024)}), 'FieldValueTooLong', 'metadata.annotations'],
    ['two controller owners', (p) => (p.metadata.ownerReferences = [{apiVersion: 'v1', kind: 'A', name: 'a', uid: '1', controller: true}, {apiVersion: 'v1', kind: 'B', name: 'b', uid: '2', controller: true}]), 'FieldValueInvalid', 'metadata.ownerReferences'],
    ['owner without uid', (p) => (p.metadata.ownerReferences = [{apiVersion: 'v1', kind: 'A', name: 'a'}]), 'FieldValueInvalid', 'metadata.ownerReferences[0].uid'],
  ]
  it.each(cases)('%s', (_name, mutate, reason, field) => {
    const p = pod()
    mutate(p)
    expect(uniq(validateAsCreate(podDef, p))).toEqual([{reason, field}])
  })

  it('limits default requests, so a bad limit is reported on both', () => {
    const p = pod()
    p.spec!.containers[0].resources = {limits: {'example.com/gpu': '500m'}}
    expect(validateAsCreate(podDef, p)).toEqual([
      {reason: 'FieldValueInvalid', field: 'spec.containers[0].resources.limits[example.com/gpu]'},
      {reason: 'FieldValueInvalid', field: 'spec.containers[0].resources.requests[example.com/gpu]'},
    ])
  })

  it('words messages like Kubernetes', () => {
    const p = pod() as any
    p.metadata.name = 'Web'
    p.spec.containers[0].ports[0].protocol = 'HTTP'
    podDef.defaults(p)
    const msgs = podDef.validate(p).map((c) => `${c.field}: ${c.message}`)
    expect(msgs).toContain(
      `metadata.name: Invalid value: "Web": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
    )
    expect(msgs).toContain('spec.containers[0].ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"')
    p.spec.containers[0].readinessProbe = {}
    expect(podDef.validate(p).map((c) => `${c.field}: ${c.message}`)).toContain('spec.containers[0].readinessProbe: Required value: must specify a handler type')
  })

  it('generateName is validated as a name prefix', () => {
    const p = pod()
    p.metadata.generateName = 'web-'
    expect(validateAsCreate(podDef, p)).toEqual([])
    p.metadata.generateName = 'Web-'
    expect(validateAsCreate(podDef, p)).toEqual([{reason: 'FieldValueInvalid', field: 'metadata.generateName'}])
  })
})

describe('pod update', () => {
  const old = () => created(podDef, pod())
  const update = (mutate: Mut) => {
    const o = old()
    const n = structuredClone(o)
    mutate(n)
    return validateAsUpdate(podDef, n, o)
  }
  it('allows image, labels, activeDeadlineSeconds and toleration additions', () => {
    expect(update((p) => (p.spec.containers[0].image = 'nginx:1.26'))).toEqual([])
    expect(update((p) => (p.metadata.labels = {app: 'other'}))).toEqual([])
    expect(update((p) => (p.spec.activeDeadlineSeconds = 30))).toEqual([])
    expect(update((p) => p.spec.tolerations.push({key: 'x', operator: 'Exists'}))).toEqual([])
    expect(update((p) => (p.spec.tolerations[0].tolerationSeconds = 10))).toEqual([])
  })
  it('a replaced manifest without the default tolerations is not a change', () => {
    const o = old()
    const n = pod()
    n.metadata = structuredClone(o.metadata)
    podHooks.prepareForUpdate!(n, o)
    expect(validateAsUpdate(podDef, n, o)).toEqual([])
  })
  it('treats omitted zero values as unchanged', () => {
    expect(update((p) => (p.spec.hostNetwork = false))).toEqual([])
  })
  it.each<[string, Mut, string, string]>([
    ['port change', (p) => (p.spec.containers[0].ports[0].containerPort = 81), 'FieldValueForbidden', 'spec'],
    ['nodeName change', (p) => (p.spec.nodeName = 'node-1'), 'FieldValueForbidden', 'spec'],
    ['added container', (p) => p.spec.containers.push({name: 'b', image: 'x'}), 'FieldValueForbidden', 'spec.containers'],
    ['removed toleration', (p) => p.spec.tolerations.pop(), 'FieldValueForbidden', 'spec.tolerations'],
    ['name change', (p) => (p.metadata.name = 'other'), 'FieldValueInvalid', 'metadata.name'],
    ['uid change', (p) => (p.metadata.uid = 'x'), 'FieldValueInvalid', 'metadata.uid'],
  ])('rejects %s', (_n, mutate, reason, field) => {
    expect(update(mutate)).toContainEqual({reason, field})
  })
  it('activeDeadlineSeconds may only shrink and not be unset', () => {
    const o = old()
    o.spec!.activeDeadlineSeconds = 30
    const grow = structuredClone(o)
    grow.spec!.activeDeadlineSeconds = 60
    expect(validateAsUpdate(podDef, grow, o)).toEqual([{reason: 'FieldValueInvalid', field: 'spec.activeDeadlineSeconds'}])
    const unset = structuredClone(o)
    delete unset.spec!.activeDeadlineSeconds
    expect(validateAsUpdate(podDef, unset, o)).toEqual([{reason: 'FieldValueInvalid', field: 'spec.activeDeadlineSeconds'}])
  })
  it('the forbidden message is Kubernetes', () => {
    const o = old()
    const n = structuredClone(o)
    n.spec!.restartPolicy = 'Never'
    expect(podDef.validateUpdate(n, o)[0].message).toMatch(/^Forbidden: pod updates may not change fields other than `spec.containers\[\*\].image`/)
  })
})

describe('pod field selectors', () => {
  it('exposes the upstream set', () => {
    const p = created(podDef, pod())
    p.spec!.nodeName = 'n1'
    p.status!.podIP = '10.0.0.5'
    expect(podDef.selectableFields(p)).toEqual({
      'spec.nodeName': 'n1',
      'spec.restartPolicy': 'Always',
      'spec.schedulerName': 'default-scheduler',
      'spec.serviceAccountName': 'default',
      'spec.hostNetwork': 'false',
      'status.phase': 'Pending',
      'status.podIP': '10.0.0.5',
      'status.nominatedNodeName': '',
    })
  })
})
