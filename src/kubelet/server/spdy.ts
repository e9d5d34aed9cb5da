/**
 * A SPDY/3.1 server session, the framing `kubectl port-forward` speaks (over a WebSocket, subprotocol
 * SPDY/3.1+portforward.k8s.io, or over an HTTP connection upgraded to SPDY/3.1). The client opens
 * streams (SYN_STREAM with zlib-compressed headers); the server answers each with SYN_REPLY, then data
 * flows both ways in DATA frames until each side sends FIN. PINGs are echoed, received data is
 * acknowledged with WINDOW_UPDATE, GOAWAY or the connection closing ends every stream.
 *
 * Header blocks share one zlib context per direction, primed with the SPDY/3 dictionary.
 */
import type {Duplex} from 'node:stream'
import {constants, createDeflate, createInflate, type Deflate, type Inflate} from 'node:zlib'

/** SPDY/3 header compression dictionary (draft-mbelshe-httpbis-spdy-00 §2.6.10.1): length-prefixed names and values, then common text. */
export const SPDY3_DICTIONARY: Buffer = (() => {
  const words = [
    'options', 'head', 'post', 'put', 'delete', 'trace', 'accept', 'accept-charset', 'accept-encoding', 'accept-language', 'accept-ranges', 'age', 'allow',
    'authorization', 'cache-control', 'connection', 'content-base', 'content-encoding', 'content-language', 'content-length', 'content-location', 'content-md5',
    'content-range', 'content-type', 'date', 'etag', 'expect', 'expires', 'from', 'host', 'if-match', 'if-modified-since', 'if-none-match', 'if-range',
    'if-unmodified-since', 'last-modified', 'location', 'max-forwards', 'pragma', 'proxy-authenticate', 'proxy-authorization', 'range', 'referer', 'retry-after',
    'server', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'user-agent', 'vary', 'via', 'warning', 'www-authenticate', 'method', 'get', 'status', '200 OK',
    'version', 'HTTP/1.1', 'url', 'public', 'set-cookie', 'keep-alive', 'origin',
  ]
  const tail =
    '100101201202205206300302303304305306307402405406407408409410411412413414415416417502504505203 Non-Authoritative Information204 No Content' +
    '301 Moved Permanently400 Bad Request401 Unauthorized403 Forbidden404 Not Found500 Internal Server Error501 Not Implemented503 Service Unavailable' +
    'Jan Feb Mar Apr May Jun Jul Aug Sept Oct Nov Dec 00:00:00 Mon, Tue, Wed, Thu, Fri, Sat, Sun, GMTchunked,text/html,image/png,image/jpg,image/gif,' +
    'application/xml,application/xhtml+xml,text/plain,text/javascript,publicprivatemax-age=gzip,deflate,sdchcharset=utf-8charset=iso-8859-1,utf-,*,enq=0.'
  const parts: Buffer[] = []
  for (const w of words) {
    const len = Buffer.alloc(4)
    len.writeUInt32BE(w.length)
    parts.push(len, Buffer.from(w, 'latin1'))
  }
  parts.push(Buffer.from(tail, 'latin1'))
  return Buffer.concat(parts)
})()

const VERSION = 3
const TYPE = {synStream: 1, synReply: 2, rstStream: 3, settings: 4, ping: 6, goAway: 7, headers: 8, windowUpdate: 9} as const
const FLAG_FIN = 0x01
/** Largest DATA frame this side sends. */
const MAX_DATA = 32 * 1024

/** One stream opened by the client. */
export interface SpdyStream {
  readonly id: number
  /** the SYN_STREAM headers, names lower-case (multiple values joined with NUL as sent) */
  readonly headers: Record<string, string>
  /** called with each DATA payload, and with null once the client sent FIN (or the stream ended) */
  onData: (chunk: Buffer | null) => void
  /** sends data (split into DATA frames) */
  write(chunk: Buffer): void
  /** sends FIN: this side is done writing */
  end(): void
  /** RST_STREAM with status CANCEL */
  reset(): void
}

/** Serialises async zlib work on one context: each call's output is what that call's input produced. */
class ZContext {
  private out: Buffer[] = []
  private queue: Promise<unknown> = Promise.resolve()

  constructor(private readonly z: Inflate | Deflate) {
    z.on('data', (c: Buffer) => this.out.push(c))
    z.on('error', () => undefined)
  }

  run(input: Buffer): Promise<Buffer> {
    const p = this.queue.then(
      () =>
        new Promise<Buffer>((resolve, reject) => {
          this.out = []
          this.z.write(input, (err) => {
            if (err) return reject(err)
            this.z.flush(constants.Z_SYNC_FLUSH, () => resolve(Buffer.concat(this.out)))
          })
        }),
    )
    this.queue = p.catch(() => undefined)
    return p
  }

  close(): void {
    this.z.destroy()
  }
}

/** Parses an uncompressed SPDY/3 header block (32-bit counts and lengths). */
export function parseHeaderBlock(b: Buffer): Record<string, string> {
  const out: Record<string, string> = {}
  let pos = 0
  const u32 = () => {
    if (pos + 4 > b.length) throw new Error('truncated SPDY header block')
    const v = b.readUInt32BE(pos)
    pos += 4
    return v
  }
  const text = (n: number) => {
    if (pos + n > b.length) throw new Error('truncated SPDY header block')
    const s = b.subarray(pos, pos + n).toString('latin1')
    pos += n
    return s
  }
  const count = u32()
  for (let i = 0; i < count; i++) {
    const name = text(u32()).toLowerCase()
    out[name] = text(u32())
  }
  return out
}

/** Builds an uncompressed SPDY/3 header block. */
export function headerBlock(h: Record<string, string>): Buffer {
  const parts: Buffer[] = []
  const u32 = (n: number) => {
    const b = Buffer.alloc(4)
    b.writeUInt32BE(n)
    return b
  }
  const entries = Object.entries(h)
  parts.push(u32(entries.length))
  for (const [k, v] of entries) {
    const kb = Buffer.from(k.toLowerCase(), 'latin1')
    const vb = Buffer.from(v, 'latin1')
    parts.push(u32(kb.length), kb, u32(vb.length), vb)
  }
  return Buffer.concat(parts)
}

function controlFrame(type: number, flags: number, payload: Buffer): Buffer {
  const h = Buffer.alloc(8)
  h.writeUInt16BE(0x8000 | VERSION, 0)
  h.writeUInt16BE(type, 2)
  h.writeUInt32BE(((flags & 0xff) << 24) | payload.length, 4)
  return Buffer.concat([h, payload])
}

function dataFrame(streamId: number, flags: number, payload: Buffer): Buffer {
  const h = Buffer.alloc(8)
  h.writeUInt32BE(streamId & 0x7fffffff, 0)
  h.writeUInt32BE(((flags & 0xff) << 24) | payload.length, 4)
  return Buffer.concat([h, payload])
}

function u32s(...vals: number[]): Buffer {
  const b = Buffer.alloc(4 * vals.length)
  vals.forEach((v, i) => b.writeUInt32BE(v >>> 0, i * 4))
  return b
}

/** Options of a session. */
export interface SpdySessionOptions {
  /** a new stream (after its SYN_REPLY was queued) */
  onStream(stream: SpdyStream): void
  /** the session ended (connection closed, GOAWAY or a protocol error, given as `err`) */
  onClose?(err?: Error): void
}

/** A server-side SPDY/3.1 session over a byte stream. */
export class SpdyServerSession {
  private buf: Buffer = Buffer.alloc(0)
  private readonly inflate = new ZContext(createInflate({dictionary: SPDY3_DICTIONARY}))
  private readonly deflate = new ZContext(createDeflate({dictionary: SPDY3_DICTIONARY}))
  private readonly streams = new Map<number, {stream: SpdyStream; remoteDone: boolean}>()
  private work: Promise<void> = Promise.resolve()
  private closed = false

  constructor(
    private readonly io: Duplex,
    private readonly opts: SpdySessionOptions,
  ) {
    io.on('data', (c: Buffer) => {
      this.buf = this.buf.length ? Buffer.concat([this.buf, c]) : c
      this.drain()
    })
    io.on('end', () => this.close())
    io.on('close', () => this.close())
    io.on('error', (e: Error) => this.close(e))
  }

  /** Ends every stream and the connection. */
  close(err?: Error): void {
    if (this.closed) return
    this.closed = true
    for (const {stream} of this.streams.values()) stream.onData(null)
    this.streams.clear()
    this.inflate.close()
    this.deflate.close()
    this.io.destroy()
    this.opts.onClose?.(err)
  }

  private send(frame: Buffer): void {
    if (!this.closed && this.io.writable) this.io.write(frame)
  }

  private drain(): void {
    while (this.buf.length >= 8) {
      const length = this.buf.readUInt32BE(4) & 0xffffff
      if (this.buf.length < 8 + length) return
      const frame = this.buf.subarray(0, 8 + length)
      this.buf = this.buf.subarray(8 + length)
      // frames are handled in order: header blocks share one zlib context
      this.work = this.work.then(() => this.handle(frame)).catch((e: Error) => this.close(e))
    }
  }

  private async handle(f: Buffer): Promise<void> {
    if (this.closed) return
    const flags = f[4]
    const payload = f.subarray(8)
    if ((f[0] & 0x80) === 0) {
      const id = f.readUInt32BE(0) & 0x7fffffff
      const s = this.streams.get(id)
      if (!s) return
      if (payload.length) {
        s.stream.onData(Buffer.from(payload))
        // hand the window back: this side consumes data as it arrives
        this.send(controlFrame(TYPE.windowUpdate, 0, u32s(id, payload.length)))
      }
      if (flags & FLAG_FIN) this.remoteEnd(id)
      return
    }
    const version = f.readUInt16BE(0) & 0x7fff
    if (version !== VERSION) throw new Error(`unsupported SPDY version ${version}`)
    switch (f.readUInt16BE(2)) {
      case TYPE.synStream: {
        const id = payload.readUInt32BE(0) & 0x7fffffff
        const headers = parseHeaderBlock(await this.inflate.run(payload.subarray(10)))
        const reply = await this.deflate.run(headerBlock({}))
        this.send(controlFrame(TYPE.synReply, 0, Buffer.concat([u32s(id), reply])))
        const stream = this.newStream(id, headers)
        this.streams.set(id, {stream, remoteDone: false})
        this.opts.onStream(stream)
        if (flags & FLAG_FIN) this.remoteEnd(id)
        return
      }
      case TYPE.headers:
        // keeps the zlib context in step; the headers themselves carry nothing port-forward needs
        await this.inflate.run(payload.subarray(4))
        return
      case TYPE.rstStream: {
        const id = payload.readUInt32BE(0) & 0x7fffffff
        const s = this.streams.get(id)
        if (s) {
          this.streams.delete(id)
          s.stream.onData(null)
        }
        return
      }
      case TYPE.ping:
        this.send(controlFrame(TYPE.ping, 0, Buffer.from(payload)))
        return
      case TYPE.goAway:
        this.close()
        return
      default:
        // SETTINGS, WINDOW_UPDATE and anything newer: nothing to do
        return
    }
  }

  private remoteEnd(id: number): void {
    const s = this.streams.get(id)
    if (!s || s.remoteDone) return
    s.remoteDone = true
    s.stream.onData(null)
  }

  private newStream(id: number, headers: Record<string, string>): SpdyStream {
    let finished = false
    const session = this
    return {
      id,
      headers,
      onData: () => undefined,
      write(chunk: Buffer) {
        if (finished) return
        for (let i = 0; i < chunk.length; i += MAX_DATA) session.send(dataFrame(id, 0, chunk.subarray(i, i + MAX_DATA)))
      },
      end() {
        if (finished) return
        finished = true
        session.send(dataFrame(id, FLAG_FIN, Buffer.alloc(0)))
      },
      reset() {
        finished = true
        session.send(controlFrame(TYPE.rstStream, 0, u32s(id, 5 /* CANCEL */)))
        session.streams.delete(id)
      },
    }
  }
}
