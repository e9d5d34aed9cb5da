/**
 * Keys while the bottom prompt is open: ":" commands (view switch by name or short name, optionally with
 * a namespace), "/" filters (applied as they are typed), the scale prompt and the delete confirmation.
 */
import type {KeyPress, Result, ViewContext} from './keys.js'
import {resolveView, viewNames} from './kinds.js'
import {current, listScreen, type ListScreen, notify, type Prompt, push, replaceTop, type State} from './state.js'

const done = (state: State, effects: Result['effects'] = []): Result => ({state, effects})

/** True for typed text (as opposed to a special key such as <enter>). */
function isText(key: KeyPress): boolean {
  return !(key.startsWith('<') && key.endsWith('>') && key.length > 2)
}

/** Edits a prompt's text: typed text appends, backspace deletes, ctrl-u clears; undefined for other keys. */
function edit(text: string, key: KeyPress): string | undefined {
  if (key === '<backspace>') return Array.from(text).slice(0, -1).join('')
  if (key === '<ctrl-u>') return ''
  if (isText(key)) return text + key
  return undefined
}

/** The first view name starting with `text` (tab completion). */
export function complete(text: string): string {
  const t = text.trim().toLowerCase()
  if (t === '' || t.includes(' ')) return text
  return viewNames().find((n) => n.startsWith(t)) ?? text
}

/** Runs a ":" command: `q`/`quit`, or `VIEW [NAMESPACE|all]`. */
export function runCommand(s: State, text: string): Result {
  const words = text.trim().split(/\s+/).filter((w) => w !== '')
  if (words.length === 0) return done(s)
  const [name, arg] = words
  if (name === 'q' || name === 'q!' || name === 'quit') return done(s, [{type: 'quit'}])
  const view = resolveView(name)
  if (!view) return done(notify(s, `unknown view "${name}" (try :pods, :deploy, :svc, :no, :ns, :ev)`, 'error'))
  let next = s
  if (arg !== undefined) next = {...next, namespace: arg === 'all' || arg === '-A' || arg === '*' ? undefined : arg}
  const top = current(next)
  if (view === 'overview') return done(top.kind === 'overview' ? next : push(next, {kind: 'overview'}))
  const screen = listScreen(view)
  if (top.kind === 'list' && top.resource === view && !top.scope) return done(replaceTop(next, screen))
  return done(push(next, screen))
}

function withPrompt(s: State, prompt: Prompt | undefined): State {
  return {...s, prompt}
}

/** Sets the filter of the list on top (live filtering while typing). */
function setFilter(s: State, filter: string): State {
  const screen = current(s)
  if (screen.kind !== 'list') return s
  const next: ListScreen = {...screen, filter, cursor: 0, top: 0, selected: undefined}
  return replaceTop(s, next)
}

/** Handles a key while a prompt is open. */
export function promptKey(s: State, key: KeyPress, _view: ViewContext): Result {
  const p = s.prompt!
  switch (p.kind) {
    case 'command': {
      if (key === '<esc>') return done(withPrompt(s, undefined))
      if (key === '<enter>') return runCommand(withPrompt(s, undefined), p.text)
      if (key === '<tab>') return done(withPrompt(s, {...p, text: complete(p.text)}))
      if (key === '<backspace>' && p.text === '') return done(withPrompt(s, undefined))
      const text = edit(p.text, key)
      return done(text === undefined ? s : withPrompt(s, {...p, text}))
    }
    case 'filter': {
      if (key === '<esc>') return done(setFilter(withPrompt(s, undefined), p.previous))
      if (key === '<enter>') return done(withPrompt(s, undefined))
      const text = edit(p.text, key)
      if (text === undefined) return done(s)
      return done(setFilter(withPrompt(s, {...p, text}), text))
    }
    case 'scale': {
      if (key === '<esc>') return done(withPrompt(s, undefined))
      if (key === '<enter>') {
        const replicas = Number(p.text)
        if (p.text === '' || !Number.isInteger(replicas) || replicas < 0) return done(notify(s, `invalid replica count "${p.text}"`, 'error'))
        return done(withPrompt(s, undefined), [{type: 'scale', target: p.target, replicas}])
      }
      if (isText(key) && !/^\d+$/.test(key)) return done(s)
      const text = edit(p.text, key)
      return done(text === undefined ? s : withPrompt(s, {...p, text}))
    }
    case 'confirm-delete': {
      if (key === 'y' || key === 'Y') return done(withPrompt(s, undefined), [{type: 'delete', target: p.target}])
      return done(notify(withPrompt(s, undefined), 'delete cancelled'))
    }
  }
}
