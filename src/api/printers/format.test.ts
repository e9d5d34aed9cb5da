import {describe, expect, it} from 'vitest'
import {completedPod, crashLoopPod, initErrorPod, initPod, newReplicaSet, NOW, oldReplicaSet, runningPod, services, sidecarPod, terminatingPod} from './fixtures.js'
import {formatTable, printerFor, tableFor} from './index.js'
import {tabwrite} from './tabwriter.js'

const pods = [runningPod, crashLoopPod, initPod, initErrorPod, sidecarPod, terminatingPod, completedPod]

describe('tabwrite (Go text/tabwriter)', () => {
  it('pads every column to its widest cell plus padding', () => {
    expect(tabwrite('a\tbb\tc\nccc\td\te\n', {minwidth: 0, padding: 2})).toBe('a    bb  c\nccc  d   e\n')
  })
  it('applies the minimal width', () => {
    expect(tabwrite('a\tb\n', {minwidth: 6, padding: 3})).toBe('a     b\n')
  })
  it('aligns only consecutive lines that share a column', () => {
    expect(tabwrite('a\tb\nno tabs here\nlonger\tc\n', {minwidth: 0, padding: 2})).toBe('a  b\nno tabs here\nlonger  c\n')
  })
  it('does not treat the text after the last tab as a column cell', () => {
    expect(tabwrite('a\tb\tc\naa\tbbb\n', {minwidth: 0, padding: 2})).toBe('a   b  c\naa  bbb\n')
  })
  it('keeps a trailing line without newline and pads empty cells', () => {
    expect(tabwrite('\tx\nyy\tz', {minwidth: 0, padding: 2})).toBe('    x\nyy  z')
  })
})

describe('tableFor', () => {
  it('builds a meta.k8s.io/v1 Table with every column and PartialObjectMetadata rows', () => {
    const t = tableFor('pods', [runningPod, completedPod], {now: NOW})
    expect(t.kind).toBe('Table')
    expect(t.apiVersion).toBe('meta.k8s.io/v1')
    expect(t.metadata).toEqual({})
    expect(t.columnDefinitions.map((c) => [c.name, c.type, c.format, c.priority])).toEqual([
      ['Name', 'string', 'name', 0],
      ['Ready', 'string', '', 0],
      ['Status', 'string', '', 0],
      ['Restarts', 'string', '', 0],
      ['Age', 'string', '', 0],
      ['IP', 'string', '', 1],
      ['Node', 'string', '', 1],
      ['Nominated Node', 'string', '', 1],
      ['Readiness Gates', 'string', '', 1],
    ])
    expect(t.columnDefinitions.every((c) => c.description.length > 0)).toBe(true)
    expect(t.rows[0].cells).toHaveLength(9)
    expect(t.rows[0].object).toEqual({kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: runningPod.metadata})
    expect(t.rows[0].conditions).toBeUndefined()
    expect(t.rows[1].conditions).toEqual([{type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.'}])
    expect(JSON.parse(JSON.stringify(t))).toEqual(t)
  })
  it('embeds the full object or nothing as includeObject asks', () => {
    expect(tableFor('pods', [runningPod], {now: NOW, includeObject: 'Object'}).rows[0].object).toBe(runningPod)
    expect('object' in tableFor('pods', [runningPod], {now: NOW, includeObject: 'None'}).rows[0]).toBe(false)
  })
  it('falls back to NAME and AGE for kinds without a printer', () => {
    const t = tableFor('widgets', [{metadata: {name: 'w1', creationTimestamp: '2024-05-01T11:59:00Z'}}], {now: NOW})
    expect(t.columnDefinitions.map((c) => c.name)).toEqual(['Name', 'Age'])
    expect(t.rows[0].cells).toEqual(['w1', '60s'])
    expect(printerFor('Pods')).toBe(printerFor('pods'))
  })
})

describe('formatTable', () => {
  it('renders pods like kubectl get pods', () => {
    expect(formatTable(tableFor('pods', pods, {now: NOW}))).toBe(
      [
        'NAME                  READY   STATUS             RESTARTS        AGE',
        'web-7d4b9c8f6-x2x9k   1/1     Running            0               2d5h',
        'api-5f6d8c7b9-qwert   0/1     CrashLoopBackOff   5 (2m30s ago)   45m',
        'db-migrate            0/1     Init:1/2           0               95s',
        'setup-fails           0/1     Init:Error         2 (70s ago)     10m',
        'with-sidecar          2/2     Running            1 (60m ago)     3h',
        'old-worker            1/1     Terminating        0               400d',
        'pi-8xk2p              0/1     Completed          0               5m12s',
        '',
      ].join('\n'),
    )
  })

  it('renders -o wide -A with the NAMESPACE column first', () => {
    expect(formatTable(tableFor('pods', [runningPod, terminatingPod, initPod], {now: NOW}), {wide: true, showNamespace: true})).toBe(
      [
        'NAMESPACE   NAME                  READY   STATUS        RESTARTS   AGE    IP           NODE       NOMINATED NODE   READINESS GATES',
        'default     web-7d4b9c8f6-x2x9k   1/1     Running       0          2d5h   10.244.1.5   worker-1   <none>           <none>',
        'batch       old-worker            1/1     Terminating   0          400d   10.244.2.9   worker-2   <none>           <none>',
        'default     db-migrate            0/1     Init:1/2      0          95s    <none>       worker-1   <none>           <none>',
        '',
      ].join('\n'),
    )
  })

  it('renders --show-labels with LABELS last', () => {
    expect(formatTable(tableFor('replicasets', [oldReplicaSet, newReplicaSet], {now: NOW}), {showLabels: true})).toBe(
      [
        'NAME            DESIRED   CURRENT   READY   AGE    LABELS',
        'web-7d4b9c8f6   3         3         2       2d5h   app=web,pod-template-hash=7d4b9c8f6',
        'web-85f6c9d7b   1         1         0       40s    app=web,pod-template-hash=85f6c9d7b',
        '',
      ].join('\n'),
    )
  })

  it('renders services with the minimal column width', () => {
    expect(formatTable(tableFor('services', [services.clusterIP, services.pendingLB, services.headless], {now: NOW}))).toBe(
      [
        'NAME         TYPE           CLUSTER-IP   EXTERNAL-IP   PORT(S)         AGE',
        'kubernetes   ClusterIP      10.96.0.1    <none>        443/TCP         3d',
        'web-lb       LoadBalancer   10.96.45.6   <pending>     443:31443/TCP   3d',
        'db           ClusterIP      None         <none>        5432/TCP        3d',
        '',
      ].join('\n'),
    )
  })

  it('aligns rows the same way without headers', () => {
    expect(formatTable(tableFor('pods', [runningPod, completedPod], {now: NOW}), {noHeaders: true})).toBe(
      ['web-7d4b9c8f6-x2x9k   1/1   Running     0     2d5h', 'pi-8xk2p              0/1   Completed   0     5m12s', ''].join('\n'),
    )
  })

  it('cuts cells at line breaks and escapes terminal sequences', () => {
    const t = tableFor('namespaces', [{metadata: {name: 'evil\nline', creationTimestamp: '2024-05-01T11:59:00Z'}, status: {phase: '\x1b[31mActive'}}], {now: NOW})
    // widths come from the raw cells (9 and 11 bytes), as kubectl pre-scans them before sanitizing
    expect(formatTable(t)).toBe('NAME        STATUS         AGE\nevil...     ^[[31mActive   60s\n')
  })

  it('leaves the namespace empty for rows without object metadata and prints nothing for an empty table', () => {
    const t = tableFor('namespaces', [{metadata: {name: 'a', creationTimestamp: '2024-05-01T11:59:00Z'}, status: {phase: 'Active'}}], {now: NOW, includeObject: 'None'})
    expect(formatTable(t, {showNamespace: true})).toBe('NAMESPACE   NAME   STATUS   AGE\n            a      Active   60s\n')
    expect(formatTable(tableFor('pods', [], {now: NOW}))).toBe('')
  })
})
