/**
 * Runs ONE benchmark module in its own process (so benchmarks never share a heap, a JIT state or leftover
 * sockets): `node bench/lib/child.js <bench file> '<options JSON>'`. Calls the module's run(opts), adds
 * the common fields and writes bench/results/<name>.json. Exit code 0 when the benchmark completed
 * (whether or not it met its targets), 1 when it threw.
 */
import {mkdirSync, writeFileSync} from 'node:fs'
import os from 'node:os'
import {basename} from 'node:path'
import {pathToFileURL} from 'node:url'
import {toJson} from './json.js'

const [file, optsJson = '{}'] = process.argv.slice(2)
const opts = JSON.parse(optsJson)
const resultsDir = new URL('../results/', import.meta.url)
mkdirSync(resultsDir, {recursive: true})

const log = (msg) => process.stdout.write(`  ${msg}\n`)
const mod = await import(pathToFileURL(file).href)
const name = mod.name ?? basename(file).replace(/\.bench\.js$/, '')
const started = Date.now()
const t0 = performance.now()
const base = {
  name,
  title: mod.title ?? name,
  method: mod.method ?? '',
  quick: !!opts.quick,
  startedAt: new Date(started).toISOString(),
  env: {node: process.version, platform: `${os.platform()} ${os.release()}`, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memMiB: Math.round(os.totalmem() / 2 ** 20), loadavg: os.loadavg().map((x) => Math.round(x * 100) / 100)},
}
let out
let code = 0
try {
  if (typeof mod.run !== 'function') throw new Error(`${file} exports no run(opts) function`)
  const res = await mod.run({...opts, log})
  out = {...base, durationMs: Math.round(performance.now() - t0), ...res}
} catch (err) {
  code = 1
  out = {...base, durationMs: Math.round(performance.now() - t0), error: String(err?.stack ?? err), metrics: []}
  process.stderr.write(`${name}: ${err?.stack ?? err}\n`)
}
writeFileSync(new URL(`${name}.json`, resultsDir), toJson(out))
process.exit(code)

