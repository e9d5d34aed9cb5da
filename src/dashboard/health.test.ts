import {describe, expect, it} from 'vitest'
import {ApiError} from '../api/errors.js'
import {ConnectionError, errorFromResponse} from '../client/errors.js'
import {healthFromError, parseReadyz} from './health.js'

describe('health', () => {
  it('reads a passing verbose /readyz', () => {
    expect(parseReadyz('[+]ping ok\n[+]etcd ok\nreadyz check passed\n', true)).toEqual({api: 'reachable', apiMessage: 'readyz check passed', store: 'ok', storeMessage: 'ok'})
  })

  it('reads a failing store check from a 503 answer', () => {
    const err = errorFromResponse(503, '[-]etcd failed: database is locked\nreadyz check failed')
    expect(healthFromError(err)).toEqual({api: 'reachable', apiMessage: 'readyz check failed', store: 'failed', storeMessage: 'database is locked'})
  })

  it('an unreachable server: no answer at all', () => {
    const err = new ConnectionError('https://127.0.0.1:1', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), {code: 'ECONNREFUSED'}))
    expect(healthFromError(err)).toEqual({api: 'unreachable', apiMessage: 'connect ECONNREFUSED 127.0.0.1:1', store: 'unknown', storeMessage: ''})
    expect(healthFromError(new ApiError({code: 500, message: 'boom'})).api).toBe('reachable')
  })
})
