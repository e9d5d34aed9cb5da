import {afterEach, describe, expect, it} from 'vitest'
import {crashEvents, NOW} from '../printers/fixtures.js'
import {describeEvents, eventsFor, printAnnotationsMultiline, printLabelsMultiline, printTaintsMultiline, printTolerationsMultiline, taintString} from './common.js'
import {camelSplit, smartLabelFor} from './generic.js'
import {PrefixWriter, rfc1123z, tabbedString} from './writer.js'

process.env.TZ = 'UTC'

const render = (body: (w: PrefixWriter) => void): string => tabbedString(body)

describe('multi-line fields', () => {
  it('prints labels sorted and aligned, <none> when empty', () => {
    expect(render((w) => printLabelsMultiline(w, 'Labels', {b: '2', a: '1'}))).toBe('Labels:  a=1\n         b=2\n')
    expect(render((w) => printLabelsMultiline(w, 'Labels', {}))).toBe('Labels:  <none>\n')
  })

  it('prints annotations, skipping last-applied-configuration and folding long or multi-line values', () => {
    const long = 'v'.repeat(200)
    const out = render((w) => printAnnotationsMultiline(w, 'Annotations', {
      'kubectl.kubernetes.io/last-applied-configuration': '{"big":"json"}\n',
      short: 'yes',
      long,
      multi: 'line one\nline two\n',
    }))
    expect(out).toBe([
      'Annotations:  long:',
      `                ${'v'.repeat(138)}...`,
      '              multi:',
      '                line one',
      '                line two',
      '              short: yes',
      '',
    ].join('\n'))
    expect(render((w) => printAnnotationsMultiline(w, 'Annotations', {'kubectl.kubernetes.io/last-applied-configuration': 'x'}))).toBe('Annotations:  <none>\n')
  })

  it('prints tolerations in every operator form', () => {
    const out = render((w) => printTolerationsMultiline(w, 'Tolerations', [
      {operator: 'Exists'},
      {key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule'},
      {key: 'a', operator: 'Exists'},
      {key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300},
    ]))
    expect(out).toBe([
      'Tolerations:  op=Exists',
      '              a op=Exists',
      '              dedicated=gpu:NoSchedule',
      '              node.kubernetes.io/not-ready:NoExecute op=Exists for 300s',
      '',
    ].join('\n'))
  })

  it('prints taints sorted by effect then key', () => {
    expect(taintString({key: 'k', value: 'v'})).toBe('k=v:')
    expect(taintString({key: 'k'})).toBe('k')
    const out = render((w) => printTaintsMultiline(w, 'Taints', [{key: 'z', effect: 'NoExecute'}, {key: 'b', value: '1', effect: 'NoSchedule'}, {key: 'a', effect: 'NoSchedule'}]))
    expect(out).toBe('Taints:  z:NoExecute\n         a:NoSchedule\n         b=1:NoSchedule\n')
    expect(render((w) => printTaintsMultiline(w, 'Taints', undefined))).toBe('Taints:  <none>\n')
  })
})

describe('events', () => {
  it('prints <none> without events', () => {
    expect(render((w) => describeEvents(w, [], NOW))).toBe('Events:  <none>\n')
  })
  it('aligns the events table independently of what precedes it', () => {
    const out = render((w) => {
      w.write(0, 'A very long field name:\tvalue\n')
      describeEvents(w, [crashEvents[1]], NOW)
    })
    expect(out).toBe([
      'A very long field name:  value',
      'Events:',
      '  Type    Reason     Age   From               Message',
      '  ----    ------     ----  ----               -------',
      '  Normal  Scheduled  45m   default-scheduler  Successfully assigned default/api-5f6d8c7b9-qwert to worker-2',
      '',
    ].join('\n'))
  })
  it('selects the events about an object like the field-selector search', () => {
    const pod = {kind: 'Pod', metadata: {name: 'api-5f6d8c7b9-qwert', namespace: 'default', uid: 'uid-crash'}}
    const other = {...crashEvents[1], involvedObject: {kind: 'Pod', namespace: 'default', name: 'api-5f6d8c7b9-qwert', uid: 'older-incarnation'}}
    const rs = {...crashEvents[1], involvedObject: {kind: 'ReplicaSet', namespace: 'default', name: 'api-5f6d8c7b9-qwert'}}
    expect(eventsFor(pod, [...crashEvents, other, rs])).toEqual(crashEvents)
  })
})

describe('generic labels', () => {
  it('splits camel case like fatih/camelcase', () => {
    expect(camelSplit('PDFLoader')).toEqual(['PDF', 'Loader'])
    expect(camelSplit('leaseDurationSeconds')).toEqual(['lease', 'Duration', 'Seconds'])
  })
  it('turns field names into titles', () => {
    expect(smartLabelFor('apiVersion')).toBe('API Version')
    expect(smartLabelFor('clusterIP')).toBe('Cluster IP')
    expect(smartLabelFor('uid')).toBe('UID')
    expect(smartLabelFor('IPFamilies')).toBe('IPFamilies')
    expect(smartLabelFor('port80')).toBe('port80')
    expect(smartLabelFor('tls.crt')).toBe('tls.crt')
  })
})

describe('rfc1123z', () => {
  afterEach(() => {
    process.env.TZ = 'UTC'
  })
  it('formats in the local time zone like Go', () => {
    expect(rfc1123z('2024-05-01T12:00:00Z')).toBe('Wed, 01 May 2024 12:00:00 +0000')
    process.env.TZ = 'Asia/Kolkata'
    expect(rfc1123z('2024-05-01T12:00:00Z')).toBe('Wed, 01 May 2024 17:30:00 +0530')
    process.env.TZ = 'America/New_York'
    expect(rfc1123z('2024-01-05T03:04:05Z')).toBe('Thu, 04 Jan 2024 22:04:05 -0500')
  })
  it('prints Go zero time for an unset timestamp', () => {
    expect(rfc1123z(undefined)).toBe('Mon, 01 Jan 0001 00:00:00 +0000')
  })
})
