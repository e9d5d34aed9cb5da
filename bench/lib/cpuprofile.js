/**
 * Summary of a V8 .cpuprofile (node --cpu-prof): self time per function and per source file/package,
 * idle time excluded from the percentages. Also a CLI: `node bench/lib/cpuprofile.js <file.cpuprofile> [top]`.
 */
import {readFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'

/** Where a function lives, shortened: node_modules/<pkg>, dist/<path>, node:<module>, or the raw URL. */
function where(url) {
  if (!url) return ''
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)
  if (nm) return nm[1]
  const d = /\/dist\/(.+)$/.exec(url)
  if (d) return `dist/${d[1]}`
  if (url.startsWith('node:')) return url
  return url.replace(/^file:\/\//, '')
}

/** {totalMs, idleMs, busyMs, functions: [{name, where, line, selfMs, pct}], files: [{where, selfMs, pct}]} */
export function summarizeProfile(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const self = new Map()
  const {samples = [], timeDeltas = []} = profile
  const mean = samples.length ? (profile.endTime - profile.startTime) / samples.length : 0
  for (let i = 0; i < samples.length; i++) {
    const dt = i + 1 < timeDeltas.length ? timeDeltas[i + 1] : mean
    self.set(samples[i], (self.get(samples[i]) ?? 0) + Math.max(0, dt))
  }
  let total = 0
  let idle = 0
  const fn = new Map()
  const files = new Map()
  for (const [id, us] of self) {
    const cf = byId.get(id)?.callFrame ?? {}
    total += us
    if (cf.functionName === '(idle)') {
      idle += us
      continue
    }
    const w = where(cf.url)
    const key = `${cf.functionName}|${cf.url}|${cf.lineNumber}`
    const e = fn.get(key) ?? {name: cf.functionName || '(anonymous)', where: w, line: (cf.lineNumber ?? -1) + 1, selfUs: 0}
    e.selfUs += us
    fn.set(key, e)
    const fk = w || cf.functionName
    files.set(fk, (files.get(fk) ?? 0) + us)
  }
  const busy = total - idle
  const pct = (us) => (busy > 0 ? Math.round((1000 * us) / busy) / 10 : 0)
  return {
    totalMs: Math.round(total / 1000),
    idleMs: Math.round(idle / 1000),
    busyMs: Math.round(busy / 1000),
    functions: [...fn.values()].sort((a, b) => b.selfUs - a.selfUs).map((e) => ({name: e.name, where: e.where, line: e.line, selfMs: Math.round(e.selfUs / 100) / 10, pct: pct(e.selfUs)})),
    files: [...files.entries()].sort((a, b) => b[1] - a[1]).map(([w, us]) => ({where: w, selfMs: Math.round(us / 100) / 10, pct: pct(us)})),
  }
}

/** Printable text of the summary (top `top` functions and files). */
export function formatProfile(file, s, top = 25) {
  const lines = [`${file}: ${s.totalMs} ms sampled, ${s.idleMs} ms idle, ${s.busyMs} ms busy (percentages of busy time)`, '  self ms    %  function (where:line)']
  for (const f of s.functions.slice(0, top)) lines.push(`  ${String(f.selfMs).padStart(7)} ${String(f.pct).padStart(5)}  ${f.name} (${f.where}${f.line > 0 ? `:${f.line}` : ''})`)
  lines.push('  self ms    %  file / package')
  for (const f of s.files.slice(0, Math.ceil(top / 2))) lines.push(`  ${String(f.selfMs).padStart(7)} ${String(f.pct).padStart(5)}  ${f.where}`)
  return lines.join('\n')
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [file, top = '25'] = process.argv.slice(2)
  if (!file) {
    console.error('usage: node bench/lib/cpuprofile.js <file.cpuprofile> [top]')
    process.exit(2)
  }
  console.log(formatProfile(file, summarizeProfile(JSON.parse(readFileSync(file, 'utf8'))), Number(top)))
}
