import {at, byteLen, controllerOf, has, num, objs, str, strMap, time} from '../printers/access.js'
import {humanDuration, since} from '../printers/duration.js'
import {LEVEL_0, LEVEL_1, type PrefixWriter} from './writer.js'

/** Annotations describe never shows. */
const SKIP_ANNOTATIONS = new Set(['kubectl.kubernetes.io/last-applied-configuration'])
const MAX_ANNOTATION_LEN = 140

/** printLabelsMultilineWithIndent: "Title:<inner>k=v" then one aligned line per further label, "<none>" if empty. */
export function printLabelsMultiline(w: PrefixWriter, title: string, labels: unknown, initialIndent = '', innerIndent = '\t'): void {
  w.write(LEVEL_0, `${initialIndent}${title}:${innerIndent}`)
  const m = strMap(labels)
  const keys = Object.keys(m).sort()
  if (keys.length === 0) {
    w.writeLine('<none>')
    return
  }
  keys.forEach((key, i) => {
    if (i !== 0) w.write(LEVEL_0, initialIndent + innerIndent)
    w.write(LEVEL_0, `${key}=${m[key]}\n`)
  })
}

function shorten(s: string, max: number): string {
  if (byteLen(s) <= max) return s
  return Buffer.from(s, 'utf8').subarray(0, max).toString('utf8') + '...'
}

/** printAnnotationsMultiline: long or multi-line values go on their own indented lines, cut at 140 bytes. */
export function printAnnotationsMultiline(w: PrefixWriter, title: string, annotations: unknown): void {
  w.write(LEVEL_0, `${title}:\t`)
  const m = strMap(annotations)
  const keys = Object.keys(m).filter((k) => !SKIP_ANNOTATIONS.has(k)).sort()
  if (keys.length === 0) {
    w.writeLine('<none>')
    return
  }
  const indent = '\t'
  keys.forEach((key, i) => {
    if (i !== 0) w.write(LEVEL_0, indent)
    const value = m[key].endsWith('\n') ? m[key].slice(0, -1) : m[key]
    if (byteLen(value) + byteLen(key) + 2 > MAX_ANNOTATION_LEN || value.includes('\n')) {
      w.write(LEVEL_0, `${key}:\n`)
      for (const s of value.split('\n')) w.write(LEVEL_0, `${indent}  ${shorten(s, MAX_ANNOTATION_LEN - 2)}\n`)
    } else {
      w.write(LEVEL_0, `${key}: ${value}\n`)
    }
  })
}

/** printTolerationsMultilineWithIndent: "key=value:Effect op=Exists for 300s", sorted by key. */
export function printTolerationsMultiline(w: PrefixWriter, title: string, tolerations: unknown, initialIndent = '', innerIndent = '\t'): void {
  w.write(LEVEL_0, `${initialIndent}${title}:${innerIndent}`)
  const list = objs(tolerations)
  if (list.length === 0) {
    w.writeLine('<none>')
    return
  }
  const sorted = [...list].sort((a, b) => (str(a.key) < str(b.key) ? -1 : str(a.key) > str(b.key) ? 1 : 0))
  sorted.forEach((t, i) => {
    if (i !== 0) w.write(LEVEL_0, initialIndent + innerIndent)
    let line = str(t.key)
    if (str(t.value) !== '') line += `=${str(t.value)}`
    if (str(t.effect) !== '') line += `:${str(t.effect)}`
    if (t.operator === 'Exists' && str(t.value) === '') {
      line += str(t.key) !== '' || str(t.effect) !== '' ? ' op=Exists' : 'op=Exists'
    }
    if (has(t, 'tolerationSeconds')) line += ` for ${num(t.tolerationSeconds)}s`
    w.write(LEVEL_0, line + '\n')
  })
}

/** Taint.ToString: key[=value][:effect]. */
export function taintString(t: unknown): string {
  const key = str(at(t, 'key'))
  const value = str(at(t, 'value'))
  const effect = str(at(t, 'effect'))
  if (effect === '') return value === '' ? key : `${key}=${value}:`
  return value === '' ? `${key}:${effect}` : `${key}=${value}:${effect}`
}

/** printTaintsMultilineWithIndent: taints sorted by "effect,key". */
export function printTaintsMultiline(w: PrefixWriter, title: string, taints: unknown): void {
  w.write(LEVEL_0, `${title}:\t`)
  const list = objs(taints)
  if (list.length === 0) {
    w.writeLine('<none>')
    return
  }
  const keyOf = (t: Record<string, unknown>): string => `${str(t.effect)},${str(t.key)}`
  const sorted = [...list].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0))
  sorted.forEach((t, i) => {
    if (i !== 0) w.write(LEVEL_0, '\t')
    w.write(LEVEL_0, taintString(t) + '\n')
  })
}

/** printController: "Kind/name" of the controller owner reference, '' without one. */
export function controlledBy(o: unknown): string {
  const ref = controllerOf(o)
  return ref ? `${str(ref.kind)}/${str(ref.name)}` : ''
}

function timeMs(v: unknown): number {
  return time(v)?.getTime() ?? Number.NEGATIVE_INFINITY
}

/**
 * DescribeEvents: "Events:  <none>" or the Type/Reason/Age/From/Message table sorted by last timestamp,
 * the age reading "<last> (xN over <first>)" for repeated events.
 */
export function describeEvents(w: PrefixWriter, events: readonly unknown[], now: Date): void {
  if (events.length === 0) {
    w.write(LEVEL_0, 'Events:\t<none>\n')
    return
  }
  w.flush()
  const sorted = [...events].sort((a, b) => {
    const x = timeMs(at(a, 'lastTimestamp'))
    const y = timeMs(at(b, 'lastTimestamp'))
    return x < y ? -1 : x > y ? 1 : 0
  })
  w.write(LEVEL_0, 'Events:\n  Type\tReason\tAge\tFrom\tMessage\n')
  w.write(LEVEL_1, '----\t------\t----\t----\t-------\n')
  for (const e of sorted) {
    const eventTime = time(at(e, 'eventTime'))
    const first = eventTime ? humanDuration(now.getTime() - eventTime.getTime()) : since(at(e, 'firstTimestamp'), now)
    let interval: string
    if (has(e, 'series')) {
      interval = `${since(at(e, 'series', 'lastObservedTime'), now)} (x${num(at(e, 'series', 'count'))} over ${first})`
    } else if (num(at(e, 'count')) > 1) {
      interval = `${since(at(e, 'lastTimestamp'), now)} (x${num(at(e, 'count'))} over ${first})`
    } else {
      interval = first
    }
    const source = str(at(e, 'source', 'component')) || str(at(e, 'reportingController'))
    let message = str(at(e, 'message')).trim()
    const fieldPath = str(at(e, 'involvedObject', 'fieldPath'))
    if (fieldPath.length > 0) message = `${fieldPath}: ${message}`
    w.write(LEVEL_1, `${str(at(e, 'type'))}\t${str(at(e, 'reason'))}\t${interval}\t${source}\t${message}\n`)
  }
}

/**
 * The events about an object, selected as kubectl's event search does: involvedObject name and namespace
 * match, and kind and uid when the event carries them.
 */
export function eventsFor(o: unknown, events: readonly unknown[]): unknown[] {
  const name = str(at(o, 'metadata', 'name'))
  const namespace = str(at(o, 'metadata', 'namespace'))
  const uid = str(at(o, 'metadata', 'uid'))
  const kind = str(at(o, 'kind'))
  return events.filter((e) => {
    const ref = at(e, 'involvedObject')
    if (str(at(ref, 'name')) !== name || str(at(ref, 'namespace')) !== namespace) return false
    if (kind !== '' && str(at(ref, 'kind')) !== '' && str(at(ref, 'kind')) !== kind) return false
    if (uid !== '' && str(at(ref, 'uid')) !== '' && str(at(ref, 'uid')) !== uid) return false
    return true
  })
}

/** printBool: True / False. */
export function printBool(v: unknown): string {
  return v === true ? 'True' : 'False'
}

/** stringOrNone */
export function orNone(s: string): string {
  return s.length > 0 ? s : '<none>'
}
