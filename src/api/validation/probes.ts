/** Probes and lifecycle hooks (validateProbe, validateHandler, validateLifecycle). */
import type {StatusCause} from '../meta.js'
import type {HTTPGetAction, Lifecycle, LifecycleHandler, Probe} from '../types/container.js'
import type {IntOrString} from '../types/common.js'
import {cause} from '../errors.js'
import {at, child, invalidEach, nonNegative} from './path.js'
import {isHTTPHeaderName, isValidPortName, isValidPortNum} from './names.js'

/** ValidatePortNumOrName: a port number 1–65535 or an IANA_SVC_NAME. */
export function validatePortNumOrName(port: IntOrString | undefined, path: string): StatusCause[] {
  if (port === undefined || port === '' || port === 0) return [cause.required(path)]
  if (typeof port === 'number') return invalidEach(path, port, isValidPortNum(port))
  if (typeof port === 'string') return invalidEach(path, port, isValidPortName(port))
  return [cause.invalid(path, port, 'must be an integer or a string')]
}

function validateHTTPGet(h: HTTPGetAction, path: string): StatusCause[] {
  const errs: StatusCause[] = []
  if (!h.path) errs.push(cause.required(child(path, 'path')))
  errs.push(...validatePortNumOrName(h.port, child(path, 'port')))
  if (h.scheme !== undefined && h.scheme !== 'HTTP' && h.scheme !== 'HTTPS') errs.push(cause.notSupported(child(path, 'scheme'), h.scheme, ['HTTP', 'HTTPS']))
  ;(h.httpHeaders ?? []).forEach((hd, i) => errs.push(...invalidEach(child(at(child(path, 'httpHeaders'), i), 'name'), hd.name, isHTTPHeaderName(hd.name ?? ''))))
  return errs
}

type Handler = LifecycleHandler & Pick<Probe, 'grpc'>

/** validateHandler: exactly one action, each valid. `gracePeriod` bounds sleep actions. */
export function validateHandler(h: Handler, path: string, gracePeriod = 30): StatusCause[] {
  const errs: StatusCause[] = []
  const kinds = (['exec', 'httpGet', 'tcpSocket', 'grpc', 'sleep'] as const).filter((k) => h[k])
  if (kinds.length === 0) return [cause.required(path, 'Required value: must specify a handler type')]
  for (const k of kinds.slice(1)) errs.push(cause.forbidden(child(path, k), 'may not specify more than 1 handler type'))
  if (h.exec && !(h.exec.command ?? []).length) errs.push(cause.required(child(path, 'exec', 'command')))
  if (h.httpGet) errs.push(...validateHTTPGet(h.httpGet, child(path, 'httpGet')))
  if (h.tcpSocket) errs.push(...validatePortNumOrName(h.tcpSocket.port, child(path, 'tcpSocket', 'port')))
  if (h.grpc) errs.push(...invalidEach(child(path, 'grpc', 'port'), h.grpc.port, isValidPortNum(h.grpc.port)))
  if (h.sleep) {
    const s = h.sleep.seconds
    if (typeof s !== 'number' || s < 0 || s > gracePeriod) {
      errs.push(cause.invalid(child(path, 'sleep', 'seconds'), s, `must be non-negative and less than terminationGracePeriodSeconds (${gracePeriod})`))
    }
  }
  return errs
}

/** validateProbe: one handler and non-negative timings. */
export function validateProbe(p: Probe | undefined, path: string, gracePeriod?: number): StatusCause[] {
  if (!p) return []
  const errs = validateHandler({exec: p.exec, httpGet: p.httpGet, tcpSocket: p.tcpSocket, grpc: p.grpc}, path, gracePeriod)
  for (const f of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold'] as const) {
    errs.push(...nonNegative(child(path, f), p[f]))
  }
  if (p.terminationGracePeriodSeconds !== undefined && p.terminationGracePeriodSeconds <= 0) {
    errs.push(cause.invalid(child(path, 'terminationGracePeriodSeconds'), p.terminationGracePeriodSeconds, 'must be greater than 0'))
  }
  return errs
}

/** validateLifecycle: postStart/preStop handlers (tcpSocket is deprecated but accepted). */
export function validateLifecycle(l: Lifecycle | undefined, path: string, gracePeriod?: number): StatusCause[] {
  if (!l) return []
  const errs: StatusCause[] = []
  if (l.postStart) errs.push(...validateHandler(l.postStart, child(path, 'postStart'), gracePeriod))
  if (l.preStop) errs.push(...validateHandler(l.preStop, child(path, 'preStop'), gracePeriod))
  return errs
}
