/**
 * The model of a resource view: from the cached objects to the rows on screen — restricted to the
 * namespace and drill-down scope, filtered ("/" text or "-l selector"), sorted by a column, rendered by
 * the per-kind renderers. Pure.
 */
import type {KubeObject} from '../api/meta.js'
import {labelSelectorMatches, parseLabelSelector} from '../api/selectors/index.js'
import {objectKey} from '../client/informer.js'
import {header, row, rowTone, type Column} from './render.js'
import type {Scope, Sort} from './state.js'
import type {Tone} from './text.js'

/** One row of a view. */
export interface ViewRow {
  key: string
  obj: KubeObject
  cells: string[]
  tone?: Tone
}

/** What a list shows. */
export interface ListSnapshot {
  columns: Column[]
  rows: ViewRow[]
  /** objects in scope before the "/" filter */
  total: number
  /** why the filter could not be applied (bad selector) */
  filterError?: string
}

/** Inputs of listSnapshot. */
export interface SnapshotOptions {
  resource: string
  namespaced: boolean
  /** namespace in view; undefined = all namespaces */
  namespace?: string
  scope?: Scope
  filter?: string
  sort?: Sort
  now: Date
}

/** Columns whose cells are durations (humanDuration): sorted by time, youngest first when ascending. */
const DURATION_COLUMNS = new Set(['Age', 'Last Seen', 'First Seen', 'Duration'])

const UNITS: Record<string, number> = {s: 1, m: 60, h: 3600, d: 86400, y: 365 * 86400}

/** Seconds of a humanDuration ("2d5h", "45s", "3y12d"); Infinity for "<unknown>" and other text. */
export function parseDuration(s: string): number {
  if (!/^(\d+[smhdy])+$/.test(s)) return Number.POSITIVE_INFINITY
  let total = 0
  for (const m of s.matchAll(/(\d+)([smhdy])/g)) total += Number(m[1]) * UNITS[m[2]]
  return total
}

const collator = new Intl.Collator('en', {numeric: true, sensitivity: 'base'})

/** Compares two cells of `column`: durations by length, everything else in natural order ("pod-2" < "pod-10"). */
export function compareCells(column: string, a: string, b: string): number {
  if (DURATION_COLUMNS.has(column)) {
    const x = parseDuration(a)
    const y = parseDuration(b)
    if (x !== y) return x < y ? -1 : 1
    return 0
  }
  return collator.compare(a, b)
}

/** A parsed "/" filter: a label selector (-l …) or a case-insensitive text. */
export type Filter = {kind: 'none'} | {kind: 'text'; text: string} | {kind: 'labels'; matches: (labels: Record<string, string> | undefined) => boolean}

/** Parses the "/" filter text; throws on an invalid label selector. */
export function parseFilter(text: string): Filter {
  const t = text.trim()
  if (t === '') return {kind: 'none'}
  const m = /^-l\s*(.*)$/.exec(t)
  if (m) {
    const sel = parseLabelSelector(m[1].trim())
    return {kind: 'labels', matches: (labels) => sel.matches(labels)}
  }
  return {kind: 'text', text: t.toLowerCase()}
}

/** Whether an object is within a drill-down scope. */
export function inScope(obj: KubeObject, scope: Scope | undefined): boolean {
  if (!scope) return true
  if (scope.namespace !== undefined && obj.metadata.namespace !== scope.namespace) return false
  if (scope.nodeName !== undefined && (obj as {spec?: {nodeName?: string}}).spec?.nodeName !== scope.nodeName) return false
  if (scope.selector !== undefined) {
    try {
      if (!labelSelectorMatches(scope.selector, obj.metadata.labels)) return false
    } catch {
      return false
    }
  }
  return true
}

/** Whether a namespaced list shows all namespaces (and so a NAMESPACE column). */
export function showsAllNamespaces(o: Pick<SnapshotOptions, 'namespaced' | 'namespace' | 'scope'>): boolean {
  if (!o.namespaced) return false
  if (o.scope?.namespace !== undefined) return false
  return o.scope?.allNamespaces === true || o.namespace === undefined
}

/** The rows of a resource view. */
export function listSnapshot(objects: readonly KubeObject[], o: SnapshotOptions): ListSnapshot {
  const allNs = showsAllNamespaces(o)
  const opts = {namespaceColumn: allNs}
  const columns = header(o.resource, opts)
  const scoped = objects.filter((obj) => {
    if (o.namespaced && !allNs && o.scope?.namespace === undefined && obj.metadata.namespace !== o.namespace) return false
    return inScope(obj, o.scope)
  })
  let filter: Filter = {kind: 'none'}
  let filterError: string | undefined
  try {
    filter = parseFilter(o.filter ?? '')
  } catch (e) {
    filterError = (e as Error).message
  }
  let rows: ViewRow[] = []
  for (const obj of scoped) {
    if (filter.kind === 'labels' && !filter.matches(obj.metadata.labels)) continue
    const cells = row(o.resource, obj, o.now, opts)
    if (filter.kind === 'text' && !cells.join(' ').toLowerCase().includes(filter.text)) continue
    rows.push({key: objectKey(obj), obj, cells, tone: rowTone(o.resource, obj)})
  }
  rows = sortRows(rows, columns, o.sort)
  return {columns, rows, total: scoped.length, filterError}
}

/** Sorts rows by a column (then by key); by key (namespace/name) without a sort. */
export function sortRows(rows: ViewRow[], columns: readonly Column[], sort: Sort | undefined): ViewRow[] {
  const i = sort ? columns.findIndex((c) => c.name === sort.column) : -1
  const byKey = (a: ViewRow, b: ViewRow) => collator.compare(a.key, b.key)
  if (i < 0) return [...rows].sort(byKey)
  const dir = sort!.desc ? -1 : 1
  return [...rows].sort((a, b) => dir * compareCells(columns[i].name, a.cells[i], b.cells[i]) || byKey(a, b))
}

/**
 * The column a shift+letter sorts by: the first column starting with the letter; pressed again, the
 * same column in the other direction; a third time, the next column starting with it (READY → RESTARTS).
 */
export function nextSort(columns: readonly string[], letter: string, current: Sort | undefined): Sort | undefined {
  const l = letter.toLowerCase()
  const candidates = columns.filter((c) => c.toLowerCase().startsWith(l))
  if (candidates.length === 0) return undefined
  const at = current ? candidates.indexOf(current.column) : -1
  if (at < 0) return {column: candidates[0], desc: false}
  if (!current!.desc) return {column: current!.column, desc: true}
  return {column: candidates[(at + 1) % candidates.length], desc: false}
}
