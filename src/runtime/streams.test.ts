import {describe, expect, test} from 'vitest'
import {execa} from 'execa'
import {EXEC_SESSION_ENV, exitCodeOf, logArgs, logStreamFromProcess, ptyResizer, resizeScript} from './streams.js'
import {readAll} from './testing/helpers.js'

describe('streams', () => {
  test('log arguments', () => {
    expect(logArgs('c')).toEqual(['logs', 'c'])
    expect(logArgs('c', {follow: true, tailLines: 10, sinceSeconds: 2.5, timestamps: true})).toEqual(['logs', '--follow', '--tail', '10', '--since', '3s', '--timestamps', 'c'])
    expect(logArgs('c', {tailLines: 0})).toEqual(['logs', '--tail', '0', 'c'])
  })

  test('exit codes of signalled processes', () => {
    expect([exitCodeOf(3), exitCodeOf(undefined, 'SIGKILL'), exitCodeOf(undefined, 'SIGTERM'), exitCodeOf(undefined)]).toEqual([3, 137, 143, -1])
  })

  test('the resize script finds the marked session and sizes its terminal', () => {
    const [sh, flag, script] = resizeScript('abc', 100.7, 30)
    expect([sh, flag]).toEqual(['/bin/sh', '-c'])
    expect(script).toContain(`grep -qx '${EXEC_SESSION_ENV}=abc'`)
    expect(script).toContain('stty -F "$t" cols 100 rows 30')
  })

  test('the resizer retries while the session is not there yet, and gives up on a missing stty', async () => {
    const codes = [1, 1, 0]
    let calls = 0
    const ok = ptyResizer('s', async () => ({exitCode: codes[calls++], stdout: '', stderr: '', timedOut: false}))
    expect(await ok(80, 24)).toBe(true)
    expect(calls).toBe(3)
    const missing = ptyResizer('s', async () => ({exitCode: 127, stdout: '', stderr: '', timedOut: false}))
    expect(await missing(80, 24)).toBe(false)
    expect(await ok(0, 24)).toBe(false)
  })

  test('a log stream merges stdout and stderr and stops following on stop()', async () => {
    const done = logStreamFromProcess(execa('sh', ['-c', 'echo a; echo b >&2'], {reject: false, buffer: false, stdin: 'ignore', detached: true}))
    expect((await readAll(done.stream)).split('\n').sort()).toEqual(['', 'a', 'b'])
    const follow = logStreamFromProcess(execa('sh', ['-c', 'while :; do echo t; sleep 0.05; done'], {reject: false, buffer: false, stdin: 'ignore', detached: true}))
    const text = readAll(follow.stream)
    await new Promise(resolve => setTimeout(resolve, 200))
    follow.stop()
    await follow.done
    expect(await text).toMatch(/^(t\n)+$/)
  })
})
