import {Duplex} from 'node:stream'
import {constants, createDeflate, createInflate} from 'node:zlib'
import {describe, expect, it} from 'vitest'
import {headerBlock, parseHeaderBlock, SPDY3_DICTIONARY, SpdyServerSession, type SpdyStream} from './spdy.js'

/** Runs a zlib stream context the way a SPDY peer does: one sync-flushed output per input. */
function zctx(kind: 'deflate' | 'inflate') {
  const z = kind === 'deflate' ? createDeflate({dictionary: SPDY3_DICTIONARY}) : createInflate({dictionary: SPDY3_DICTIONARY})
  let out: Buffer[] = []
  z.on('data', (c: Buffer) => out.push(c))
  return (b: Buffer) =>
    new Promise<Buffer>((resolve) => {
      out = []
      z.write(b, () => z.flush(constants.Z_SYNC_FLUSH, () => resolve(Buffer.concat(out))))
    })
}

const control = (type: number, flags: number, payload: Buffer) => {
  const h = Buffer.alloc(8)
  h.writeUInt16BE(0x8003, 0)
  h.writeUInt16BE(type, 2)
  h.writeUInt32BE((flags << 24) | payload.length, 4)
  return Buffer.concat([h, payload])
}
const data = (id: number, flags: number, payload: Buffer) => {
  const h = Buffer.alloc(8)
  h.writeUInt32BE(id, 0)
  h.writeUInt32BE((flags << 24) | payload.length, 4)
  return Buffer.concat([h, payload])
}
const u32 = (...v: number[]) => Buffer.concat(v.map((n) => Buffer.from([n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255])))

/** Splits what the server wrote into frames. */
function frames(b: Buffer): {control: boolean; type: number; id: number; flags: number; payload: Buffer}[] {
  const out = []
  for (let pos = 0; pos + 8 <= b.length; ) {
    const len = b.readUInt32BE(pos + 4) & 0xffffff
    const isControl = (b[pos] & 0x80) !== 0
    const payload = b.subarray(pos + 8, pos + 8 + len)
    out.push({control: isControl, type: isControl ? b.readUInt16BE(pos + 2) : 0, id: isControl ? (payload.length >= 4 ? payload.readUInt32BE(0) & 0x7fffffff : 0) : b.readUInt32BE(pos) & 0x7fffffff, flags: b[pos + 4], payload})
    pos += 8 + len
  }
  return out
}

describe('SPDY/3.1 server session', () => {
  it('the header dictionary is the 1423-byte SPDY/3 one; header blocks round-trip', () => {
    expect(SPDY3_DICTIONARY.length).toBe(1423)
    expect(SPDY3_DICTIONARY.subarray(0, 11)).toEqual(Buffer.from([0, 0, 0, 7, ...Buffer.from('options')]))
    expect(SPDY3_DICTIONARY.subarray(-7).toString()).toBe(',enq=0.')
    expect(parseHeaderBlock(headerBlock({StreamType: 'data', port: '80'}))).toEqual({streamtype: 'data', port: '80'})
    expect(() => parseHeaderBlock(Buffer.from([0, 0, 0, 1, 0, 0, 0, 9]))).toThrow('truncated')
  })

  it('answers streams, carries data both ways, echoes pings, acknowledges data, ends on FIN', async () => {
    const written: Buffer[] = []
    const io = new Duplex({read() {}, write(c, _e, cb) {
      written.push(c)
      cb()
    }})
    const streams: SpdyStream[] = []
    const received: (string | null)[] = []
    new SpdyServerSession(io, {onStream: (s) => {
      streams.push(s)
      s.onData = (c) => received.push(c === null ? null : c.toString())
    }})
    const deflate = zctx('deflate')
    const syn = async (id: number, h: Record<string, string>) => control(1, 0, Buffer.concat([u32(id, 0), Buffer.from([0, 0]), await deflate(headerBlock(h))]))
    io.push(Buffer.concat([await syn(1, {streamtype: 'error', port: '80', requestid: '0'}), await syn(3, {streamtype: 'data', port: '80', requestid: '0'})]))
    io.push(data(3, 0, Buffer.from('GET / ')))
    io.push(data(3, 1, Buffer.from('HTTP/1.0')))
    io.push(control(6, 0, u32(7)))
    await new Promise((r) => setTimeout(r, 50))
    expect(streams.map((s) => [s.id, s.headers.streamtype, s.headers.port, s.headers.requestid])).toEqual([[1, 'error', '80', '0'], [3, 'data', '80', '0']])
    expect(received).toEqual(['GET / ', 'HTTP/1.0', null])
    streams[1].write(Buffer.alloc(70_000, 97))
    streams[1].end()
    const out = frames(Buffer.concat(written))
    const replies = out.filter((f) => f.control && f.type === 2)
    expect(replies.map((f) => f.id)).toEqual([1, 3])
    const inflate = zctx('inflate')
    for (const r of replies) expect(parseHeaderBlock(await inflate(r.payload.subarray(4)))).toEqual({})
    expect(out.filter((f) => f.control && f.type === 9).map((f) => [f.id, f.payload.readUInt32BE(4)])).toEqual([[3, 6], [3, 8]])
    expect(out.find((f) => f.control && f.type === 6)?.payload).toEqual(u32(7))
    const sent = out.filter((f) => !f.control && f.id === 3)
    expect(sent.reduce((n, f) => n + f.payload.length, 0)).toBe(70_000)
    expect(sent.at(-1)).toMatchObject({flags: 1})
    expect(sent.at(-1)!.payload.length).toBe(0)
  })

  it('RST_STREAM and GOAWAY end streams; a bad version ends the session', async () => {
    const written: Buffer[] = []
    const io = new Duplex({read() {}, write(c, _e, cb) {
      written.push(c)
      cb()
    }})
    const ended: number[] = []
    let closed: Error | undefined | 'open' = 'open'
    new SpdyServerSession(io, {
      onStream: (s) => (s.onData = (c) => c === null && ended.push(s.id)),
      onClose: (e) => (closed = e),
    })
    const deflate = zctx('deflate')
    io.push(control(1, 0, Buffer.concat([u32(5, 0), Buffer.from([0, 0]), await deflate(headerBlock({streamtype: 'data'}))])))
    io.push(control(3, 0, u32(5, 5)))
    await new Promise((r) => setTimeout(r, 30))
    expect(ended).toEqual([5])
    const bad = Buffer.alloc(8)
    bad.writeUInt16BE(0x8002, 0)
    bad.writeUInt16BE(6, 2)
    io.push(bad)
    await new Promise((r) => setTimeout(r, 30))
    expect((closed as unknown as Error)?.message).toBe('unsupported SPDY version 2')
  })
})
