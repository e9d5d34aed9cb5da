/**
 * The overview screen as lines: cluster health (API server, store, leaders), nodes with requested vs
 * allocatable resources, pods by phase and those needing attention, deployments and recent warnings,
 * sharing the height between the lists so each keeps some rows. Pure.
 */
import type {Leader, OverviewModel} from './overview.js'
import {tableLines, type TableRowInput} from './layout.js'
import type {Column} from './render.js'
import {clipLine, fit, type Line, lineWidth, rule, type Tone} from './text.js'

/** Millicores as kubectl prints cpu: "250m", or whole/fractional cores ("4", "1.5"). */
export function formatCpu(milli: number): string {
  if (milli % 1000 === 0) return String(milli / 1000)
  return milli < 1000 ? `${milli}m` : `${Math.round(milli / 100) / 10}`
}

/** Bytes with a binary suffix and at most one decimal: "64Mi", "7.6Gi", "512". */
export function formatBytes(bytes: number): string {
  const units = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi']
  let v = bytes
  let u = 0
  while (Math.abs(v) >= 1024 && u < units.length - 1) {
    v /= 1024
    u++
  }
  const r = Math.round(v * 10) / 10
  return `${Number.isInteger(r) ? r : r.toFixed(1)}${units[u]}`
}

/** "requested/allocatable (N%)"; "requested/-" while the node has not reported what it can allocate. */
function usage(requested: string, allocatable: string, req: number, alloc: number): string {
  if (alloc <= 0) return `${requested}/-`
  return `${requested}/${allocatable} (${Math.round((req / alloc) * 100)}%)`
}

/**
 * Shares `budget` rows between lists of the given lengths one row at a time, so that every list gets
 * rows before any gets many. Returns the rows each list gets.
 */
export function shareRows(lengths: readonly number[], budget: number): number[] {
  const shown = lengths.map(() => 0)
  let left = Math.max(0, budget)
  let progress = true
  while (left > 0 && progress) {
    progress = false
    for (let i = 0; i < lengths.length && left > 0; i++) {
      if (shown[i] < lengths[i]) {
        shown[i]++
        left--
        progress = true
      }
    }
  }
  return shown
}

const col = (name: string, drop = 0, min?: number): Column => ({name, wide: false, drop, min})

function leaderText(l: Leader, compact: boolean): {text: string; tone: Tone} {
  if (l.holder === 'none') return {text: 'none', tone: 'warn'}
  const renewed = l.renewed ? ` (${compact ? '' : 'renewed '}${l.renewed} ago${l.expired ? ', expired' : ''})` : ''
  return {text: l.holder + renewed, tone: l.expired ? 'warn' : 'ok'}
}

/** The two health lines: API server and store on the left, the leaders on the right. */
function healthLines(m: OverviewModel, w: number): Line[] {
  const h = m.health
  const api: Line =
    h.api === 'reachable'
      ? [{text: '● reachable', tone: 'ok'}, {text: /passed|^ok$/.test(h.apiMessage) ? ' (ready)' : ` (${h.apiMessage})`, tone: /passed|^ok$/.test(h.apiMessage) ? 'muted' : 'error'}]
      : h.api === 'unreachable'
        ? [{text: '● unreachable', tone: 'error'}, {text: ` ${h.apiMessage}`, tone: 'muted'}]
        : [{text: '● checking…', tone: 'muted'}]
  const store: Line =
    h.store === 'ok' ? [{text: '● ok', tone: 'ok'}] : h.store === 'failed' ? [{text: '● failed', tone: 'error'}, {text: ` ${h.storeMessage}`, tone: 'muted'}] : [{text: '● unknown', tone: 'muted'}]
  const compact = w < 100
  const half = Math.min(Math.floor(w * 0.45), 40)
  const label = (t: string, n: number): Line => [{text: fit(t, n), tone: 'title'}]
  const left = (title: string, value: Line) => [...clipLine([...label(` ${title}`, 12), ...value], half - 1, true), {text: ' '}]
  const right = (title: string, l: Leader) => {
    const v = leaderText(l, compact)
    return clipLine([...label(title, compact ? 16 : 20), {text: v.text, tone: v.tone}], w - half)
  }
  return [
    [...left('API server', api), ...right('Scheduler', m.scheduler)],
    [...left('Store', store), ...right(compact ? 'Controller mgr' : 'Controller manager', m.controllerManager)],
  ]
}

/** A list section: its rule, header and rows, or "(none)", with "… N more" when cut. */
function section(title: string, columns: Column[], rows: TableRowInput[], shown: number, w: number, more: string): Line[] {
  const out: Line[] = [rule(title, w)]
  if (rows.length === 0) return [...out, [{text: '  (none)', tone: 'muted'}]]
  const cut = shown < rows.length
  const visible = cut ? Math.max(0, shown - 1) : shown
  const t = tableLines(columns, rows, w, {height: visible})
  out.push(t.header, ...t.rows)
  if (cut) out.push([{text: `  … ${rows.length - visible} more (${more})`, tone: 'muted'}])
  return out
}

/** The overview in `w` columns and at most `h` lines. */
export function overviewLines(m: OverviewModel, w: number, h: number): Line[] {
  const nodes: TableRowInput[] = m.nodes.map((n) => ({
    cells: [
      n.name,
      n.status,
      n.roles,
      usage(formatCpu(n.cpu.requested), formatCpu(n.cpu.allocatable), n.cpu.requested, n.cpu.allocatable),
      usage(formatBytes(n.memory.requested), formatBytes(n.memory.allocatable), n.memory.requested, n.memory.allocatable),
      `${n.pods}/${n.podCapacity || '-'}`,
    ],
    tone: n.tone,
  }))
  const troubled: TableRowInput[] = m.troubled.map((p) => ({cells: [p.namespace, p.name, p.ready, p.status, p.restarts, p.age, p.node], tone: p.tone}))
  const deployments: TableRowInput[] = m.deployments.map((d) => ({cells: [d.namespace, d.name, `${d.ready}/${d.desired}`, String(d.upToDate), String(d.available)], tone: d.tone}))
  const warnings: TableRowInput[] = m.warnings.map((e) => ({cells: [e.lastSeen, e.namespace, e.object, e.reason, e.message], tone: 'warn'}))

  // fixed: cluster rule + 2 health lines + pods line, and per list a rule + header (or rule + "(none)")
  const lists = [nodes, troubled, deployments, warnings]
  const shares = shareRows(
    lists.map((l) => l.length),
    h - 4 - 2 * lists.length,
  )

  const phases: Line = [{text: '── ', tone: 'muted'}, {text: `Pods (${m.podTotal})`, tone: 'title', bold: true}, {text: ' '}]
  for (const p of m.podPhases) {
    const tone: Tone | undefined = p.count === 0 ? 'muted' : p.phase === 'Running' || p.phase === 'Succeeded' ? 'ok' : p.phase === 'Pending' ? 'warn' : 'error'
    phases.push({text: ` ${p.phase} `, tone: p.count === 0 ? 'muted' : undefined}, {text: String(p.count), tone, bold: p.count > 0})
  }
  phases.push({text: ' ' + '─'.repeat(Math.max(0, w - lineWidth(phases) - 1)), tone: 'muted'})

  const out: Line[] = [
    rule('Cluster', w),
    ...healthLines(m, w),
    ...section(`Nodes (${m.nodes.length})`, [col('Name', 0, 12), col('Status', 0, 8), col('Roles', 3, 8), col('CPU req/alloc', 1), col('Memory req/alloc', 1), col('Pods', 2)], nodes, shares[0], w, ':no'),
    clipLine(phases, w),
    ...section(
      `Pods needing attention (${m.troubled.length})`,
      [col('Namespace', 3, 8), col('Name', 0, 20), col('Ready'), col('Status', 0, 16), col('Restarts', 2, 8), col('Age', 1), col('Node', 4, 8)],
      troubled,
      shares[1],
      w,
      ':po',
    ),
    ...section(`Deployments (${m.deployments.length})`, [col('Namespace', 2, 8), col('Name', 0, 12), col('Ready'), col('Up-to-date', 3), col('Available', 1)], deployments, shares[2], w, ':deploy'),
    ...section(`Recent warnings (${m.warnings.length})`, [col('Last Seen'), col('Namespace', 2, 8), col('Object', 0, 14), col('Reason', 1, 8), col('Message', 0, 16)], warnings, shares[3], w, ':ev'),
  ]
  return out.slice(0, Math.max(0, h))
}
