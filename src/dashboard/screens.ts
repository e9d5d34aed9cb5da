/**
 * Composes a whole frame from the UI state and the cached cluster data: header bar, status line (the
 * lost-master banner, a message or key hints), the screen's body and the prompt/footer line, exactly
 * width × height. Also returns the view context the key reducer needs. Pure given the source's reads.
 */
import {describeText, detailKeys, findObject, yamlText} from './details.js'
import {helpLines} from './help.js'
import {cursorIndex, maxTop, type ViewContext} from './keys.js'
import {defOf, kindSpec} from './kinds.js'
import {tableLines} from './layout.js'
import type {LogLine} from './logs.js'
import {listSnapshot, showsAllNamespaces} from './model.js'
import {overviewModel} from './overview.js'
import {overviewLines} from './overview-view.js'
import type {ClusterSource, SourceKey} from './source.js'
import {current, type ListScreen, type LogsScreen, scrollTop, type Screen, type State, type TextScreen} from './state.js'
import {clipLine, type Line, lineWidth, rule} from './text.js'

/** The keys the overview reads. */
export const OVERVIEW_KEYS: SourceKey[] = ['nodes', 'pods', 'deployments', 'events', 'kube-system/leases']

/** The source keys a screen needs watched. */
export function neededKeys(screen: Screen): SourceKey[] {
  switch (screen.kind) {
    case 'overview':
      return OVERVIEW_KEYS
    case 'list':
      return [screen.resource]
    case 'describe':
    case 'yaml':
      return screen.target ? detailKeys(screen.target, screen.kind) : []
    case 'logs':
      return ['pods']
    default:
      return []
  }
}

/** Inputs of frame(). */
export interface FrameInput {
  state: State
  source: ClusterSource
  now: Date
  width: number
  height: number
  /** the logs screen's lines */
  logs?: readonly LogLine[]
}

/** A rendered frame and what the reducer needs to know about it. */
export interface Frame {
  lines: Line[]
  view: ViewContext
}

const HINTS: Record<Screen['kind'], string> = {
  overview: ':pods :deploy :svc :no :ns :ev  switch view   ? help   q quit',
  list: 'enter drill  d describe  y yaml  l logs  s shell  ^d delete  / filter  ? help',
  describe: 'y yaml  ↑↓ scroll  esc back  ? help',
  yaml: 'd describe  ↑↓ scroll  esc back  ? help',
  logs: '0 all containers  c container  f follow  r reconnect  esc back',
  help: 'esc back  q quit',
}

function headerBar(i: FrameInput): Line {
  const ns = i.state.namespace ?? 'all'
  const left: Line = [
    {text: ' mkube ', tone: 'accent', bold: true, inverse: true},
    {text: ' ctx ', tone: 'muted'},
    {text: i.source.context ?? '-'},
    {text: '  ns ', tone: 'muted'},
    {text: ns, tone: 'accent', bold: true},
    {text: '  ', tone: 'muted'},
    {text: i.source.server, tone: 'muted'},
  ]
  const right = ' ? help  q quit '
  const room = i.width - lineWidth(left) - right.length
  return clipLine(room > 0 ? [...left, {text: ' '.repeat(room)}, {text: right, tone: 'muted'}] : left, i.width, true)
}

function statusLine(i: FrameInput): Line {
  const conn = i.source.connection()
  if (conn.lost) return clipLine([{text: ` ⚠ lost connection to ${i.source.server} — retrying `, tone: 'error', bold: true, inverse: true}], i.width)
  const flash = i.state.flash
  if (flash) return clipLine([{text: ` ${flash.text}`, tone: flash.level === 'error' ? 'error' : 'accent'}], i.width)
  if (conn.error) return clipLine([{text: ` ${conn.error}`, tone: 'warn'}], i.width)
  return clipLine([{text: ` ${HINTS[current(i.state).kind]}`, tone: 'muted'}], i.width)
}

function footer(i: FrameInput, position: string): Line {
  const p = i.state.prompt
  if (p?.kind === 'command') return clipLine([{text: ':', tone: 'key', bold: true}, {text: p.text + '█'}], i.width)
  if (p?.kind === 'filter') return clipLine([{text: '/', tone: 'key', bold: true}, {text: p.text + '█'}, {text: '   text or -l key=value; enter keep, esc undo', tone: 'muted'}], i.width)
  if (p?.kind === 'scale') {
    const t = p.target
    return clipLine([{text: `Scale ${defOf(t.resource).singular} ${t.namespace}/${t.name} to replicas: `, tone: 'key', bold: true}, {text: p.text + '█'}, {text: '   enter apply, esc cancel', tone: 'muted'}], i.width)
  }
  if (p?.kind === 'confirm-delete') {
    const t = p.target
    const what = `${defOf(t.resource).singular} ${t.namespace ? t.namespace + '/' : ''}${t.name}`
    return clipLine([{text: `Delete ${what}? (y/n)`, tone: 'error', bold: true, inverse: true}], i.width)
  }
  const crumbs = i.state.stack.map(crumb).join(' › ')
  const room = i.width - crumbs.length - position.length - 2
  return clipLine([{text: ' ' + crumbs, tone: 'muted'}, {text: ' '.repeat(Math.max(1, room))}, {text: position + ' ', tone: 'muted'}], i.width)
}

function crumb(s: Screen): string {
  if (s.kind === 'list') return s.scope ? `${s.resource}(${s.scope.label})` : s.resource
  return s.kind
}

function listBody(i: FrameInput, screen: ListScreen, h: number): {lines: Line[]; view: ViewContext; position: string} {
  const def = defOf(screen.resource)
  const key = screen.resource
  const snap = listSnapshot(i.source.objects(key), {resource: key, namespaced: def.namespaced, namespace: i.state.namespace, scope: screen.scope, filter: screen.filter, sort: screen.sort, now: i.now})
  const pageSize = Math.max(1, h - 2)
  const rows = snap.rows
  const cursor = cursorIndex(screen, rows)
  const top = scrollTop(cursor, screen.top, pageSize, rows.length)
  const allNs = showsAllNamespaces({namespaced: def.namespaced, namespace: i.state.namespace, scope: screen.scope})
  const nsLabel = def.namespaced ? `(${allNs ? 'all' : (screen.scope?.namespace ?? i.state.namespace)})` : ''
  const count = i.source.synced(key) ? `[${rows.length}${rows.length !== snap.total ? `/${snap.total}` : ''}]` : '[…]'
  const extra: Line = []
  if (screen.scope) extra.push({text: ` ${screen.scope.label}`, tone: 'accent'})
  if (screen.filter) extra.push({text: ` </${screen.filter}>`, tone: snap.filterError ? 'error' : 'key'})
  if (snap.filterError) extra.push({text: ` ${snap.filterError}`, tone: 'error'})
  if (screen.sort) extra.push({text: ` ${screen.sort.desc ? '↓' : '↑'}${screen.sort.column.toUpperCase()}`, tone: 'muted'})
  const title = `${kindSpec(key)?.title ?? key}${nsLabel}${count}`
  const t = tableLines(snap.columns, rows, i.width, {cursor, top, height: pageSize})
  const lines = [rule(title, i.width, extra), t.header, ...t.rows]
  if (i.source.synced(key) && rows.length === 0) lines.push([{text: snap.total === 0 ? '  no objects' : '  nothing matches the filter', tone: 'muted'}])
  return {
    lines,
    view: {rows, columns: snap.columns.map((c) => c.name), lines: 0, pageSize},
    position: rows.length ? `${cursor + 1}/${rows.length}` : '',
  }
}

function scrolled(text: readonly Line[], top: number, h: number): Line[] {
  return text.slice(top, top + h)
}

function textBody(i: FrameInput, screen: TextScreen, h: number): {lines: Line[]; view: ViewContext; position: string} {
  const pageSize = Math.max(1, h - 1)
  let title = 'Help'
  let text: Line[]
  let rows: ViewContext['rows'] = []
  if (screen.kind === 'help' || !screen.target) {
    text = helpLines(i.width)
  } else {
    const t = screen.target
    title = `${screen.kind === 'describe' ? 'Describe' : 'YAML'} ${defOf(t.resource).singular} ${t.namespace ? t.namespace + '/' : ''}${t.name}`
    const obj = findObject(i.source.objects(t.resource), t)
    if (!obj) {
      text = [[{text: i.source.synced(t.resource) ? `  ${t.resource} "${t.name}" not found (deleted?)` : '  loading…', tone: 'muted'}]]
    } else {
      rows = [{key: t.name, obj}]
      const raw = screen.kind === 'describe' ? describeText(t, obj, (k) => i.source.objects(k), i.now) : yamlText(t, obj)
      text = raw.replace(/\n$/, '').split('\n').map((l) => [{text: ' ' + l.replace(/\t/g, '    ')}])
    }
  }
  const top = Math.min(screen.top, maxTop(text.length, pageSize))
  return {
    lines: [rule(title, i.width), ...scrolled(text, top, pageSize)],
    view: {rows, columns: [], lines: text.length, pageSize},
    position: text.length > pageSize ? `${top + 1}-${Math.min(text.length, top + pageSize)}/${text.length}` : '',
  }
}

function logsBody(i: FrameInput, screen: LogsScreen, h: number): {lines: Line[]; view: ViewContext; position: string} {
  const pageSize = Math.max(1, h - 1)
  const t = screen.target
  const pod = findObject(i.source.objects('pods'), t)
  const logs = i.logs ?? []
  const text: Line[] = logs.length ? logs.map((l) => [{text: l.text, tone: l.tone}]) : [[{text: '  waiting for log lines…', tone: 'muted'}]]
  const max = maxTop(text.length, pageSize)
  const top = screen.follow ? max : Math.min(screen.top, max)
  const which = screen.allContainers ? 'all containers' : screen.container
  const extra: Line = [{text: ` [${which}]`, tone: 'accent'}, {text: screen.follow ? ' following' : ' paused', tone: screen.follow ? 'ok' : 'warn'}]
  return {
    lines: [rule(`Logs ${t.namespace}/${t.name}`, i.width, extra), ...scrolled(text, top, pageSize).map((l) => clipLine(l, i.width))],
    view: {rows: pod ? [{key: t.name, obj: pod}] : [], columns: [], lines: text.length, pageSize},
    position: `${Math.min(text.length, top + pageSize)}/${text.length}`,
  }
}

/** Renders the frame: exactly `height` lines of at most `width` columns. */
export function frame(i: FrameInput): Frame {
  const screen = current(i.state)
  const bodyHeight = Math.max(1, i.height - 3)
  let body: {lines: Line[]; view: ViewContext; position: string}
  switch (screen.kind) {
    case 'overview': {
      const m = overviewModel({
        nodes: i.source.objects('nodes'),
        pods: i.source.objects('pods'),
        deployments: i.source.objects('deployments'),
        events: i.source.objects('events'),
        leases: i.source.objects('kube-system/leases'),
        health: i.source.health(),
        now: i.now,
      })
      body = {lines: overviewLines(m, i.width, bodyHeight), view: {rows: [], columns: [], lines: 0, pageSize: bodyHeight}, position: ''}
      break
    }
    case 'list':
      body = listBody(i, screen, bodyHeight)
      break
    case 'logs':
      body = logsBody(i, screen, bodyHeight)
      break
    default:
      body = textBody(i, screen, bodyHeight)
  }
  const lines = body.lines.slice(0, bodyHeight).map((l) => clipLine(l, i.width))
  while (lines.length < bodyHeight) lines.push([])
  return {lines: [headerBar(i), statusLine(i), ...lines, footer(i, body.position)].slice(0, i.height), view: body.view}
}
