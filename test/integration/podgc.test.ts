/** The pod garbage collector removes pods bound to a node that was deleted. */
import {afterAll, beforeAll, expect, it} from 'vitest'
import type {KubeObject} from '../../src/api/meta.js'
import {startTestMaster} from '../harness.js'

const pods = {group: '', version: 'v1', resource: 'pods', namespaced: true}
const nodes = {group: '', version: 'v1', resource: 'nodes', namespaced: false}
let env: Awaited<ReturnType<typeof startTestMaster>>

beforeAll(async () => {
  env = await startTestMaster(undefined, {components: true})
})
afterAll(async () => {
  await env?.stop()
})

it('force-deletes the pods of a deleted node', async () => {
  await env.client.create(nodes, {apiVersion: 'v1', kind: 'Node', metadata: {name: 'doomed'}} as KubeObject)
  await env.client.create(pods, {apiVersion: 'v1', kind: 'Pod', metadata: {name: 'stranded'}, spec: {nodeName: 'doomed', containers: [{name: 'c', image: 'i'}]}} as KubeObject, 'default')
  await env.client.create(pods, {apiVersion: 'v1', kind: 'Pod', metadata: {name: 'unbound'}, spec: {containers: [{name: 'c', image: 'i'}]}} as KubeObject, 'default')
  await env.client.delete(nodes, 'doomed')
  const deadline = Date.now() + 20_000
  let names: string[] = []
  while (Date.now() < deadline) {
    names = (await env.client.list(pods, {namespace: 'default'})).items.map((p) => p.metadata.name!)
    if (!names.includes('stranded')) break
    await new Promise((r) => setTimeout(r, 200))
  }
  expect(names).not.toContain('stranded')
  expect(names).toContain('unbound')
})
