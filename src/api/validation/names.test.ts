import {describe, expect, it} from 'vitest'
import {
  isConfigMapKey,
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isEnvVarName,
  isQualifiedName,
  isValidCIDR,
  isValidIP,
  isValidLabelValue,
  isValidPortName,
  nameIsDNSSubdomain,
} from './names.js'

const ok = (msgs: string[]) => msgs.length === 0

describe('name syntax', () => {
  it.each([
    [isDNS1123Label, ['a', 'web-1', '0abc', 'a'.repeat(63)], ['', 'A', '-a', 'a-', 'a.b', 'a'.repeat(64)]],
    [isDNS1123Subdomain, ['a', 'a.b-c.d', 'x'.repeat(253)], ['', 'a..b', '.a', 'A.b', 'a_b', 'x'.repeat(254)]],
    [isDNS1035Label, ['web', 'a-1'], ['1web', '-a', 'Web', 'a'.repeat(64)]],
    [isQualifiedName, ['app', 'app.kubernetes.io/name', 'A_b.c', 'k8s.io/x'], ['', '/x', 'a/', 'a/b/c', '-a', 'a'.repeat(64), 'Bad_Domain/x']],
    [isValidLabelValue, ['', 'v1', 'a_b.c-d', 'x'.repeat(63)], ['-a', 'a b', 'x'.repeat(64)]],
    [isValidPortName, ['http', 'h2c', 'web-80'], ['80', 'HTTP', 'a--b', '-a', 'a'.repeat(16), 'a_b']],
    [isEnvVarName, ['PATH', 'my.var', '_x', '-a'], ['1X', 'A B', '.', '..', '..a']],
    [isConfigMapKey, ['a.conf', 'KEY_1', '.hidden'], ['a/b', '..', '.', '..x', 'a b']],
    [isValidIP, ['10.0.0.1', '::1', '2001:db8::1'], ['10.0.0.256', 'x', '']],
    [isValidCIDR, ['10.244.0.0/16', '2001:db8::/64'], ['10.0.0.0/33', '10.0.0.0', 'x/8']],
  ] as const)('%o', (fn, good, bad) => {
    for (const g of good) expect(ok(fn(g)), `${g} should pass`).toBe(true)
    for (const b of bad) expect(ok(fn(b)), `${b} should fail`).toBe(false)
  })

  it('uses Kubernetes wording', () => {
    expect(isDNS1123Label('A')).toEqual([
      "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
    ])
    expect(isQualifiedName('a/b/c')[0]).toMatch(/^a qualified name must consist of alphanumeric characters/)
    expect(isValidPortName('a'.repeat(16))[0]).toBe('must be no more than 15 characters')
  })

  it('generateName prefixes may end with a dash', () => {
    expect(nameIsDNSSubdomain('web-', true)).toEqual([])
    expect(nameIsDNSSubdomain('web-', false)).not.toEqual([])
  })
})
