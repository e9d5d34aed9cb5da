/**
 * Key handling as a pure reducer: reduce(state, key, view) → {state, effects}. The view context carries
 * what is on screen (rows in display order, columns, text length, page size) so the reducer never touches
 * the cluster; effects (quit, delete, scale, exec) are run by the effect runner.
 */
import type {Key} from 'ink'
import type {KubeObject} from '../api/meta.js'
import {drill, containersOf, defaultContainer, targetOf} from './drill.js'
import {nextSort} from './model.js'
import {promptKey} from './prompt.js'
import {current, type Effect, type ListScreen, type LogsScreen, notify, pop, push, replaceTop, scrollTop, type State, type TextScreen} from './state.js'

/** A key: special keys as "<name>" (<up>, <enter>, <esc>, <ctrl-d>…), anything else as the typed text. */
export type KeyPress = string

/** What the reducer needs to know about the screen. */
export interface ViewContext {
  /** list screens: the rows in display order */
  rows: readonly {key: string; obj: KubeObject}[]
  /** list screens: the column names (for shift+letter sorting) */
  columns: readonly string[]
  /** text screens: the number of lines */
  lines: number
  /** rows or lines that fit on screen */
  pageSize: number
}

/** The reducer's answer. */
export interface Result {
  state: State
  effects: Effect[]
}

/** An empty view context (overview, tests). */
export const NO_VIEW: ViewContext = {rows: [], columns: [], lines: 0, pageSize: 10}

/** Control characters met inside a multi-character chunk (typed quickly, pasted, or sent by tmux send-keys). */
const CONTROL: Record<string, KeyPress> = {'\r': '<enter>', '\n': '<enter>', '\t': '<tab>', '\x7f': '<backspace>', '\b': '<backspace>', '\x1b': '<esc>'}

/** A single character as a KeyPress (control characters as <ctrl-x> or their name); undefined for NUL and the like. */
function charKey(c: string): KeyPress | undefined {
  if (CONTROL[c]) return CONTROL[c]
  const code = c.codePointAt(0)!
  if (code >= 1 && code <= 26) return `<ctrl-${String.fromCharCode(code + 96)}>`
  if (code < 32 || code === 127) return undefined
  return c
}

/**
 * Maps Ink's (input, key) to KeyPresses. Ink hands over a chunk of several characters as one input when
 * they arrive together; each character then counts as a key, so ":po⏎" typed at once switches views.
 */
export function toKeyPresses(input: string, key: Partial<Key>): KeyPress[] {
  if (key.ctrl && input.length === 1) return [`<ctrl-${input.toLowerCase()}>`]
  if (key.upArrow) return ['<up>']
  if (key.downArrow) return ['<down>']
  if (key.leftArrow) return ['<left>']
  if (key.rightArrow) return ['<right>']
  if (key.pageUp) return ['<pageup>']
  if (key.pageDown) return ['<pagedown>']
  if (key.home) return ['<home>']
  if (key.end) return ['<end>']
  if (key.return) return ['<enter>']
  // two escapes in one chunk arrive as a meta-escape
  if (key.escape) return key.meta ? ['<esc>', '<esc>'] : ['<esc>']
  if (key.tab) return ['<tab>']
  if (key.backspace || key.delete) return ['<backspace>']
  return Array.from(input)
    .map(charKey)
    .filter((k): k is KeyPress => k !== undefined)
}

const done = (state: State, effects: Effect[] = []): Result => ({state, effects})

/** Handles one key. */
export function reduce(state: State, key: KeyPress, view: ViewContext): Result {
  if (key === '<ctrl-c>') return done(state, [{type: 'quit'}])
  const s: State = state.flash ? {...state, flash: undefined} : state
  if (s.prompt) return promptKey(s, key, view)
  const screen = current(s)
  switch (key) {
    case ':':
      return done({...s, prompt: {kind: 'command', text: ''}})
    case '?':
      return done(screen.kind === 'help' ? pop(s) : push(s, {kind: 'help', top: 0}))
    case 'q':
      return done(s, [{type: 'quit'}])
  }
  switch (screen.kind) {
    case 'overview':
      return done(s)
    case 'list':
      return listKey(s, screen, key, view)
    case 'logs':
      return logsKey(s, screen, key, view)
    default:
      return textKey(s, screen, key, view)
  }
}

/** The index of the cursor row: the row of the selected object if it is still shown, else the remembered index. */
export function cursorIndex(screen: ListScreen, rows: ViewContext['rows']): number {
  if (rows.length === 0) return 0
  const i = screen.selected === undefined ? -1 : rows.findIndex((r) => r.key === screen.selected)
  return i >= 0 ? i : Math.min(Math.max(0, screen.cursor), rows.length - 1)
}

function moveTo(s: State, screen: ListScreen, index: number, view: ViewContext): Result {
  const n = view.rows.length
  if (n === 0) return done(s)
  const cursor = Math.min(Math.max(0, index), n - 1)
  const top = scrollTop(cursor, screen.top, view.pageSize, n)
  return done(replaceTop(s, {...screen, cursor, top, selected: view.rows[cursor].key}))
}

function listKey(s: State, screen: ListScreen, key: KeyPress, view: ViewContext): Result {
  const at = cursorIndex(screen, view.rows)
  const sel = view.rows[at]?.obj
  switch (key) {
    case '<up>':
    case 'k':
      return moveTo(s, screen, at - 1, view)
    case '<down>':
    case 'j':
      return moveTo(s, screen, at + 1, view)
    case '<pageup>':
    case '<ctrl-b>':
      return moveTo(s, screen, at - view.pageSize, view)
    case '<pagedown>':
    case '<ctrl-f>':
      return moveTo(s, screen, at + view.pageSize, view)
    case '<home>':
    case 'g':
      return moveTo(s, screen, 0, view)
    case '<end>':
      return moveTo(s, screen, view.rows.length - 1, view)
    case '/':
      return done({...s, prompt: {kind: 'filter', text: screen.filter, previous: screen.filter}})
    case '<esc>':
      // clearing the filter keeps the cursor on the object it was on
      return done(screen.filter !== '' ? replaceTop(s, {...screen, filter: '', cursor: 0, top: 0, selected: view.rows[at]?.key}) : pop(s))
    case '0': {
      const namespace = s.namespace === undefined ? s.homeNamespace : undefined
      return done(notify({...s, namespace}, `namespace: ${namespace ?? 'all'}`))
    }
  }
  if (key === 'S' && (screen.resource === 'deployments' || screen.resource === 'replicasets')) {
    if (!sel) return done(s)
    const replicas = (sel as {spec?: {replicas?: number}}).spec?.replicas ?? 1
    return done({...s, prompt: {kind: 'scale', text: String(replicas), target: targetOf(screen.resource, sel)}})
  }
  if (/^[A-Z]$/.test(key)) {
    const sort = nextSort(view.columns, key, screen.sort)
    if (!sort) return done(notify(s, `no column starts with ${key}`, 'error'))
    return done(replaceTop(s, {...screen, sort}))
  }
  if (!sel) return done(s)
  const target = targetOf(screen.resource, sel)
  switch (key) {
    case '<enter>':
      return done(drill(s, screen.resource, sel))
    case 'd':
      return done(push(s, {kind: 'describe', target, top: 0}))
    case 'y':
      return done(push(s, {kind: 'yaml', target, top: 0}))
    case 'l':
      if (screen.resource !== 'pods') return done(notify(s, 'logs: select a pod', 'error'))
      return done(push(s, {kind: 'logs', target, container: defaultContainer(sel), allContainers: false, follow: true, top: 0, generation: 0}))
    case 's':
      if (screen.resource !== 'pods') return done(notify(s, 'shell: select a pod', 'error'))
      return done(s, [{type: 'exec', target, container: defaultContainer(sel)}])
    case '<ctrl-d>':
      return done({...s, prompt: {kind: 'confirm-delete', target}})
  }
  return done(s)
}

/** The largest first line of a text of `lines` lines in a window of `pageSize`. */
export function maxTop(lines: number, pageSize: number): number {
  return Math.max(0, lines - Math.max(1, pageSize))
}

function textKey(s: State, screen: TextScreen, key: KeyPress, view: ViewContext): Result {
  const max = maxTop(view.lines, view.pageSize)
  const scroll = (top: number) => done(replaceTop(s, {...screen, top: Math.min(Math.max(0, top), max)}))
  switch (key) {
    case '<up>':
    case 'k':
      return scroll(screen.top - 1)
    case '<down>':
    case 'j':
      return scroll(screen.top + 1)
    case '<pageup>':
    case '<ctrl-b>':
      return scroll(screen.top - view.pageSize)
    case '<pagedown>':
    case '<ctrl-f>':
    case ' ':
      return scroll(screen.top + view.pageSize)
    case '<home>':
    case 'g':
      return scroll(0)
    case '<end>':
    case 'G':
      return scroll(max)
    case '<esc>':
      return done(pop(s))
  }
  if (screen.target && screen.kind === 'describe' && key === 'y') return done(replaceTop(s, {...screen, kind: 'yaml', top: 0}))
  if (screen.target && screen.kind === 'yaml' && key === 'd') return done(replaceTop(s, {...screen, kind: 'describe', top: 0}))
  return done(s)
}

function logsKey(s: State, screen: LogsScreen, key: KeyPress, view: ViewContext): Result {
  const max = maxTop(view.lines, view.pageSize)
  const top = screen.follow ? max : Math.min(screen.top, max)
  const scroll = (t: number) => {
    const next = Math.min(Math.max(0, t), max)
    return done(replaceTop(s, {...screen, top: next, follow: next >= max && t >= max}))
  }
  switch (key) {
    case '<up>':
    case 'k':
      return scroll(top - 1)
    case '<down>':
    case 'j':
      return scroll(top + 1)
    case '<pageup>':
    case '<ctrl-b>':
      return scroll(top - view.pageSize)
    case '<pagedown>':
    case '<ctrl-f>':
    case ' ':
      return scroll(top + view.pageSize)
    case '<home>':
    case 'g':
      return done(replaceTop(s, {...screen, top: 0, follow: false}))
    case '<end>':
    case 'G':
      return done(replaceTop(s, {...screen, top: max, follow: true}))
    case 'f':
      return done(notify(replaceTop(s, {...screen, top, follow: !screen.follow}), screen.follow ? 'follow off' : 'follow on'))
    case '0':
      return done(notify(replaceTop(s, {...screen, allContainers: !screen.allContainers, top: 0, follow: true}), screen.allContainers ? `container: ${screen.container}` : 'all containers'))
    case 'r':
      return done(replaceTop(s, {...screen, generation: screen.generation + 1, top: 0, follow: true}))
    case '<esc>':
      return done(pop(s))
  }
  if (key === 'c' && !screen.allContainers && view.rows[0]) {
    const names = containersOf(view.rows[0].obj)
    const next = names[(names.indexOf(screen.container) + 1) % names.length] ?? screen.container
    return done(notify(replaceTop(s, {...screen, container: next, top: 0, follow: true}), `container: ${next}`))
  }
  return done(s)
}
