import {describe, expect, it} from 'vitest'
import {fitColumns, GAP, tableLines} from './layout.js'
import type {Column} from './render.js'
import {clipLine, fit, lineWidth, linesToText, rule, sanitize, truncate} from './text.js'

const col = (name: string, o: Partial<Column> = {}): Column => ({name, wide: false, drop: 0, ...o})

describe('text helpers', () => {
  it('truncates with … and pads', () => {
    expect(truncate('abcdef', 4)).toBe('abc…')
    expect(truncate('abc', 4)).toBe('abc')
    expect(truncate('abc', 1)).toBe('…')
    expect(truncate('abc', 0)).toBe('')
    expect(fit('ab', 4)).toBe('ab  ')
    expect(sanitize('a\tb\x1b[31m')).toBe('a b [31m')
    expect(clipLine([{text: 'hello'}, {text: 'world'}], 7)).toEqual([{text: 'hello'}, {text: 'w…'}])
    expect(lineWidth(rule('Pods', 30))).toBe(30)
    expect(linesToText([[{text: 'a  '}], []])).toBe('a\n')
  })
})

describe('fitColumns', () => {
  const cols = [col('Name', {min: 6}), col('Status'), col('Age', {drop: 1}), col('IP', {wide: true, drop: 3}), col('Node', {wide: true, drop: 2, min: 4})]
  const rows = [['a-very-long-pod-name', 'Running', '5m', '10.0.0.1', 'worker-1']]

  it('shows every column at its natural width when it fits', () => {
    const f = fitColumns(cols, rows, 200)
    expect(f.indices).toEqual([0, 1, 2, 3, 4])
    expect(f.widths).toEqual([20, 7, 3, 8, 8])
  })

  it('shrinks wide columns, then drops them (by rank) before touching the regular ones', () => {
    const natural = 20 + 7 + 3 + 8 + 8 + 4 * GAP
    let f = fitColumns(cols, rows, natural - 2)
    expect(f.indices).toEqual([0, 1, 2, 3, 4])
    expect(f.widths).toEqual([20, 7, 3, 8, 6])
    f = fitColumns(cols, rows, natural - 6)
    expect(f.indices).toEqual([0, 1, 2, 4])
    expect(f.widths[0]).toBe(20)
  })

  it('then shrinks regular columns to what they keep, then drops lower-value ones, then squeezes', () => {
    let f = fitColumns(cols, rows, 20 + 7 + 3 + 2 * GAP - 5)
    expect(f.indices).toEqual([0, 1, 2])
    expect(f.widths).toEqual([15, 7, 3])
    f = fitColumns(cols, rows, 6 + 7 + 3 + 2 * GAP - 1)
    expect(f.indices).toEqual([0, 1])
    f = fitColumns(cols, rows, 12)
    expect(f.indices).toEqual([0, 1])
    expect(f.widths).toEqual([4, 7])
  })
})

describe('tableLines', () => {
  it('renders header and rows exactly as wide as the terminal, truncating with … and marking the cursor', () => {
    const cols = [col('Name', {min: 8}), col('Status')]
    const rows = [
      {cells: ['web-7d4b9c8f6-x2x9k', 'Running'], tone: 'ok' as const},
      {cells: ['db', 'Pending'], tone: 'warn' as const},
    ]
    const t = tableLines(cols, rows, 24, {cursor: 1})
    expect(linesToText([t.header, ...t.rows])).toBe([' NAME            STATUS', ' web-7d4b9c8f6…  Running', '>db              Pending'].join('\n'))
    for (const l of [t.header, ...t.rows]) expect(lineWidth(l)).toBe(24)
    expect(t.rows[1][0]).toMatchObject({tone: 'warn', inverse: true})
    expect(t.rows[0][0].inverse).toBe(false)
  })

  it('shows the window top…top+height', () => {
    const rows = Array.from({length: 10}, (_, i) => ({cells: [`pod-${i}`]}))
    const t = tableLines([col('Name')], rows, 20, {top: 4, height: 3})
    expect(linesToText(t.rows)).toBe([' pod-4', ' pod-5', ' pod-6'].join('\n'))
  })
})
