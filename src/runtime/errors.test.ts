import {describe, expect, test} from 'vitest'
import {ImagePullError, NotFoundError, RuntimeError, isNotFoundMessage, summarizeStderr} from './errors.js'

describe('summarizeStderr', () => {
  test('picks the error line and strips CLI prefixes', () => {
    expect(summarizeStderr('Error: no container with name or ID "x" found: no such container\n')).toBe('no container with name or ID "x" found: no such container')
    expect(summarizeStderr('Error response from daemon: No such image: a:1')).toBe('No such image: a:1')
    expect(summarizeStderr('Trying to pull a:1...\nError: initializing source docker://a:1: pinging\n')).toBe('initializing source docker://a:1: pinging')
  })

  test('unwraps logrus lines and skips warnings', () => {
    const s = 'time="2026-01-01T00:00:00Z" level=warning msg="Failed, retrying in 1s"\ntime="x" level=error msg="pull failed: \\"a\\" denied"\n'
    expect(summarizeStderr(s)).toBe('pull failed: "a" denied')
    expect(summarizeStderr('WARNING: something\nreal problem\n')).toBe('real problem')
    expect(summarizeStderr('  \n')).toBe('')
  })

  test('not-found wordings of podman and docker', () => {
    expect(isNotFoundMessage('Error: no such container')).toBe(true)
    expect(isNotFoundMessage('Error: inspecting object: a:1: image not known')).toBe(true)
    expect(isNotFoundMessage('Error response from daemon: No such container: abc')).toBe(true)
    expect(isNotFoundMessage('Error: no pod with name or ID x found: no such pod')).toBe(true)
    expect(isNotFoundMessage('OCI runtime attempted to invoke a command that was not found')).toBe(false)
  })

  test('error classes carry their details', () => {
    const e = new ImagePullError('a:1', 'pull image a:1: denied', {command: 'podman pull a:1', exitCode: 125, stderr: 'Error: denied'})
    expect(e).toBeInstanceOf(RuntimeError)
    expect(e).toMatchObject({name: 'ImagePullError', image: 'a:1', exitCode: 125, stderr: 'Error: denied', timedOut: false})
    expect(new NotFoundError('x')).toBeInstanceOf(RuntimeError)
  })
})
