import {describe, expect, it} from 'vitest'
import {ApiError} from '../api/errors.js'
import {effectRunner, execArgv} from './effects.js'

const target = {resource: 'pods', namespace: 'default', name: 'web-1'}

function fakeClient(fail?: Error) {
  const calls: unknown[][] = []
  const client = {
    delete: async (...args: unknown[]) => {
      calls.push(['delete', (args[0] as {resource: string}).resource, ...args.slice(1)])
      if (fail) throw fail
      return {kind: 'Status'}
    },
    patch: async (...args: unknown[]) => {
      calls.push(['patch', (args[0] as {resource: string}).resource, ...args.slice(1)])
      if (fail) throw fail
      return {metadata: {}}
    },
  }
  return {client: client as never, calls}
}

const ui = {suspend: async (fn: () => void | Promise<void>) => void (await fn())}

describe('effect runner', () => {
  it('deletes the object', async () => {
    const {client, calls} = fakeClient()
    const run = effectRunner({client, self: ['mkube'], connection: {}})
    expect(await run({type: 'delete', target}, ui)).toEqual({text: 'deleted pod default/web-1', level: 'info'})
    expect(calls).toEqual([['delete', 'pods', 'web-1', 'default']])
  })

  it('scales with a merge patch of the scale subresource', async () => {
    const {client, calls} = fakeClient()
    const run = effectRunner({client, self: ['mkube'], connection: {}})
    const flash = await run({type: 'scale', target: {resource: 'deployments', namespace: 'shop', name: 'web'}, replicas: 4}, ui)
    expect(flash).toEqual({text: 'scaled deployment shop/web to 4', level: 'info'})
    expect(calls).toEqual([['patch', 'deployments', 'web', {spec: {replicas: 4}}, 'merge', 'shop', {subresource: 'scale'}]])
  })

  it('turns API errors into a message', async () => {
    const {client} = fakeClient(new ApiError({code: 403, reason: 'Forbidden', message: 'pods "web-1" is forbidden'}))
    const run = effectRunner({client, self: ['mkube'], connection: {}})
    expect(await run({type: 'delete', target}, ui)).toEqual({text: 'Error from server (Forbidden): pods "web-1" is forbidden', level: 'error'})
  })

  it('runs mkube exec -it with the same connection flags while the terminal is handed over', async () => {
    const {client} = fakeClient()
    const order: string[] = []
    let argv: string[] = []
    let clock = 0
    const run = effectRunner({
      client,
      self: ['/usr/bin/node', '/opt/mkube/bin/run.js'],
      connection: {kubeconfig: '/tmp/admin.kubeconfig', context: 'lab'},
      spawn: (a) => {
        order.push('spawn')
        argv = a
        return 130
      },
      announce: (t) => order.push(t.startsWith('[') ? 'explain' : 'announce'),
      waitForEnter: () => order.push('enter'),
      now: () => (clock += 1000),
    })
    const suspending = {suspend: async (fn: () => void | Promise<void>) => (order.push('suspend'), await fn(), order.push('resume'), undefined)}
    const flash = await run({type: 'exec', target, container: 'nginx'}, suspending)
    // failed within 3 s: the user reads why before the dashboard comes back
    expect(order).toEqual(['suspend', 'announce', 'spawn', 'explain', 'enter', 'resume'])
    expect(argv).toEqual(['/usr/bin/node', '/opt/mkube/bin/run.js', 'exec', '-it', 'web-1', '-n', 'default', '-c', 'nginx', '--kubeconfig', '/tmp/admin.kubeconfig', '--context', 'lab', '--', 'sh'])
    expect(flash).toEqual({text: 'shell in web-1 exited with code 130', level: 'error'})
    order.length = 0
    clock = 0
    const long = effectRunner({client, self: ['mkube'], connection: {}, spawn: () => ((clock += 60_000), 0), announce: () => {}, waitForEnter: () => order.push('enter'), now: () => clock})
    expect(await long({type: 'exec', target, container: 'nginx'}, ui)).toEqual({text: 'shell in web-1 ended', level: 'info'})
    expect(order).toEqual([])
    expect(execArgv(['mkube'], {resource: 'pods', name: 'p'}, '', {})).toEqual(['mkube', 'exec', '-it', 'p', '--', 'sh'])
  })
})
