import {describe, expect, test} from 'vitest'
import {LABEL, containerLabels, containerName, intLabel, runtimeName, sandboxIdentity, sandboxLabels, sandboxName, userMetadata} from './labels.js'

const sb = {podUid: 'u-1', podName: 'web', namespace: 'ns', nodeName: 'node:1', labels: {app: 'web'}, annotations: {'a/b': 'c'}, attempt: 2}

describe('labels', () => {
  test('sandbox labels carry identity, attempt, host network, prefixed pod labels and annotations', () => {
    expect(sandboxLabels(sb)).toEqual({
      'io.mkube.label.app': 'web',
      'io.mkube.annotation.a/b': 'c',
      [LABEL.NODE]: 'node:1',
      [LABEL.POD_UID]: 'u-1',
      [LABEL.POD_NAME]: 'web',
      [LABEL.POD_NAMESPACE]: 'ns',
      [LABEL.SANDBOX_ATTEMPT]: '2',
      [LABEL.HOST_NETWORK]: 'false',
      [LABEL.KIND]: 'sandbox',
    })
  })

  test('container labels; internal keys win over user labels; identity and metadata read back', () => {
    const ident = sandboxIdentity(sandboxLabels(sb))!
    expect(ident).toEqual({nodeName: 'node:1', podUid: 'u-1', podName: 'web', namespace: 'ns'})
    const l = containerLabels(ident, {name: 'app', image: 'i', restartCount: 4, labels: {x: '1'}, annotations: {y: '2'}}, 'sandbox-1')
    expect(l).toMatchObject({[LABEL.KIND]: 'container', [LABEL.CONTAINER_NAME]: 'app', [LABEL.RESTART_COUNT]: '4', [LABEL.SANDBOX_ID]: 'sandbox-1'})
    expect(userMetadata({...l, 'io.buildah.version': '1'})).toEqual({labels: {x: '1'}, annotations: {y: '2'}})
    expect(containerLabels(ident, {name: 'app', image: 'i'})).not.toHaveProperty(LABEL.SANDBOX_ID)
    expect(sandboxIdentity({[LABEL.NODE]: 'n'})).toBeNull()
    expect(sandboxIdentity(null)).toBeNull()
  })

  test('integer labels fall back on junk', () => {
    expect(intLabel({a: '12'}, 'a')).toBe(12)
    expect(intLabel({a: '1x'}, 'a', 7)).toBe(7)
    expect(intLabel(undefined, 'a')).toBe(0)
  })

  test('runtime names are unique per node, uid, attempt/restart and contain only allowed characters', () => {
    expect(sandboxName(sb)).toBe('mkube_POD_web_ns_node-1_u-1_2')
    const ident = {nodeName: 'n', podUid: 'u', podName: 'p', namespace: 'ns'}
    expect(containerName(ident, {name: 'c', image: 'i', restartCount: 3})).toBe('mkube_c_p_ns_n_u_3')
    expect(runtimeName(['a b', 'c/d', 'e.f-g'])).toBe('a-b_c-d_e.f-g')
  })
})
