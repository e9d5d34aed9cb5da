import {describe, expect, it} from 'vitest'
import {helpLines, wrap} from './help.js'
import {lineWidth, linesToText} from './text.js'

describe('help', () => {
  it('lists every key of the brief, wrapped to the terminal', () => {
    const lines = helpLines(80)
    for (const l of lines) expect(lineWidth(l)).toBeLessThanOrEqual(80)
    const text = linesToText(lines)
    for (const key of [':', '/', 'enter', 'd', 'y', 'l', 's', 'ctrl-d', 'S', 'shift+letter', '0', 'esc', 'q, ctrl-c', '?', 'j k, ↑ ↓']) expect(text).toMatch(new RegExp(`^ ${key.replace(/[?+]/g, '\\$&')}\\s`, 'm'))
    expect(text).toMatch(/:deploy\s+Deployments/)
    expect(wrap('aa bb cc', 5)).toEqual(['aa bb', 'cc'])
  })
})
