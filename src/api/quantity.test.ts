import {describe, expect, it} from 'vitest'
import {canonicalQuantity, compareQuantities, formatMilli, formatQuantity, isValidQuantity, milliValue, parseQuantity, QuantityError, quantityValue} from './quantity.js'

describe('parseQuantity', () => {
  it.each([
    ['100m', 0.1],
    ['1.5', 1.5],
    ['128Mi', 128 * 1024 * 1024],
    ['1G', 1e9],
    ['1e3', 1000],
    ['1E3', 1000],
    ['1E', 1e18],
    ['2Ki', 2048],
    ['-1.5k', -1500],
    ['+3', 3],
    ['.5', 0.5],
    ['5.', 5],
    ['250u', 0.00025],
    ['7n', 7e-9],
    ['1e-3', 0.001],
    [2, 2],
    [0.25, 0.25],
  ])('%s → %s', (s, v) => {
    expect(parseQuantity(s)).toBeCloseTo(v, 12)
  })

  it.each(['', 'abc', '1.2.3', '1Kb', '1ki', 'm', '1 Mi', '--1', '1e', '0x10', 'Mi'])('rejects %j', (s) => {
    expect(() => parseQuantity(s)).toThrow(QuantityError)
    expect(isValidQuantity(s)).toBe(false)
  })

  it('wording of the error is Kubernetes', () => {
    expect(() => parseQuantity('x')).toThrow(/quantities must match the regular expression/)
  })
})

describe('milliValue / quantityValue', () => {
  it('millicores, rounded up', () => {
    expect(milliValue('100m')).toBe(100)
    expect(milliValue('1')).toBe(1000)
    expect(milliValue('0.5')).toBe(500)
    expect(milliValue('1.0001')).toBe(1001)
    expect(milliValue('2500u')).toBe(3)
    expect(milliValue(3)).toBe(3000)
  })
  it('bytes, rounded up', () => {
    expect(quantityValue('1Gi')).toBe(1073741824)
    expect(quantityValue('1.5Ki')).toBe(1536)
    expect(quantityValue('100m')).toBe(1)
    expect(quantityValue('1e3')).toBe(1000)
    expect(quantityValue('-1.5')).toBe(-2)
  })
  it('sub-nano precision rounds up to 1n', () => {
    expect(canonicalQuantity('0.0000000001')).toBe('1n')
  })
})

describe('canonicalQuantity', () => {
  it.each([
    ['100m', '100m'],
    ['0.1', '100m'],
    ['1000m', '1'],
    ['1.5Gi', '1536Mi'],
    ['0.5Gi', '512Mi'],
    ['1024', '1024'],
    ['1000', '1k'],
    ['1e3', '1e3'],
    ['1.5e3', '1500'],
    ['1Ki', '1Ki'],
    ['1.1Ki', '1126400m'],
    ['512', '512'],
    ['100Mi', '100Mi'],
    ['1G', '1G'],
    ['129e6', '129e6'],
    ['128974848', '128974848'],
    ['0', '0'],
    ['0Mi', '0'],
    ['1000E', '1e21'],
    ['-500m', '-500m'],
    [1, '1'],
    [0.5, '500m'],
  ])('%s → %s', (s, c) => {
    expect(canonicalQuantity(s)).toBe(c)
  })
})

describe('compare and format', () => {
  it('compares exactly across formats', () => {
    expect(compareQuantities('1', '1000m')).toBe(0)
    expect(compareQuantities('1Gi', '1G')).toBe(1)
    expect(compareQuantities('999m', '1')).toBe(-1)
    expect(compareQuantities('1e3', '1k')).toBe(0)
  })
  it('formats base-unit values', () => {
    expect(formatQuantity(1536 * 1024 * 1024, 'BinarySI')).toBe('1536Mi')
    expect(formatQuantity(2000)).toBe('2k')
    expect(formatQuantity(0.25)).toBe('250m')
    expect(formatMilli(100)).toBe('100m')
    expect(formatMilli(2000)).toBe('2')
  })
})
