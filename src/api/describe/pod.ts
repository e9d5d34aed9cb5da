import {at, has, num, objs, str} from '../printers/access.js'
import {since} from '../printers/duration.js'
import {controlledBy, describeEvents, printAnnotationsMultiline, printLabelsMultiline, printTolerationsMultiline} from './common.js'
import {describeContainers, describeResources, podEnvResolver} from './containers.js'
import {describeTopologySpreadConstraints, describeVolumes, podQOS} from './podspec.js'
import {LEVEL_0, LEVEL_1, rfc1123z, tabbedString} from './writer.js'

/** kubectl describe pod. */
export function describePod(pod: unknown, events: readonly unknown[], now: Date): string {
  return tabbedString((w) => {
    const spec = at(pod, 'spec')
    const status = at(pod, 'status')
    const meta = at(pod, 'metadata')
    w.write(LEVEL_0, `Name:\t${str(at(meta, 'name'))}\n`)
    w.write(LEVEL_0, `Namespace:\t${str(at(meta, 'namespace'))}\n`)
    if (has(spec, 'priority')) w.write(LEVEL_0, `Priority:\t${num(at(spec, 'priority'))}\n`)
    if (str(at(spec, 'priorityClassName')) !== '') w.write(LEVEL_0, `Priority Class Name:\t${str(at(spec, 'priorityClassName'))}\n`)
    if (str(at(spec, 'runtimeClassName')) !== '') w.write(LEVEL_0, `Runtime Class Name:\t${str(at(spec, 'runtimeClassName'))}\n`)
    if (str(at(spec, 'serviceAccountName')) !== '') w.write(LEVEL_0, `Service Account:\t${str(at(spec, 'serviceAccountName'))}\n`)
    const nodeName = str(at(spec, 'nodeName'))
    w.write(LEVEL_0, nodeName === '' ? 'Node:\t<none>\n' : `Node:\t${nodeName}/${str(at(status, 'hostIP'))}\n`)
    if (has(status, 'startTime')) w.write(LEVEL_0, `Start Time:\t${rfc1123z(at(status, 'startTime'))}\n`)
    printLabelsMultiline(w, 'Labels', at(meta, 'labels'))
    printAnnotationsMultiline(w, 'Annotations', at(meta, 'annotations'))
    const phase = str(at(status, 'phase'))
    if (has(meta, 'deletionTimestamp') && phase !== 'Failed' && phase !== 'Succeeded') {
      w.write(LEVEL_0, `Status:\tTerminating (lasts ${since(at(meta, 'deletionTimestamp'), now)})\n`)
      w.write(LEVEL_0, `Termination Grace Period:\t${num(at(meta, 'deletionGracePeriodSeconds'))}s\n`)
    } else {
      w.write(LEVEL_0, `Status:\t${phase}\n`)
    }
    if (str(at(status, 'reason')) !== '') w.write(LEVEL_0, `Reason:\t${str(at(status, 'reason'))}\n`)
    if (str(at(status, 'message')) !== '') w.write(LEVEL_0, `Message:\t${str(at(status, 'message'))}\n`)
    if (has(spec, 'securityContext', 'seccompProfile')) {
      const type = str(at(spec, 'securityContext', 'seccompProfile', 'type'))
      w.write(LEVEL_0, `SeccompProfile:\t${type}\n`)
      if (type === 'Localhost') w.write(LEVEL_0, `LocalhostProfile:\t${str(at(spec, 'securityContext', 'seccompProfile', 'localhostProfile'))}\n`)
    }
    w.write(LEVEL_0, `IP:\t${str(at(status, 'podIP'))}\n`)
    const podIPs = objs(at(status, 'podIPs'))
    if (podIPs.length === 0) {
      w.write(LEVEL_0, 'IPs:\t<none>\n')
    } else {
      w.write(LEVEL_0, 'IPs:\n')
      for (const ip of podIPs) w.write(LEVEL_1, `IP:\t${str(ip.ip)}\n`)
    }
    const controller = controlledBy(pod)
    if (controller !== '') w.write(LEVEL_0, `Controlled By:\t${controller}\n`)
    if (str(at(status, 'nominatedNodeName')) !== '') w.write(LEVEL_0, `NominatedNodeName:\t${str(at(status, 'nominatedNodeName'))}\n`)
    if (has(spec, 'resources')) {
      w.write(LEVEL_0, 'Resources:\n')
      describeResources(w, at(spec, 'resources'), LEVEL_1)
    }
    const resolve = podEnvResolver(pod)
    if (objs(at(spec, 'initContainers')).length > 0) {
      describeContainers(w, 'Init Containers', at(spec, 'initContainers'), at(status, 'initContainerStatuses'), resolve, '')
    }
    describeContainers(w, 'Containers', at(spec, 'containers'), at(status, 'containerStatuses'), resolve, '')
    const conditions = objs(at(status, 'conditions'))
    const gates = objs(at(spec, 'readinessGates'))
    if (gates.length > 0) {
      w.write(LEVEL_0, 'Readiness Gates:\n  Type\tStatus\n')
      for (const g of gates) {
        const c = conditions.find((x) => x.type === g.conditionType)
        w.write(LEVEL_1, `${str(g.conditionType)} \t${c ? str(c.status) : '<none>'} \n`)
      }
    }
    if (conditions.length > 0) {
      w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\n')
      for (const c of conditions) w.write(LEVEL_1, `${str(c.type)} \t${str(c.status)} \n`)
    }
    describeVolumes(w, at(spec, 'volumes'), '')
    w.write(LEVEL_0, `QoS Class:\t${podQOS(pod)}\n`)
    printLabelsMultiline(w, 'Node-Selectors', at(spec, 'nodeSelector'))
    printTolerationsMultiline(w, 'Tolerations', at(spec, 'tolerations'))
    describeTopologySpreadConstraints(w, at(spec, 'topologySpreadConstraints'), '')
    describeEvents(w, events, now)
  })
}
