import {describe, expect, it} from 'vitest'
import type {KubeObject} from '../api/meta.js'
import {fixtureObjects, NOW} from './fixtures.js'
import {NO_VIEW, reduce, toKeyPresses, type ViewContext} from './keys.js'
import {listSnapshot} from './model.js'
import {current, initialState, type ListScreen, listScreen, push, type State} from './state.js'

const o = fixtureObjects() as Record<string, KubeObject[]>

/** The view context of a list screen, as screens.ts builds it. */
function listView(s: State, pageSize = 5): ViewContext {
  const sc = current(s) as ListScreen
  const snap = listSnapshot(o[sc.resource], {resource: sc.resource, namespaced: sc.resource !== 'nodes' && sc.resource !== 'namespaces', namespace: s.namespace, scope: sc.scope, filter: sc.filter, sort: sc.sort, now: NOW})
  return {rows: snap.rows, columns: snap.columns.map((c) => c.name), lines: 0, pageSize}
}

/** Presses keys in order, rebuilding the view each time; returns the final state and every effect. */
function press(s: State, ...keys: string[]) {
  const effects = []
  for (const k of keys) {
    const sc = current(s)
    const view = sc.kind === 'list' ? listView(s) : sc.kind === 'logs' ? {...NO_VIEW, rows: [{key: 'p', obj: o.pods.find((p) => p.metadata.name === sc.target.name)!}], lines: 50} : {...NO_VIEW, lines: 50}
    const r = reduce(s, k, view)
    s = r.state
    effects.push(...r.effects)
  }
  return {s, effects}
}

const type = (text: string) => Array.from(text)
const start = () => initialState('default')
const list = (resource: string, ns: string | undefined = 'default') => push(initialState(ns, 'default'), listScreen(resource))
const top = (s: State) => current(s)
const selectedName = (s: State) => {
  const v = listView(s)
  const sc = top(s) as ListScreen
  return v.rows.find((r) => r.key === sc.selected)?.obj.metadata.name ?? v.rows[sc.cursor]?.obj.metadata.name
}

describe('toKeyPresses', () => {
  it('maps Ink keys', () => {
    expect(toKeyPresses('d', {ctrl: true})).toEqual(['<ctrl-d>'])
    expect(toKeyPresses('', {upArrow: true})).toEqual(['<up>'])
    expect(toKeyPresses('', {return: true})).toEqual(['<enter>'])
    expect(toKeyPresses('', {escape: true})).toEqual(['<esc>'])
    expect(toKeyPresses('', {escape: true, meta: true})).toEqual(['<esc>', '<esc>'])
    expect(toKeyPresses('', {backspace: true})).toEqual(['<backspace>'])
    expect(toKeyPresses('', {delete: true})).toEqual(['<backspace>'])
    expect(toKeyPresses('N', {shift: true})).toEqual(['N'])
    expect(toKeyPresses('', {})).toEqual([])
  })

  it('splits a chunk of keys that arrived together', () => {
    expect(toKeyPresses(':po\r', {})).toEqual([':', 'p', 'o', '<enter>'])
    expect(toKeyPresses('\x04y', {})).toEqual(['<ctrl-d>', 'y'])
    expect(toKeyPresses('a\tb\x7f\x00', {})).toEqual(['a', '<tab>', 'b', '<backspace>'])
  })
})

describe('reduce: views and navigation', () => {
  it('switches views with ":" by name or short name, and back with esc', () => {
    for (const [cmd, resource] of [['po', 'pods'], ['deploy', 'deployments'], ['svc', 'services'], ['no', 'nodes'], ['ns', 'namespaces'], ['ev', 'events'], ['cm', 'configmaps'], ['secrets', 'secrets']]) {
      const {s} = press(start(), ':', ...type(cmd), '<enter>')
      expect(top(s)).toMatchObject({kind: 'list', resource})
      expect(s.prompt).toBeUndefined()
      expect(top(press(s, '<esc>').s).kind).toBe('overview')
    }
  })

  it('tab completes, ":pods NS" switches namespace, unknown views and ":q" are handled', () => {
    expect(press(start(), ':', ...type('dep'), '<tab>').s.prompt).toEqual({kind: 'command', text: 'deployments'})
    const ns = press(start(), ':', ...type('pods kube-system'), '<enter>').s
    expect(ns.namespace).toBe('kube-system')
    expect(press(start(), ':', ...type('po all'), '<enter>').s.namespace).toBeUndefined()
    const bad = press(start(), ':', ...type('nope'), '<enter>').s
    expect(bad.flash).toMatchObject({level: 'error'})
    expect(top(bad).kind).toBe('overview')
    expect(press(start(), ':', 'q', '<enter>').effects).toEqual([{type: 'quit'}])
    expect(press(start(), ':', 'x', '<backspace>', '<backspace>').s.prompt).toBeUndefined()
  })

  it('moves with arrows and j/k, pages, and keeps the cursor on its object', () => {
    let {s} = press(list('pods'), 'j', 'j', '<down>')
    expect(selectedName(s)).toBe('gpu-job-7f9c2')
    s = press(s, 'k').s
    expect(selectedName(s)).toBe('db-migrate')
    s = press(s, '<end>').s
    expect(selectedName(s)).toBe('with-sidecar')
    expect((top(s) as ListScreen).top).toBe(2)
    s = press(s, 'g').s
    expect(selectedName(s)).toBe('api-5f6d8c7b9-qwert')
    s = press(s, '<pagedown>', '<up>', '<up>', '<up>', '<up>', '<up>', '<up>').s
    expect((top(s) as ListScreen).cursor).toBe(0)
  })

  it('sorts with shift+letter and toggles the direction', () => {
    let {s} = press(list('pods'), 'A')
    expect((top(s) as ListScreen).sort).toEqual({column: 'Age', desc: false})
    expect(selectedName(s)).toBe('gpu-job-7f9c2')
    s = press(s, 'A').s
    expect((top(s) as ListScreen).sort).toEqual({column: 'Age', desc: true})
    s = press(s, 'N').s
    expect((top(s) as ListScreen).sort).toEqual({column: 'Name', desc: false})
    expect(press(s, 'Z').s.flash).toMatchObject({level: 'error'})
  })

  it('toggles all namespaces with 0', () => {
    let {s} = press(list('pods'), '0')
    expect(s.namespace).toBeUndefined()
    s = press(s, '0').s
    expect(s.namespace).toBe('default')
  })

  it('opens and closes the help with ?, quits with q and ctrl-c', () => {
    const {s} = press(list('pods'), '?')
    expect(top(s).kind).toBe('help')
    expect(top(press(s, '?').s).kind).toBe('list')
    expect(top(press(s, '<esc>').s).kind).toBe('list')
    expect(press(list('pods'), 'q').effects).toEqual([{type: 'quit'}])
    expect(press(list('pods'), '/', '<ctrl-c>').effects).toEqual([{type: 'quit'}])
  })
})

describe('reduce: filter', () => {
  it('filters live while typing; enter keeps it, esc in the list clears it', () => {
    let {s} = press(list('pods'), '/', ...type('cache'))
    expect((top(s) as ListScreen).filter).toBe('cache')
    expect(listView(s).rows.map((r) => r.obj.metadata.name)).toEqual(['cache-0'])
    s = press(s, '<enter>').s
    expect(s.prompt).toBeUndefined()
    expect((top(s) as ListScreen).filter).toBe('cache')
    s = press(s, '<esc>').s
    expect((top(s) as ListScreen).filter).toBe('')
    expect(top(s).kind).toBe('list')
  })

  it('esc while typing restores the previous filter; -l selects by label', () => {
    let {s} = press(list('pods'), '/', ...type('-l app=web'), '<enter>')
    expect(listView(s).rows.map((r) => r.obj.metadata.name)).toEqual(['web-7d4b9c8f6-x2x9k'])
    s = press(s, '/', '<backspace>', '<backspace>', '<backspace>', 'x', '<esc>').s
    expect((top(s) as ListScreen).filter).toBe('-l app=web')
  })
})

describe('reduce: drill-down and actions', () => {
  it('enter: deployment → its pods, node → its pods in every namespace, namespace → its pods', () => {
    let {s} = press(list('deployments'), 'j', '<enter>')
    expect(top(s)).toMatchObject({kind: 'list', resource: 'pods', scope: {label: 'deploy/web', namespace: 'default'}})
    expect(listView(s).rows.map((r) => r.obj.metadata.name)).toEqual(['web-7d4b9c8f6-x2x9k'])
    s = press(list('nodes'), 'j', 'j', '<enter>').s
    expect(top(s)).toMatchObject({scope: {label: 'node/worker-2', nodeName: 'worker-2', allNamespaces: true}})
    expect(listView(s).rows.map((r) => r.key)).toEqual(['batch/old-worker', 'default/api-5f6d8c7b9-qwert'])
    s = press(list('namespaces'), '<enter>').s
    expect(s.namespace).toBe('batch')
    expect(top(s)).toMatchObject({kind: 'list', resource: 'pods'})
    expect(listView(s).rows.map((r) => r.obj.metadata.name)).toEqual(['old-worker'])
    s = press(list('services'), 'j', '<enter>').s
    expect(s.flash?.text).toMatch(/has no selector/)
    s = press(list('configmaps'), '<enter>').s
    expect(top(s)).toMatchObject({kind: 'describe', target: {resource: 'configmaps', name: 'web-config'}})
  })

  it('d describes, y shows YAML (and they switch), l opens logs of a pod', () => {
    let {s} = press(list('pods'), 'd')
    expect(top(s)).toEqual({kind: 'describe', target: {resource: 'pods', namespace: 'default', name: 'api-5f6d8c7b9-qwert'}, top: 0})
    s = press(s, 'j', 'j', 'y').s
    expect(top(s)).toMatchObject({kind: 'yaml', top: 0})
    s = press(s, 'G').s
    expect(top(s)).toMatchObject({top: 40})
    s = press(list('pods'), 'j', 'l').s
    expect(top(s)).toEqual({kind: 'logs', target: {resource: 'pods', namespace: 'default', name: 'cache-0'}, container: 'redis', allContainers: false, follow: true, top: 0, generation: 0})
    expect(press(list('deployments'), 'l').s.flash?.text).toBe('logs: select a pod')
  })

  it('logs: 0 toggles all containers, c cycles containers, scrolling pauses following, r reconnects', () => {
    let {s} = press(list('pods'), 'j', 'l', '0')
    expect(top(s)).toMatchObject({allContainers: true})
    s = press(s, '0', 'c').s
    expect(top(s)).toMatchObject({allContainers: false, container: 'exporter'})
    s = press(s, 'k').s
    expect(top(s)).toMatchObject({follow: false, top: 39})
    s = press(s, 'G', 'r').s
    expect(top(s)).toMatchObject({follow: true, generation: 1})
  })

  it('s asks for a shell in the default container', () => {
    const {effects} = press(list('pods'), 's')
    expect(effects).toEqual([{type: 'exec', target: {resource: 'pods', namespace: 'default', name: 'api-5f6d8c7b9-qwert'}, container: 'api'}])
  })

  it('ctrl-d asks for confirmation: y deletes, anything else cancels', () => {
    let r = press(list('pods'), 'j', '<ctrl-d>')
    expect(r.s.prompt).toEqual({kind: 'confirm-delete', target: {resource: 'pods', namespace: 'default', name: 'cache-0'}})
    expect(r.effects).toEqual([])
    r = press(r.s, 'y')
    expect(r.effects).toEqual([{type: 'delete', target: {resource: 'pods', namespace: 'default', name: 'cache-0'}}])
    expect(r.s.prompt).toBeUndefined()
    r = press(list('pods'), '<ctrl-d>', 'n')
    expect(r.effects).toEqual([])
    expect(r.s.flash?.text).toBe('delete cancelled')
  })

  it('S prompts for replicas (digits only) and scales the deployment', () => {
    let r = press(list('deployments'), 'j', 'S')
    expect(r.s.prompt).toMatchObject({kind: 'scale', text: '3', target: {name: 'web'}})
    r = press(r.s, '<backspace>', 'x', '5', '<enter>')
    expect(r.effects).toEqual([{type: 'scale', target: {resource: 'deployments', namespace: 'default', name: 'web'}, replicas: 5}])
    r = press(list('deployments'), 'S', '<backspace>', '<enter>')
    expect(r.effects).toEqual([])
    expect(r.s.flash?.level).toBe('error')
    // S sorts elsewhere
    expect((top(press(list('pods'), 'S').s) as ListScreen).sort).toEqual({column: 'Status', desc: false})
  })
})
