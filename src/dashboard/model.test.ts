import {describe, expect, it} from 'vitest'
import type {KubeObject} from '../api/meta.js'
import {fixtureObjects, NOW} from './fixtures.js'
import {compareCells, listSnapshot, nextSort, parseDuration, parseFilter, type SnapshotOptions} from './model.js'

const pods = fixtureObjects().pods as KubeObject[]
const base: SnapshotOptions = {resource: 'pods', namespaced: true, namespace: 'default', now: NOW}
const namesOf = (o: Partial<SnapshotOptions>) => listSnapshot(pods, {...base, ...o}).rows.map((r) => r.obj.metadata.name)

describe('listSnapshot', () => {
  it('shows one namespace (no NAMESPACE column) or all of them (with it), sorted by namespace/name by default', () => {
    const one = listSnapshot(pods, base)
    expect(one.columns[0].name).toBe('Name')
    expect(one.rows.map((r) => r.key)).not.toContain('batch/old-worker')
    const all = listSnapshot(pods, {...base, namespace: undefined})
    expect(all.columns[0].name).toBe('Namespace')
    expect(all.rows[0].key).toBe('batch/old-worker')
    expect(all.rows[0].cells[0]).toBe('batch')
    expect(all.total).toBe(pods.length)
  })

  it('filters by text (case-insensitive, any cell) and by -l label selector', () => {
    expect(namesOf({filter: 'CRASH'})).toEqual(['api-5f6d8c7b9-qwert'])
    expect(namesOf({filter: 'worker-1'})).toEqual(['db-migrate', 'pi-8xk2p', 'web-7d4b9c8f6-x2x9k'])
    expect(namesOf({filter: '-l app=web'})).toEqual(['web-7d4b9c8f6-x2x9k'])
    expect(namesOf({filter: '-l app in (api,cache)'})).toEqual(['api-5f6d8c7b9-qwert', 'cache-0'])
    expect(namesOf({filter: '-lapp!=web', namespace: 'batch'})).toEqual(['old-worker'])
    const bad = listSnapshot(pods, {...base, filter: '-l =x'})
    expect(bad.filterError).toBeTruthy()
    expect(bad.rows.length).toBe(bad.total)
  })

  it('restricts to a drill-down scope: selector in a namespace, or a node in every namespace', () => {
    expect(namesOf({namespace: 'batch', scope: {label: 'deploy/web', namespace: 'default', selector: {matchLabels: {app: 'web'}}}})).toEqual(['web-7d4b9c8f6-x2x9k'])
    const node = listSnapshot(pods, {...base, scope: {label: 'node/worker-2', nodeName: 'worker-2', allNamespaces: true}})
    expect(node.rows.map((r) => r.key)).toEqual(['batch/old-worker', 'default/api-5f6d8c7b9-qwert'])
    expect(node.columns[0].name).toBe('Namespace')
  })

  it('sorts by a column either way: ages by duration, names naturally', () => {
    expect(namesOf({sort: {column: 'Age', desc: false}}).slice(0, 3)).toEqual(['gpu-job-7f9c2', 'db-migrate', 'pi-8xk2p'])
    expect(namesOf({sort: {column: 'Age', desc: true}})[0]).toBe('web-7d4b9c8f6-x2x9k')
    expect(namesOf({sort: {column: 'Status', desc: false}}).slice(0, 2)).toEqual(['pi-8xk2p', 'api-5f6d8c7b9-qwert'])
    expect(namesOf({sort: {column: 'Name', desc: true}})[0]).toBe('with-sidecar')
  })

  it('carries the row tone', () => {
    const snap = listSnapshot(pods, base)
    expect(snap.rows.find((r) => r.obj.metadata.name === 'api-5f6d8c7b9-qwert')!.tone).toBe('error')
  })
})

describe('sorting helpers', () => {
  it('parses humanDuration output', () => {
    expect(parseDuration('45s')).toBe(45)
    expect(parseDuration('5m12s')).toBe(312)
    expect(parseDuration('2d5h')).toBe(2 * 86400 + 5 * 3600)
    expect(parseDuration('3y12d')).toBe(3 * 365 * 86400 + 12 * 86400)
    expect(parseDuration('<unknown>')).toBe(Infinity)
    expect(compareCells('Age', '90s', '2m')).toBeLessThan(0)
    expect(compareCells('Name', 'pod-2', 'pod-10')).toBeLessThan(0)
  })

  it('shift+letter picks the column, toggles direction, then moves to the next column with that letter', () => {
    const cols = ['Name', 'Ready', 'Status', 'Restarts', 'Age']
    expect(nextSort(cols, 'N', undefined)).toEqual({column: 'Name', desc: false})
    expect(nextSort(cols, 'N', {column: 'Name', desc: false})).toEqual({column: 'Name', desc: true})
    expect(nextSort(cols, 'N', {column: 'Name', desc: true})).toEqual({column: 'Name', desc: false})
    expect(nextSort(cols, 'R', {column: 'Ready', desc: true})).toEqual({column: 'Restarts', desc: false})
    expect(nextSort(cols, 'A', {column: 'Name', desc: false})).toEqual({column: 'Age', desc: false})
    expect(nextSort(cols, 'X', undefined)).toBeUndefined()
  })

  it('parses filters', () => {
    expect(parseFilter('  ').kind).toBe('none')
    expect(parseFilter('Web')).toEqual({kind: 'text', text: 'web'})
    const f = parseFilter('-l tier=db')
    expect(f.kind === 'labels' && f.matches({tier: 'db'})).toBe(true)
    expect(f.kind === 'labels' && f.matches({tier: 'web'})).toBe(false)
    expect(() => parseFilter('-l a in (')).toThrow()
  })
})
