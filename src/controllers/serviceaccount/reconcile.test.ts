import {describe, expect, it} from 'vitest'
import type {ConfigMap} from '../../api/types/config.js'
import type {Namespace} from '../../api/types/namespace.js'
import {descriptionAnnotation, isNamespaceActive, missingServiceAccounts, reconcileRootCA, rootCADescription} from './reconcile.js'

const ca = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n'

describe('isNamespaceActive', () => {
  it('accepts Active namespaces only', () => {
    const ns = (status?: Namespace['status'], deleting = false): Namespace => ({metadata: {name: 'a', ...(deleting ? {deletionTimestamp: '2024-01-01T00:00:00Z'} : {})}, status})
    expect(isNamespaceActive(ns({phase: 'Active'}))).toBe(true)
    expect(isNamespaceActive(ns({phase: 'Terminating'}))).toBe(false)
    expect(isNamespaceActive(ns({phase: 'Active'}, true))).toBe(false)
    expect(isNamespaceActive(ns(undefined))).toBe(false)
    expect(isNamespaceActive(undefined)).toBe(false)
  })
})

describe('missingServiceAccounts', () => {
  it('lists the wanted names that do not exist', () => {
    expect(missingServiceAccounts(['default', 'builder'], (n) => n === 'builder')).toEqual(['default'])
    expect(missingServiceAccounts(['default'], () => true)).toEqual([])
  })
})

describe('reconcileRootCA', () => {
  it('creates the ConfigMap with ca.crt and the description', () => {
    const a = reconcileRootCA('team', undefined, ca)
    expect(a).toEqual({
      type: 'create',
      configMap: {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'kube-root-ca.crt', namespace: 'team', annotations: {[descriptionAnnotation]: rootCADescription}}, data: {'ca.crt': ca}},
    })
  })

  it('leaves a correct ConfigMap alone', () => {
    const cm: ConfigMap = {metadata: {name: 'kube-root-ca.crt', namespace: 'team', annotations: {[descriptionAnnotation]: 'x'}}, data: {'ca.crt': ca}}
    expect(reconcileRootCA('team', cm, ca)).toEqual({type: 'none'})
  })

  it('restores edited data and a missing annotation, keeping the rest', () => {
    const cm: ConfigMap = {metadata: {name: 'kube-root-ca.crt', namespace: 'team', resourceVersion: '7', labels: {a: 'b'}, annotations: {other: 'y'}}, data: {'ca.crt': 'old', extra: 'z'}}
    const a = reconcileRootCA('team', cm, ca)
    expect(a.type).toBe('update')
    if (a.type !== 'update') return
    expect(a.configMap.data).toEqual({'ca.crt': ca})
    expect(a.configMap.metadata).toEqual({name: 'kube-root-ca.crt', namespace: 'team', resourceVersion: '7', labels: {a: 'b'}, annotations: {other: 'y', [descriptionAnnotation]: rootCADescription}})
    expect(cm.data).toEqual({'ca.crt': 'old', extra: 'z'})
  })
})
