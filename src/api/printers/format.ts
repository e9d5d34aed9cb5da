import {at, byteLen, strMap, str} from './access.js'
import {formatLabels} from './labels.js'
import {TABLE_TABWRITER, tabwrite} from './tabwriter.js'
import type {Table, TableColumnDefinition} from './table.js'

/** How `mkube get` renders a Table (kubectl's PrintOptions subset). */
export interface FormatOptions {
  /** -o wide: include priority > 0 columns */
  wide?: boolean
  /** --no-headers */
  noHeaders?: boolean
  /** -A / --all-namespaces: a NAMESPACE column first, read from each row's object metadata */
  showNamespace?: boolean
  /** --show-labels: a LABELS column last, read from each row's object metadata */
  showLabels?: boolean
}

/** fmt.Sprint of a decoded JSON cell; null/undefined cells print nothing. */
function cellText(cell: unknown): string | undefined {
  if (cell === null || cell === undefined) return undefined
  if (typeof cell === 'string') return cell
  if (typeof cell === 'number' || typeof cell === 'boolean' || typeof cell === 'bigint') return String(cell)
  return JSON.stringify(cell)
}

/** appendCellValue: cut at the first \f \n \r (adding "..."), escape ESC as ^[ and CR as \r. */
function sanitize(value: string): string {
  const brk = value.search(/[\f\n\r]/)
  const escaped = (s: string): string => s.replaceAll('\x1b', '^[').replaceAll('\r', '\\r')
  if (brk >= 0) return escaped(value.slice(0, brk)) + '...'
  return escaped(value)
}

/** decorateTable: adds the NAMESPACE and LABELS columns the way kubectl does for server-side tables. */
function decorate(table: Table, opts: FormatOptions): {columns: TableColumnDefinition[]; rows: unknown[][]} {
  const columns: TableColumnDefinition[] = []
  if (opts.showNamespace) columns.push({name: 'Namespace', type: 'string', format: '', description: '', priority: 0})
  columns.push(...table.columnDefinitions)
  if (opts.showLabels) columns.push({name: 'Labels', type: 'string', format: '', description: '', priority: 0})
  const rows = table.rows.map((row) => {
    const meta = at(row.object, 'metadata')
    let cells = [...row.cells]
    if (meta === undefined) {
      // no object metadata: fill the added columns with empty cells
      if (opts.showNamespace) cells = [null, ...cells]
      while (cells.length < columns.length) cells.push(null)
      return cells
    }
    if (opts.showNamespace) cells = [str(at(meta, 'namespace')), ...cells]
    if (opts.showLabels) cells.push(formatLabels(strMap(at(meta, 'labels'))))
    return cells
  })
  return {columns, rows}
}

/**
 * Renders a Table as `kubectl get` prints it: upper-case headers, columns left-aligned and separated by at
 * least three spaces, wide columns only with `wide`, NAMESPACE first and LABELS last when asked. Returns ""
 * for a table without rows (the caller prints "No resources found …").
 */
export function formatTable(table: Table, opts: FormatOptions = {}): string {
  if (table.rows.length === 0) return ''
  const {columns, rows} = decorate(table, opts)
  const visible = (i: number): boolean => opts.wide === true || columns[i].priority === 0
  let lastVisible = -1
  columns.forEach((_, i) => {
    if (visible(i)) lastVisible = i
  })
  // kubectl pre-scans the widest cell (in bytes) and pads the header (or first row) to it
  const maxWidths = columns.map(() => 0)
  for (const cells of rows) {
    cells.forEach((cell, i) => {
      if (i >= columns.length || !visible(i)) return
      const t = cellText(cell)
      if (t !== undefined) maxWidths[i] = Math.max(maxWidths[i], byteLen(t))
    })
  }
  const padHeader = (text: string, i: number): string => {
    if (i === lastVisible) return text
    const n = maxWidths[i] - byteLen(text)
    return n > 0 ? text + ' '.repeat(n) : text
  }

  const lines: string[] = []
  if (!opts.noHeaders) {
    const header: string[] = []
    columns.forEach((c, i) => {
      if (visible(i)) header.push(padHeader(c.name.toUpperCase(), i))
    })
    lines.push(header.join('\t'))
  }
  rows.forEach((cells, ri) => {
    const out: string[] = []
    cells.forEach((cell, i) => {
      if (i >= columns.length || !visible(i)) return
      const t = cellText(cell)
      let text = t === undefined ? '' : sanitize(t)
      if (opts.noHeaders && ri === 0 && i !== lastVisible) {
        // the first row primes the widths when there is no header (padding counts the raw cell's bytes)
        const n = maxWidths[i] - (t === undefined ? 0 : byteLen(t))
        if (n > 0) text += ' '.repeat(n)
      }
      out.push(text)
    })
    lines.push(out.join('\t'))
  })
  return tabwrite(lines.join('\n') + '\n', TABLE_TABWRITER)
}
