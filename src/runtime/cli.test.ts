import {describe, expect, test} from 'vitest'
import {Cli, notBefore, parseJson, parseTime, safeJsonArray, shQuote} from './cli.js'
import {NotFoundError, RuntimeError} from './errors.js'

const sh = new Cli({binary: 'sh', timeoutMs: 5000})

describe('Cli', () => {
  test('returns output; failures become one-line errors with the stderr attached', async () => {
    expect((await sh.run(['-c', 'echo out; echo err >&2'], {what: 'x'})).stdout).toBe('out\n')
    const err = await sh.run(['-c', 'echo "Error: disk on fire" >&2; exit 3'], {what: 'burn'}).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(RuntimeError)
    expect(err).toMatchObject({message: 'burn: disk on fire (sh exit 3)', exitCode: 3, stderr: 'Error: disk on fire\n'})
    expect((err as RuntimeError).command).toBe('sh -c "echo \\"Error: disk on fire\\" >&2; exit 3"')
    const nf = await sh.run(['-c', 'echo "Error: no such container" >&2; exit 125'], {what: 'inspect'}).catch((e: unknown) => e)
    expect(nf).toBeInstanceOf(NotFoundError)
    expect((await sh.run(['-c', 'exit 4'], {what: 'x', allowFailure: true})).exitCode).toBe(4)
  })

  test('timeouts, input, missing binaries, JSON', async () => {
    const t0 = Date.now()
    const err = await sh.run(['-c', 'sleep 5'], {what: 'nap', timeoutMs: 200}).catch((e: unknown) => e)
    expect(err).toMatchObject({timedOut: true, message: 'nap: sh timed out after 200 ms'})
    expect(Date.now() - t0).toBeLessThan(3000)
    expect((await sh.run(['-c', 'cat'], {what: 'x', input: 'piped'})).stdout).toBe('piped')
    await expect(new Cli({binary: '/no/such/cli', timeoutMs: 1000}).run([], {what: 'x'})).rejects.toThrow(/cannot run \/no\/such\/cli/)
    expect(await sh.json(['-c', 'echo \'{"a":1}\''], {what: 'x'})).toEqual({a: 1})
    await expect(sh.json(['-c', 'echo nope'], {what: 'x'})).rejects.toThrow(/unparsable JSON/)
  })

  test('at most maxConcurrency calls run at once', async () => {
    const cli = new Cli({binary: 'sh', timeoutMs: 5000, maxConcurrency: 2})
    const t0 = Date.now()
    await Promise.all([1, 2, 3, 4].map(() => cli.run(['-c', 'sleep 0.3'], {what: 'x'})))
    expect(Date.now() - t0).toBeGreaterThanOrEqual(550)
  })
})

describe('helpers', () => {
  test('parseTime, notBefore, parseJson, safeJsonArray, shQuote', () => {
    expect(parseTime('2026-11-23T18:00:45.285812146Z')).toBe(Date.parse('2026-11-23T18:00:45.285Z'))
    expect(parseTime('0001-01-01T00:00:00Z')).toBeUndefined()
    expect(parseTime(-62135596800)).toBeUndefined()
    expect(parseTime(1795456855)).toBe(1795456855000)
    expect(parseTime('')).toBeUndefined()
    expect([notBefore(5, 7), notBefore(9, 7), notBefore(undefined, 7), notBefore(5, undefined)]).toEqual([7, 9, undefined, 5])
    expect(parseJson('  ', 'x')).toBeNull()
    expect(safeJsonArray('{"a":1}')).toEqual([{a: 1}])
    expect(safeJsonArray('garbage')).toEqual([])
    expect([shQuote('plain-1.2/x'), shQuote("it's"), shQuote('')]).toEqual(['plain-1.2/x', `'it'\\''s'`, "''"])
  })
})
