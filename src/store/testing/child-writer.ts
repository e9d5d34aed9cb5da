/**
 * Child process for the cross-process tests (run by helpers.spawnChild). Usage:
 *   child-writer.ts <db> create <prefix> <count>   create <prefix><i> for i < count, then exit
 *   child-writer.ts <db> burst <prefix>            create keys in waves of 50 until killed
 * Prints each key on stdout once its create has been acknowledged (committed), then "done" when finished.
 */
import {openSqliteStore} from '../sqlite.js'

const [file, mode, prefix, countArg] = process.argv.slice(2)
const store = openSqliteStore(file, {compactIntervalMs: 0, checkpointIntervalMs: 0})
const ack = (key: string) => process.stdout.write(key + '\n')

if (mode === 'create') {
  const n = Number(countArg)
  await Promise.all(Array.from({length: n}, (_, i) => store.create(`${prefix}${i}`, {kind: 'Test', metadata: {name: `${i}`}}).then(() => ack(`${prefix}${i}`))))
  await store.close()
  process.stdout.write('done\n')
} else if (mode === 'burst') {
  for (let wave = 0; ; wave++) {
    const keys = Array.from({length: 50}, (_, i) => `${prefix}${wave * 50 + i}`)
    await Promise.all(keys.map((k) => store.create(k, {kind: 'Test', metadata: {name: k}, data: 'x'.repeat(200)}).then(() => ack(k))))
  }
} else {
  throw new Error(`unknown mode ${mode}`)
}
