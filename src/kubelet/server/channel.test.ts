import {describe, expect, it} from 'vitest'
import {
  Channel,
  decodeFrame,
  encodeClose,
  encodeFrame,
  encodeResize,
  exitCodeStatus,
  internalErrorStatus,
  outcomeFromStatus,
  parseProtocolHeader,
  parseResize,
  PROTOCOL_V4,
  PROTOCOL_V5,
  ProtocolError,
  selectProtocol,
  statusFrame,
  successStatus,
} from './channel.js'

describe('remote-command channel framing', () => {
  it('prefixes data with the channel byte and decodes it back', () => {
    const f = encodeFrame(Channel.stdout, 'héllo')
    expect([...f.subarray(0, 1)]).toEqual([1])
    expect(f.subarray(1).toString('utf8')).toBe('héllo')
    expect(decodeFrame(f, PROTOCOL_V5)).toEqual({type: 'data', channel: 1, data: Buffer.from('héllo')})
    expect([...encodeFrame(Channel.stdin)]).toEqual([0])
    expect(decodeFrame(new Uint8Array(0), PROTOCOL_V4)).toEqual({type: 'empty'})
  })

  it('treats [255, ch] as a close signal in v5 only', () => {
    expect([...encodeClose(Channel.stdin)]).toEqual([255, 0])
    expect(decodeFrame(encodeClose(0), PROTOCOL_V5)).toEqual({type: 'close', channel: 0})
    // v4 has no close signal: 255 is just an unknown channel
    expect(decodeFrame(encodeClose(0), PROTOCOL_V4)).toEqual({type: 'data', channel: 255, data: Buffer.from([0])})
    expect(() => decodeFrame(Buffer.from([255, 0, 1]), PROTOCOL_V5)).toThrow(ProtocolError)
    expect(() => decodeFrame(Buffer.from([255]), PROTOCOL_V5)).toThrow(ProtocolError)
  })

  it('decodes views into larger buffers correctly', () => {
    const big = Buffer.from([9, 9, 2, 111, 107, 9])
    expect(decodeFrame(new Uint8Array(big.buffer, big.byteOffset + 2, 3), PROTOCOL_V5)).toEqual({type: 'data', channel: 2, data: Buffer.from('ok')})
  })

  it('picks v5 over v4 whatever the order they are offered in', () => {
    expect(selectProtocol([PROTOCOL_V4, PROTOCOL_V5])).toBe(PROTOCOL_V5)
    expect(selectProtocol(['v3.channel.k8s.io', PROTOCOL_V4])).toBe(PROTOCOL_V4)
    expect(selectProtocol(['channel.k8s.io', 'base64.channel.k8s.io'])).toBeUndefined()
    expect(parseProtocolHeader('v5.channel.k8s.io, v4.channel.k8s.io')).toEqual([PROTOCOL_V5, PROTOCOL_V4])
    expect(parseProtocolHeader(undefined)).toEqual([])
  })

  it('encodes and validates resize messages as Go TerminalSize', () => {
    const f = encodeResize(120.7, 40)
    expect(f[0]).toBe(Channel.resize)
    expect(f.subarray(1).toString()).toBe('{"Width":120,"Height":40}')
    expect(parseResize(f.subarray(1))).toEqual({Width: 120, Height: 40})
    expect(parseResize(Buffer.from('{"width":1,"height":2}'))).toBeUndefined()
    expect(parseResize(Buffer.from('{"Width":-1,"Height":2}'))).toBeUndefined()
    expect(parseResize(Buffer.from('nope'))).toBeUndefined()
  })
})

describe('error-channel statuses', () => {
  it('serialises exactly as the kubelet does', () => {
    expect(JSON.stringify(successStatus())).toBe('{"metadata":{},"status":"Success"}')
    expect(JSON.stringify(exitCodeStatus(['sh', '-c', 'exit 3'], 3))).toBe(
      '{"metadata":{},"status":"Failure","message":"command terminated with non-zero exit code: error executing command [sh -c exit 3], exit code 3","reason":"NonZeroExitCode","details":{"causes":[{"reason":"ExitCode","message":"3"}]}}',
    )
    const f = statusFrame(successStatus())
    expect(f[0]).toBe(Channel.error)
    expect(internalErrorStatus('boom')).toMatchObject({status: 'Failure', reason: 'InternalError', code: 500, message: 'Internal error occurred: boom'})
  })

  it('extracts exit codes and errors as client-go does', () => {
    expect(outcomeFromStatus('')).toEqual({exitCode: 0})
    expect(outcomeFromStatus(JSON.stringify(successStatus()))).toEqual({exitCode: 0})
    expect(outcomeFromStatus(JSON.stringify(exitCodeStatus(['false'], 1)))).toEqual({exitCode: 1})
    expect(outcomeFromStatus(JSON.stringify(exitCodeStatus(['x'], 255)))).toEqual({exitCode: 255})
    expect(outcomeFromStatus(JSON.stringify(internalErrorStatus('no such file')))).toEqual({error: 'Internal error occurred: no such file'})
    expect(outcomeFromStatus('{"metadata":{},"status":"Failure","reason":"NonZeroExitCode"}')).toEqual({error: 'error stream protocol error: details must be set'})
    expect(outcomeFromStatus('{"status":"Failure","reason":"NonZeroExitCode","details":{"causes":[{"reason":"ExitCode","message":"300"}]}}')).toEqual({
      error: 'error stream protocol error: invalid exit code value "300"',
    })
    expect(outcomeFromStatus('{"status":"Failure","reason":"NonZeroExitCode","details":{"causes":[]}}')).toEqual({error: 'error stream protocol error: no ExitCode cause given'})
    expect(outcomeFromStatus('{"status":"Weird"}')).toEqual({error: 'error stream protocol error: unknown error'})
    expect('error' in outcomeFromStatus('{not json')).toBe(true)
  })
})
