/**
 * Test helpers for the store suites: temporary directories and child processes that run the store's
 * TypeScript sources directly (Node type stripping + ts-hooks.mjs for the './x.js' → './x.ts' imports).
 */
import {spawn, type ChildProcess} from 'node:child_process'
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'

/** A fresh directory under os.tmpdir(); `cleanup()` removes it. */
export function tempDir(tag = 'store'): {dir: string; file(name: string): string; cleanup(): void} {
  const dir = mkdtempSync(join(tmpdir(), `mkube-${tag}-`))
  return {dir, file: (name) => join(dir, name), cleanup: () => rmSync(dir, {recursive: true, force: true})}
}

const here = fileURLToPath(new URL('.', import.meta.url))

/** Spawn `node` on testing/<script> (a .ts file) with `args`; stdout is piped, stderr inherited. */
export function spawnChild(script: string, args: string[]): ChildProcess {
  return spawn(
    process.execPath,
    [
      '--experimental-transform-types',
      '--disable-warning=ExperimentalWarning',
      '--import',
      pathToFileURL(join(here, 'ts-hooks.mjs')).href,
      join(here, script),
      ...args,
    ],
    {stdio: ['ignore', 'pipe', 'inherit']},
  )
}

/** Resolves with the exit code (or signal name) of `child`. */
export function exited(child: ChildProcess): Promise<number | string> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve(child.exitCode)
    child.once('exit', (code, signal) => resolve(code ?? signal ?? -1))
  })
}

/** Calls `onLine` for each stdout line of `child`. */
export function onLines(child: ChildProcess, onLine: (line: string) => void): void {
  let buf = ''
  child.stdout!.setEncoding('utf8')
  child.stdout!.on('data', (chunk: string) => {
    buf += chunk
    let nl: number
    while ((nl = buf.indexOf('\n')) >= 0) {
      onLine(buf.slice(0, nl))
      buf = buf.slice(nl + 1)
    }
  })
}

/** Resolves when `cond()` holds (polled every 5 ms), rejects after `timeoutMs`. */
export async function waitFor(cond: () => boolean, timeoutMs = 5_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 5))
  }
}
