/**
 * The dashboard's Ink root: subscribes to the watches the current screen needs (released when it goes
 * away), ticks the clock for ages, follows logs, renders the frame, and feeds keys to the pure reducer,
 * handing its effects to the effect runner.
 */
import {useApp, useInput, useWindowSize} from 'ink'
import {useEffect, useReducer, useRef, useState} from 'react'
import {findObject} from '../details.js'
import {containersOf} from '../drill.js'
import type {UiControls} from '../effects.js'
import {reduce, toKeyPresses} from '../keys.js'
import {followLogs, LogBuffer, type LogLine} from '../logs.js'
import {frame, neededKeys} from '../screens.js'
import type {ClusterSource} from '../source.js'
import {current, type Effect, type Flash, type LogsScreen, type State} from '../state.js'
import {FrameView} from './FrameView.js'

/** Props of App. */
export interface AppProps {
  source: ClusterSource
  initial: State
  /** runs delete/scale/exec; resolves with the message to show */
  runEffect: (effect: Effect, ui: UiControls) => Promise<Flash | undefined>
  /** colour on (false with NO_COLOR) */
  color: boolean
  /** a fixed size instead of the terminal's (tests) */
  size?: {columns: number; rows: number}
  /** the clock (tests pin it) */
  clock?: () => Date
  /** age ticking period in ms; 0 disables it (default 1000) */
  tickMs?: number
}

/** The current time, re-read every `tickMs` so ages tick. */
function useClock(clock: () => Date, tickMs: number): Date {
  const [now, setNow] = useState(clock)
  useEffect(() => {
    if (tickMs <= 0) return
    const t = setInterval(() => setNow(clock()), tickMs)
    return () => clearInterval(t)
  }, [clock, tickMs])
  return now
}

/** Subscribes to the source keys (a comma-joined list) while they are needed. */
function useWatches(source: ClusterSource, keys: string, onChange: () => void): void {
  useEffect(() => {
    const release = keys
      .split(',')
      .filter((k) => k !== '')
      .map((k) => source.subscribe(k, onChange))
    return () => release.forEach((r) => r())
  }, [source, keys, onChange])
  useEffect(() => source.onStatus(onChange), [source, onChange])
}

/** Follows the logs of the logs screen (if it is on top); the buffer is replaced when target or containers change. */
function useLogs(source: ClusterSource, screen: LogsScreen | undefined, onChange: () => void): readonly LogLine[] | undefined {
  const buf = useRef<LogBuffer | undefined>(undefined)
  const id = screen ? [screen.target.namespace, screen.target.name, screen.allContainers ? '*' : screen.container, screen.generation].join('/') : ''
  useEffect(() => {
    if (!screen) {
      buf.current = undefined
      return
    }
    const b = new LogBuffer()
    buf.current = b
    const ns = screen.target.namespace ?? ''
    const pod = findObject(source.objects('pods'), screen.target)
    const all = pod ? containersOf(pod) : []
    const containers = screen.allContainers && all.length > 0 ? all : [screen.container]
    onChange()
    return followLogs((c, on) => source.logs(ns, screen.target.name, c, on), containers, b, onChange)
    // `id` captures everything of the screen the streams depend on (not its scroll position)
  }, [id, source, onChange])
  return screen ? (buf.current?.lines ?? []) : undefined
}

const systemClock = () => new Date()

/** The dashboard. */
export function App(p: AppProps) {
  const {exit, suspendTerminal} = useApp()
  const window = useWindowSize()
  const size = p.size ?? window
  const [state, setState] = useState(p.initial)
  const stateRef = useRef(state)
  const [, bump] = useReducer((x: number) => x + 1, 0)
  const now = useClock(p.clock ?? systemClock, p.tickMs ?? 1000)
  const screen = current(state)

  useWatches(p.source, neededKeys(screen).join(','), bump)
  const logs = useLogs(p.source, screen.kind === 'logs' ? screen : undefined, bump)

  const f = frame({state, source: p.source, now, width: size.columns, height: size.rows, logs})
  const viewRef = useRef(f.view)
  viewRef.current = f.view

  const update = (next: State) => {
    stateRef.current = next
    setState(next)
  }

  const run = async (e: Effect) => {
    if (e.type === 'quit') return exit()
    const flash = await p.runEffect(e, {suspend: (fn) => suspendTerminal(fn)})
    if (flash) update({...stateRef.current, flash})
  }

  useInput((input, key) => {
    for (const k of toKeyPresses(input, key)) {
      const r = reduce(stateRef.current, k, viewRef.current)
      if (r.state !== stateRef.current) {
        update(r.state)
        // keys arriving in the same chunk act on the screen this one led to
        viewRef.current = frame({state: r.state, source: p.source, now, width: size.columns, height: size.rows, logs}).view
      }
      for (const e of r.effects) void run(e)
      if (r.effects.some((e) => e.type === 'quit' || e.type === 'exec')) break
    }
  })

  return <FrameView lines={f.lines} color={p.color} />
}
