import {describe, expect, it} from 'vitest'
import type {LabelSelector} from '../meta.js'
import {formatLabelSelector, labelSelectorAsSelector, labelSelectorMatches, validateLabelSelector, validateLabels} from './label-selector.js'
import {SelectorError} from './validation.js'

describe('labelSelectorAsSelector', () => {
  const cases: Array<[string, LabelSelector | undefined, string, Record<string, string>, boolean]> = [
    ['nil selects nothing', undefined, '', {}, false],
    ['{} selects everything', {}, '', {a: 'b'}, true],
    ['empty lists select everything', {matchLabels: {}, matchExpressions: []}, '', {}, true],
    ['matchLabels', {matchLabels: {app: 'web', tier: 'front'}}, 'app=web,tier=front', {app: 'web', tier: 'front', x: 'y'}, true],
    ['matchLabels miss', {matchLabels: {app: 'web'}}, 'app=web', {app: 'db'}, false],
    [
      'all operators',
      {
        matchLabels: {app: 'web'},
        matchExpressions: [
          {key: 'env', operator: 'In', values: ['prod', 'qa']},
          {key: 'canary', operator: 'DoesNotExist'},
          {key: 'tier', operator: 'NotIn', values: ['db']},
          {key: 'team', operator: 'Exists'},
        ],
      },
      'app=web,!canary,env in (prod,qa),team,tier notin (db)',
      {app: 'web', env: 'qa', team: 'x'},
      true,
    ],
    ['In misses', {matchExpressions: [{key: 'env', operator: 'In', values: ['prod']}]}, 'env in (prod)', {env: 'dev'}, false],
    ['DoesNotExist misses', {matchExpressions: [{key: 'canary', operator: 'DoesNotExist'}]}, '!canary', {canary: ''}, false],
  ]
  it.each(cases)('%s', (_name, ls, text, labels, want) => {
    const s = labelSelectorAsSelector(ls)
    expect(s.toString()).toBe(text)
    expect(s.matches(labels)).toBe(want)
    expect(labelSelectorMatches(ls, labels)).toBe(want)
  })

  it('rejects unknown operators and invalid requirements', () => {
    expect(() => labelSelectorAsSelector({matchExpressions: [{key: 'a', operator: 'Gt' as 'In', values: ['1']}]})).toThrow(
      new SelectorError('"Gt" is not a valid label selector operator'),
    )
    expect(() => labelSelectorAsSelector({matchExpressions: [{key: 'a', operator: 'In', values: []}]})).toThrow(/values set can't be empty/)
    expect(() => labelSelectorAsSelector({matchLabels: {'bad key': 'v'}})).toThrow(/invalid label key "bad key"/)
  })

  it('formats selectors for printers', () => {
    expect(formatLabelSelector(undefined)).toBe('<none>')
    expect(formatLabelSelector({})).toBe('<none>')
    expect(formatLabelSelector({matchLabels: {app: 'web'}})).toBe('app=web')
    expect(formatLabelSelector({matchExpressions: [{key: 'a', operator: 'In'}]})).toBe('<error>')
  })
})

describe('validateLabelSelector', () => {
  it('accepts valid selectors and absent ones', () => {
    expect(validateLabelSelector(undefined, 'spec.selector')).toEqual([])
    expect(
      validateLabelSelector({matchLabels: {'example.com/app': 'web'}, matchExpressions: [{key: 'env', operator: 'In', values: ['prod', '']}]}, 'spec.selector'),
    ).toEqual([])
  })

  it('reports every problem with its field path', () => {
    const causes = validateLabelSelector(
      {
        matchLabels: {'-bad': 'ok', good: 'bad value'},
        matchExpressions: [
          {key: 'a', operator: 'In'},
          {key: 'b', operator: 'Exists', values: ['x']},
          {key: 'c', operator: 'Near' as 'In', values: ['x']},
          {key: 'd/e/f', operator: 'NotIn', values: ['ok', '-no']},
        ],
      },
      'spec.selector',
    )
    expect(causes.map((c) => [c.reason, c.field])).toEqual([
      ['FieldValueInvalid', 'spec.selector.matchLabels'],
      ['FieldValueInvalid', 'spec.selector.matchLabels'],
      ['FieldValueRequired', 'spec.selector.matchExpressions[0].values'],
      ['FieldValueForbidden', 'spec.selector.matchExpressions[1].values'],
      ['FieldValueInvalid', 'spec.selector.matchExpressions[2].operator'],
      ['FieldValueInvalid', 'spec.selector.matchExpressions[3].key'],
      ['FieldValueInvalid', 'spec.selector.matchExpressions[3].values[1]'],
    ])
    expect(causes[2].message).toBe("Required value: must be specified when `operator` is 'In' or 'NotIn'")
    expect(causes[3].message).toBe("Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'")
    expect(causes[4].message).toBe('Invalid value: "Near": not a valid selector operator')
    expect(causes[5].message).toMatch(/^Invalid value: "d\/e\/f": a qualified name must consist of/)
  })

  it('can allow invalid values in expressions', () => {
    expect(
      validateLabelSelector({matchExpressions: [{key: 'a', operator: 'In', values: ['-x']}]}, 's', {allowInvalidLabelValueInSelector: true}),
    ).toEqual([])
  })

  it('validates label maps', () => {
    expect(validateLabels({a: 'b'}, 'metadata.labels')).toEqual([])
    expect(validateLabels({a: 'x'.repeat(64)}, 'metadata.labels')[0].message).toMatch(/must be no more than 63 characters/)
  })
})
