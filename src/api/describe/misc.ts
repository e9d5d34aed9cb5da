import {at, num, obj, objs, str} from '../printers/access.js'
import {describeEvents, printAnnotationsMultiline, printLabelsMultiline} from './common.js'
import {LEVEL_0, LEVEL_1, LEVEL_2, type PrefixWriter, rfc1123z, tabbedString} from './writer.js'

function header(w: PrefixWriter, o: unknown, namespaced: boolean): void {
  w.write(LEVEL_0, `Name:\t${str(at(o, 'metadata', 'name'))}\n`)
  if (namespaced) w.write(LEVEL_0, `Namespace:\t${str(at(o, 'metadata', 'namespace'))}\n`)
  printLabelsMultiline(w, 'Labels', at(o, 'metadata', 'labels'))
  printAnnotationsMultiline(w, 'Annotations', at(o, 'metadata', 'annotations'))
}

/** Decoded length of a base64 value (a []byte field on the wire). */
function base64Len(v: unknown): number {
  return Buffer.from(str(v), 'base64').length
}

/**
 * kubectl describe namespace. mkube serves neither ResourceQuotas nor LimitRanges, which kubectl treats as
 * "not supported by the server" and leaves out.
 */
export function describeNamespace(ns: unknown): string {
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${str(at(ns, 'metadata', 'name'))}\n`)
    printLabelsMultiline(w, 'Labels', at(ns, 'metadata', 'labels'))
    printAnnotationsMultiline(w, 'Annotations', at(ns, 'metadata', 'annotations'))
    w.write(LEVEL_0, `Status:\t${str(at(ns, 'status', 'phase'))}\n`)
    const conditions = objs(at(ns, 'status', 'conditions'))
    if (conditions.length > 0) {
      w.write(LEVEL_0, 'Conditions:\n')
      w.write(LEVEL_1, 'Type\tStatus\tLastTransitionTime\tReason\tMessage\n')
      w.write(LEVEL_1, '----\t------\t------------------\t------\t-------\n')
      for (const c of conditions) {
        w.write(LEVEL_1, `${str(c.type)}\t${str(c.status)}\t${rfc1123z(c.lastTransitionTime)}\t${str(c.reason)}\t${str(c.message)}\n`)
      }
    }
  })
}

/** kubectl describe configmap: each data key with its value, binary data as byte counts. */
export function describeConfigMap(cm: unknown, events: readonly unknown[], now: Date): string {
  return tabbedString((w) => {
    header(w, cm, true)
    w.write(LEVEL_0, '\nData\n====\n')
    const data = obj(at(cm, 'data'))
    for (const k of Object.keys(data).sort()) {
      w.write(LEVEL_0, `${k}:\n----\n`)
      w.write(LEVEL_0, `${str(data[k])}\n`)
      w.write(LEVEL_0, '\n')
    }
    w.write(LEVEL_0, '\nBinaryData\n====\n')
    const binary = obj(at(cm, 'binaryData'))
    for (const k of Object.keys(binary).sort()) w.write(LEVEL_0, `${k}: ${base64Len(binary[k])} bytes\n`)
    w.write(LEVEL_0, '\n')
    describeEvents(w, events, now)
  })
}

/** kubectl describe secret: type and the byte size of each key (service account tokens shown in full). */
export function describeSecret(secret: unknown): string {
  return tabbedString((w) => {
    header(w, secret, true)
    const type = str(at(secret, 'type'))
    w.write(LEVEL_0, `\nType:\t${type}\n`)
    w.write(LEVEL_0, '\nData\n====\n')
    const data = obj(at(secret, 'data'))
    for (const k of Object.keys(data).sort()) {
      if (k === 'token' && type === 'kubernetes.io/service-account-token') {
        w.write(LEVEL_0, `${k}:\t${Buffer.from(str(data[k]), 'base64').toString('utf8')}\n`)
      } else {
        w.write(LEVEL_0, `${k}:\t${base64Len(data[k])} bytes\n`)
      }
    }
  })
}

/** kubectl describe serviceaccount. */
export function describeServiceAccount(sa: unknown, events: readonly unknown[], now: Date): string {
  return tabbedString((w) => {
    header(w, sa, true)
    const pullSecrets = objs(at(sa, 'imagePullSecrets')).map((s) => str(s.name))
    const title = 'Image pull secrets:'
    if (pullSecrets.length === 0) {
      w.write(LEVEL_0, `${title}\t<none>\n`)
    } else {
      pullSecrets.forEach((name, i) => w.write(LEVEL_0, `${i === 0 ? title : ' '.repeat(title.length)}\t${name}\n`))
    }
    describeEvents(w, events, now)
  })
}

/** kubectl describe endpoints: addresses, not-ready addresses and ports of each subset. */
export function describeEndpoints(ep: unknown, events: readonly unknown[], now: Date): string {
  return tabbedString((w) => {
    header(w, ep, true)
    w.write(LEVEL_0, 'Subsets:\n')
    for (const ss of objs(at(ep, 'subsets'))) {
      const addrs = objs(ss.addresses).map((a) => str(a.ip)).join(',')
      w.write(LEVEL_1, `Addresses:\t${addrs || '<none>'}\n`)
      const notReady = objs(ss.notReadyAddresses).map((a) => str(a.ip)).join(',')
      w.write(LEVEL_1, `NotReadyAddresses:\t${notReady || '<none>'}\n`)
      const ports = objs(ss.ports)
      if (ports.length > 0) {
        w.write(LEVEL_1, 'Ports:\n')
        w.write(LEVEL_2, 'Name\tPort\tProtocol\n')
        w.write(LEVEL_2, '----\t----\t--------\n')
        for (const p of ports) w.write(LEVEL_2, `${str(p.name) || '<unset>'}\t${num(p.port)}\t${str(p.protocol)}\n`)
      }
      w.write(LEVEL_0, '\n')
    }
    describeEvents(w, events, now)
  })
}
