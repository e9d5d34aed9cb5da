import {describe, expect, it} from 'vitest'
import {addQuantity, canonical, cmpQuantity, formatQuantity, milliValue, parseQuantity, value} from './quantity.js'

describe('quantity canonical form', () => {
  it.each([
    ['0', '0'],
    ['0.1', '100m'],
    ['100m', '100m'],
    ['1000m', '1'],
    ['1.5', '1500m'],
    ['2000', '2k'],
    ['128974848', '128974848'],
    ['129M', '129M'],
    ['129e6', '129e6'],
    ['1e3', '1e3'],
    ['1Gi', '1Gi'],
    ['1024Mi', '1Gi'],
    ['1536Mi', '1536Mi'],
    ['1.5Gi', '1536Mi'],
    ['0.5Ki', '512'],
    ['8048520Ki', '8048520Ki'],
    ['-1.5', '-1500m'],
    ['1n', '1n'],
    ['0.0000000001', '1n'],
    ['+5', '5'],
  ])('%s → %s', (input, want) => {
    expect(formatQuantity(parseQuantity(input))).toBe(want)
  })

  it('rejects malformed quantities', () => {
    expect(() => parseQuantity('abc')).toThrow()
    expect(() => parseQuantity('12Qi')).toThrow()
    expect(() => parseQuantity('')).toThrow()
    expect(canonical('not-a-quantity')).toBe('not-a-quantity')
  })
})

describe('quantity arithmetic', () => {
  it('adds keeping the first non-zero format', () => {
    expect(formatQuantity(addQuantity(parseQuantity('12Mi'), parseQuantity('500Ki')))).toBe('12788Ki')
    expect(formatQuantity(addQuantity(parseQuantity('0'), parseQuantity('1Mi')))).toBe('1Mi')
    expect(formatQuantity(addQuantity(parseQuantity('100m'), parseQuantity('0.9')))).toBe('1')
  })
  it('compares and converts with rounding up', () => {
    expect(cmpQuantity(parseQuantity('1'), parseQuantity('1000m'))).toBe(0)
    expect(cmpQuantity(parseQuantity('1Ki'), parseQuantity('1k'))).toBe(1)
    expect(milliValue(parseQuantity('1.5'))).toBe(1500)
    expect(milliValue(parseQuantity('1n'))).toBe(1)
    expect(value(parseQuantity('1500m'))).toBe(2)
    expect(value(parseQuantity('64Mi'))).toBe(67108864)
  })
})
