import {describe, expect, it} from 'vitest'
import {formatLabelSelector, formatLabels, selectorString} from './labels.js'

describe('formatLabels', () => {
  it('sorts by key and joins k=v pairs', () => {
    expect(formatLabels({tier: 'front', app: 'web', 'app.kubernetes.io/name': 'x'})).toBe('app=web,app.kubernetes.io/name=x,tier=front')
  })
  it('is <none> when empty or unset', () => {
    expect(formatLabels({})).toBe('<none>')
    expect(formatLabels(undefined)).toBe('<none>')
  })
})

describe('selectorString', () => {
  it('renders matchLabels and matchExpressions sorted by key', () => {
    const sel = {
      matchLabels: {tier: 'back', app: 'db'},
      matchExpressions: [
        {key: 'env', operator: 'In', values: ['prod', 'canary']},
        {key: 'zone', operator: 'NotIn', values: ['b']},
        {key: 'gpu', operator: 'Exists'},
        {key: 'legacy', operator: 'DoesNotExist'},
      ],
    }
    expect(selectorString(sel)).toBe('app=db,env in (canary,prod),gpu,!legacy,tier=back,zone notin (b)')
  })
  it('is empty for a nil or empty selector', () => {
    expect(selectorString(undefined)).toBe('')
    expect(selectorString({})).toBe('')
  })
  it('rejects unknown operators, bad value counts and invalid keys', () => {
    expect(() => selectorString({matchExpressions: [{key: 'a', operator: 'Gt', values: ['1']}]})).toThrow(/not a valid label selector operator/)
    expect(() => selectorString({matchExpressions: [{key: 'a', operator: 'In', values: []}]})).toThrow()
    expect(() => selectorString({matchExpressions: [{key: 'a', operator: 'Exists', values: ['x']}]})).toThrow()
    expect(() => selectorString({matchLabels: {'bad key': 'x'}})).toThrow()
  })
})

describe('formatLabelSelector', () => {
  it('is <none> for an empty selector and <error> for an invalid one', () => {
    expect(formatLabelSelector(undefined)).toBe('<none>')
    expect(formatLabelSelector({matchLabels: {app: 'web'}})).toBe('app=web')
    expect(formatLabelSelector({matchExpressions: [{key: 'a', operator: 'Nope'}]})).toBe('<error>')
  })
})
