import {describe, expect, it} from 'vitest'
import {negotiate} from './negotiate.js'

describe('negotiate', () => {
  it('defaults to JSON', () => {
    expect(negotiate(undefined)).toEqual({as: 'json', encoding: 'json'})
    expect(negotiate('*/*')).toEqual({as: 'json', encoding: 'json'})
  })
  it('serves Tables to kubectl', () => {
    expect(negotiate('application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json')).toEqual({as: 'table', encoding: 'json'})
  })
  it('skips protobuf and unknown as= values', () => {
    expect(negotiate('application/vnd.kubernetes.protobuf, application/json')).toEqual({as: 'json', encoding: 'json'})
    expect(negotiate('application/json;as=APIGroupDiscoveryList;v=v2;g=apidiscovery.k8s.io,application/json')).toEqual({as: 'json', encoding: 'json'})
  })
  it('refuses what it cannot serve', () => {
    expect(negotiate('application/vnd.kubernetes.protobuf')).toBeNull()
    expect(negotiate('text/html')).toBeNull()
  })
  it('serves YAML when asked', () => {
    expect(negotiate('application/yaml')).toEqual({as: 'json', encoding: 'yaml'})
  })
})
