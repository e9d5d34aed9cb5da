/**
 * Table layout for a terminal of a given width: every column at its natural width when it fits; otherwise
 * shrinkable columns give way down to the width they keep, then columns are dropped by rank (wide columns
 * first, then lower-value ones), and as a last resort shrinkable columns are squeezed further. Cells that
 * do not fit are truncated with "…".
 */
import type {Column} from './render.js'
import {fit, type Line, type Tone, width} from './text.js'

/** Space between columns. */
export const GAP = 2
/** No column grows beyond this (long messages are truncated). */
const MAX_NATURAL = 80
/** The narrowest a shrinkable column gets when nothing else can give way. */
const HARD_MIN = 4

/** The columns shown (indexes into the full column list) and their widths. */
export interface Fitted {
  indices: number[]
  widths: number[]
}

function total(widths: number[]): number {
  return widths.length === 0 ? 0 : widths.reduce((a, b) => a + b, 0) + GAP * (widths.length - 1)
}

/** Shrinks the widest shrinkable columns one column at a time until the total fits or every one is at its floor. */
function shrink(widths: number[], floors: (number | undefined)[], target: number): boolean {
  let excess = total(widths) - target
  while (excess > 0) {
    let best = -1
    for (let i = 0; i < widths.length; i++) {
      const floor = floors[i]
      if (floor === undefined || widths[i] <= floor) continue
      if (best < 0 || widths[i] > widths[best]) best = i
    }
    if (best < 0) return false
    widths[best]--
    excess--
  }
  return true
}

/** Chooses the visible columns and their widths for `rows` (cell texts) in `target` columns. */
export function fitColumns(columns: readonly Column[], rows: readonly string[][], target: number): Fitted {
  const natural = columns.map((c, i) => {
    let w = width(c.name)
    for (const r of rows) w = Math.max(w, width(r[i] ?? ''))
    return Math.min(w, MAX_NATURAL)
  })
  let visible = columns.map((_, i) => i)
  const droppable = visible
    .filter((i) => columns[i].drop > 0)
    .sort((a, b) => Number(columns[b].wide) - Number(columns[a].wide) || columns[b].drop - columns[a].drop)
  for (;;) {
    const widths = visible.map((i) => natural[i])
    // while wide columns remain, only they may shrink: a wide column goes before a regular one is cut
    const wideLeft = visible.some((i) => columns[i].wide)
    const soft = visible.map((i) => (columns[i].min === undefined || (wideLeft && !columns[i].wide) ? undefined : Math.min(natural[i], columns[i].min!)))
    if (shrink(widths, soft, target)) return {indices: visible, widths}
    const next = droppable.shift()
    if (next === undefined || visible.length === 1) {
      const hard = visible.map((i) => (columns[i].min === undefined ? undefined : Math.min(natural[i], HARD_MIN)))
      shrink(widths, hard, target)
      return {indices: visible, widths}
    }
    visible = visible.filter((i) => i !== next)
  }
}

/** A table row to render: its cells (all columns) and the tone of the whole row. */
export interface TableRowInput {
  cells: string[]
  tone?: Tone
}

/** Options of tableLines. */
export interface TableLinesOptions {
  /** index (into rows) of the highlighted row */
  cursor?: number
  /** first row shown */
  top?: number
  /** rows shown at most */
  height?: number
}

/**
 * Renders a table laid out by fitColumns: the upper-case header line, then rows top…top+height with the
 * cursor row highlighted (inverse, and marked with ">" so it shows without colour). Every line is exactly `target` columns wide.
 */
export function tableLines(columns: readonly Column[], rows: readonly TableRowInput[], target: number, opts: TableLinesOptions = {}): {header: Line; rows: Line[]} {
  const {indices, widths} = fitColumns(
    columns,
    rows.map((r) => r.cells),
    target - 1,
  )
  const render = (cells: string[], mark = ' '): string => mark + indices.map((ci, k) => fit(cells[ci] ?? '', widths[k])).join(' '.repeat(GAP))
  const pad = (s: string): string => fit(s, target)
  const head: Line = [{text: pad(render(columns.map((c) => c.name.toUpperCase()))), bold: true, tone: 'title'}]
  const top = opts.top ?? 0
  const end = opts.height === undefined ? rows.length : Math.min(rows.length, top + opts.height)
  const lines: Line[] = []
  for (let i = top; i < end; i++) {
    const r = rows[i]
    const selected = i === opts.cursor
    lines.push([{text: pad(render(r.cells, selected ? '>' : ' ')), tone: r.tone, inverse: selected}])
  }
  return {header: head, rows: lines}
}
