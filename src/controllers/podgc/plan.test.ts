import {describe, expect, it} from 'vitest'
import type {Pod} from '../../api/types/pod.js'
import {orphanedPods} from './plan.js'

const pod = (name: string, nodeName?: string) => ({apiVersion: 'v1', kind: 'Pod', metadata: {name, namespace: 'default'}, spec: {nodeName, containers: []}}) as unknown as Pod

describe('orphanedPods', () => {
  it('picks pods bound to missing nodes, never unscheduled ones', () => {
    const pods = [pod('a', 'n1'), pod('b', 'gone'), pod('c')]
    expect(orphanedPods(pods, (n) => n === 'n1').map((p) => p.metadata.name)).toEqual(['b'])
  })
})
