/**
 * The dashboard's UI state: a stack of screens (esc pops), the namespace in view, the open prompt and the
 * last message. Plain data, changed only by the key reducer (keys.ts) and the effect results.
 */
import type {LabelSelector} from '../api/meta.js'

/** An object the user acted on. */
export interface Target {
  /** plural resource name */
  resource: string
  namespace?: string
  name: string
}

/** Restricts a list to the objects a drill-down is about (a deployment's pods, a node's pods). */
export interface Scope {
  /** shown in the title, e.g. "deploy/web" */
  label: string
  /** only this namespace (overrides the global one) */
  namespace?: string
  /** every namespace, whatever the global namespace is */
  allNamespaces?: boolean
  /** only objects whose labels match */
  selector?: LabelSelector
  /** only pods bound to this node */
  nodeName?: string
}

/** Sort order of a list: a column name and the direction. */
export interface Sort {
  column: string
  desc: boolean
}

/** A resource list. */
export interface ListScreen {
  kind: 'list'
  resource: string
  scope?: Scope
  /** "/" filter: text, or "-l selector" */
  filter: string
  sort?: Sort
  /** index of the cursor row and the key (ns/name) of the object under it, to follow it as rows move */
  cursor: number
  selected?: string
  /** first row shown */
  top: number
}

/** A scrolled text: describe or YAML of one object, or the help. */
export interface TextScreen {
  kind: 'describe' | 'yaml' | 'help'
  target?: Target
  top: number
}

/** Logs of a pod: one container, or all of them prefixed with their name. */
export interface LogsScreen {
  kind: 'logs'
  target: Target
  container: string
  allContainers: boolean
  /** stick to the end as lines arrive */
  follow: boolean
  top: number
  /** bumped to reopen the streams (r) */
  generation: number
}

/** The cluster overview. */
export interface OverviewScreen {
  kind: 'overview'
}

/** Any screen. */
export type Screen = OverviewScreen | ListScreen | TextScreen | LogsScreen

/** The one-line input at the bottom. */
export type Prompt =
  | {kind: 'command'; text: string}
  | {kind: 'filter'; text: string; previous: string}
  | {kind: 'scale'; text: string; target: Target}
  | {kind: 'confirm-delete'; target: Target}

/** A message shown until the next key. */
export interface Flash {
  text: string
  level: 'info' | 'error'
}

/** What a key asks the outside world to do (run by the effect runner, effects.ts). */
export type Effect =
  | {type: 'quit'}
  | {type: 'delete'; target: Target}
  | {type: 'scale'; target: Target; replicas: number}
  | {type: 'exec'; target: Target; container: string}

/** The whole UI state. */
export interface State {
  stack: Screen[]
  /** namespace in view; undefined for all namespaces */
  namespace?: string
  /** the namespace `0` returns to from all namespaces */
  homeNamespace: string
  prompt?: Prompt
  flash?: Flash
}

/** Where the dashboard starts: the overview, in `namespace` (undefined = all namespaces). */
export function initialState(namespace: string | undefined, homeNamespace = namespace ?? 'default'): State {
  return {stack: [{kind: 'overview'}], namespace, homeNamespace}
}

/** The screen on top of the stack. */
export function current(state: State): Screen {
  return state.stack[state.stack.length - 1]
}

/** The most screens kept for esc (older ones are forgotten). */
const MAX_STACK = 30

/** Pushes a screen. */
export function push(state: State, screen: Screen): State {
  const stack = [...state.stack, screen]
  if (stack.length > MAX_STACK) stack.splice(1, stack.length - MAX_STACK)
  return {...state, stack}
}

/** Pops the top screen (the first one stays). */
export function pop(state: State): State {
  return state.stack.length > 1 ? {...state, stack: state.stack.slice(0, -1)} : state
}

/** Replaces the top screen. */
export function replaceTop(state: State, screen: Screen): State {
  return {...state, stack: [...state.stack.slice(0, -1), screen]}
}

/** A fresh list screen of `resource`. */
export function listScreen(resource: string, scope?: Scope): ListScreen {
  return {kind: 'list', resource, scope, filter: '', cursor: 0, top: 0, sort: resource === 'events' ? {column: 'Last Seen', desc: false} : undefined}
}

/** State with a message. */
export function notify(state: State, text: string, level: Flash['level'] = 'info'): State {
  return {...state, flash: {text, level}}
}

/**
 * The first row to show so that `cursor` is visible in a window of `pageSize` rows over `count` rows,
 * moving the previous `top` as little as possible.
 */
export function scrollTop(cursor: number, top: number, pageSize: number, count: number): number {
  const page = Math.max(1, pageSize)
  let t = Math.min(top, Math.max(0, count - page))
  if (cursor < t) t = cursor
  if (cursor >= t + page) t = cursor - page + 1
  return Math.max(0, t)
}
