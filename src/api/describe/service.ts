import {arr, at, has, num, objs, str} from '../printers/access.js'
import {formatLabels} from '../printers/labels.js'
import {formatEndpoints} from '../printers/network.js'
import {describeEvents, printAnnotationsMultiline, printLabelsMultiline} from './common.js'
import {LEVEL_0, tabbedString} from './writer.js'

/** buildIngressString: load-balancer ingress points, "ip (ipMode)" or hostname, joined with ", ". */
function ingressString(svc: unknown): string {
  return objs(at(svc, 'status', 'loadBalancer', 'ingress'))
    .map((i) => (str(i.ip) !== '' ? str(i.ip) + (has(i, 'ipMode') ? ` (${str(i.ipMode)})` : '') : str(i.hostname)))
    .join(', ')
}

/**
 * kubectl describe service. `endpoints` is the service's Endpoints object (same name), used for the
 * per-port "Endpoints:" lines; "<none>" when absent.
 */
export function describeService(svc: unknown, events: readonly unknown[], endpoints: unknown, now: Date): string {
  return tabbedString((w) => {
    const spec = at(svc, 'spec')
    w.write(LEVEL_0, `Name:\t${str(at(svc, 'metadata', 'name'))}\n`)
    w.write(LEVEL_0, `Namespace:\t${str(at(svc, 'metadata', 'namespace'))}\n`)
    printLabelsMultiline(w, 'Labels', at(svc, 'metadata', 'labels'))
    printAnnotationsMultiline(w, 'Annotations', at(svc, 'metadata', 'annotations'))
    w.write(LEVEL_0, `Selector:\t${formatLabels(at(spec, 'selector'))}\n`)
    w.write(LEVEL_0, `Type:\t${str(at(spec, 'type'))}\n`)
    if (has(spec, 'ipFamilyPolicy')) w.write(LEVEL_0, `IP Family Policy:\t${str(at(spec, 'ipFamilyPolicy'))}\n`)
    const families = arr(at(spec, 'ipFamilies')).map(str)
    w.write(LEVEL_0, `IP Families:\t${families.length > 0 ? families.join(',') : '<none>'}\n`)
    w.write(LEVEL_0, `IP:\t${str(at(spec, 'clusterIP'))}\n`)
    const clusterIPs = arr(at(spec, 'clusterIPs')).map(str)
    w.write(LEVEL_0, `IPs:\t${clusterIPs.length > 0 ? clusterIPs.join(',') : '<none>'}\n`)
    const externalIPs = arr(at(spec, 'externalIPs')).map(str)
    if (externalIPs.length > 0) w.write(LEVEL_0, `External IPs:\t${externalIPs.join(',')}\n`)
    if (str(at(spec, 'loadBalancerIP')) !== '') w.write(LEVEL_0, `Desired LoadBalancer IP:\t${str(at(spec, 'loadBalancerIP'))}\n`)
    if (str(at(spec, 'externalName')) !== '') w.write(LEVEL_0, `External Name:\t${str(at(spec, 'externalName'))}\n`)
    if (objs(at(svc, 'status', 'loadBalancer', 'ingress')).length > 0) w.write(LEVEL_0, `LoadBalancer Ingress:\t${ingressString(svc)}\n`)
    for (const sp of objs(at(spec, 'ports'))) {
      const name = str(sp.name) || '<unset>'
      const protocol = str(sp.protocol) || 'TCP'
      w.write(LEVEL_0, `Port:\t${name}\t${num(sp.port)}/${protocol}\n`)
      const target = typeof sp.targetPort === 'string' ? sp.targetPort : String(num(sp.targetPort))
      w.write(LEVEL_0, `TargetPort:\t${target}/${protocol}\n`)
      if (has(sp, 'appProtocol')) w.write(LEVEL_0, `AppProtocol:\t${str(sp.appProtocol)}\n`)
      if (num(sp.nodePort) !== 0) w.write(LEVEL_0, `NodePort:\t${name}\t${num(sp.nodePort)}/${protocol}\n`)
      w.write(LEVEL_0, `Endpoints:\t${formatEndpoints(endpoints, new Set([str(sp.name)]))}\n`)
    }
    w.write(LEVEL_0, `Session Affinity:\t${str(at(spec, 'sessionAffinity'))}\n`)
    if (str(at(spec, 'externalTrafficPolicy')) !== '') w.write(LEVEL_0, `External Traffic Policy:\t${str(at(spec, 'externalTrafficPolicy'))}\n`)
    if (has(spec, 'internalTrafficPolicy')) w.write(LEVEL_0, `Internal Traffic Policy:\t${str(at(spec, 'internalTrafficPolicy'))}\n`)
    if (num(at(spec, 'healthCheckNodePort')) !== 0) w.write(LEVEL_0, `HealthCheck NodePort:\t${num(at(spec, 'healthCheckNodePort'))}\n`)
    const ranges = arr(at(spec, 'loadBalancerSourceRanges')).map(str)
    if (ranges.length > 0) w.write(LEVEL_0, `LoadBalancer Source Ranges:\t${ranges.join(',')}\n`)
    if (has(spec, 'trafficDistribution')) w.write(LEVEL_0, `Traffic Distribution:\t${str(at(spec, 'trafficDistribution'))}\n`)
    describeEvents(w, events, now)
  })
}
