/**
 * DNS messages on the wire (RFC 1035, with RFC 2782 SRV, RFC 3596 AAAA and the RFC 6891 OPT record):
 * decoding with compression pointers, encoding with name compression and truncation to a size limit.
 * Pure; no I/O. Names are dotted without the trailing dot ('' is the root), case kept as received.
 */

export const TYPE = {A: 1, NS: 2, CNAME: 5, SOA: 6, PTR: 12, MX: 15, TXT: 16, AAAA: 28, SRV: 33, OPT: 41, ANY: 255} as const
export const CLASS_IN = 1
export const RCODE = {NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5} as const

/** The name of a record type, for logs (`A`, `SRV`, or the number). */
export function typeName(t: number): string {
  return Object.entries(TYPE).find(([, v]) => v === t)?.[0] ?? String(t)
}

export interface Question {
  name: string
  type: number
  class: number
}

export interface SrvData {
  priority: number
  weight: number
  port: number
  target: string
}

export interface SoaData {
  mname: string
  rname: string
  serial: number
  refresh: number
  retry: number
  expire: number
  minimum: number
}

/** Record data by type: A/AAAA an address, CNAME/PTR/NS a name, TXT strings, SRV, SOA, or raw bytes. */
export type RData = string | string[] | SrvData | SoaData | Buffer

export interface ResourceRecord {
  name: string
  type: number
  class: number
  ttl: number
  data: RData
}

export interface Header {
  id: number
  qr: boolean
  opcode: number
  aa: boolean
  tc: boolean
  rd: boolean
  ra: boolean
  rcode: number
}

/** EDNS(0) as carried by the OPT pseudo-record. */
export interface Edns {
  udpSize: number
  /** DNSSEC OK bit */
  do: boolean
  version: number
}

export interface DnsMessage extends Header {
  questions: Question[]
  answers: ResourceRecord[]
  authorities: ResourceRecord[]
  additionals: ResourceRecord[]
  edns?: Edns
}

/** A malformed message; `id` is set when the header could be read (a FORMERR answer is possible). */
export class DnsFormatError extends Error {
  constructor(
    message: string,
    readonly id?: number,
  ) {
    super(message)
    this.name = 'DnsFormatError'
  }
}

// ---------------------------------------------------------------- decoding

class Reader {
  constructor(
    readonly buf: Buffer,
    public pos = 0,
  ) {}

  need(n: number): void {
    if (this.pos + n > this.buf.length) throw new DnsFormatError('message truncated')
  }
  u8(): number {
    this.need(1)
    return this.buf[this.pos++]
  }
  u16(): number {
    this.need(2)
    const v = this.buf.readUInt16BE(this.pos)
    this.pos += 2
    return v
  }
  u32(): number {
    this.need(4)
    const v = this.buf.readUInt32BE(this.pos)
    this.pos += 4
    return v
  }
  bytes(n: number): Buffer {
    this.need(n)
    const b = this.buf.subarray(this.pos, this.pos + n)
    this.pos += n
    return b
  }

  /** A possibly compressed name. */
  name(): string {
    const labels: string[] = []
    let pos = this.pos
    let jumped = false
    let hops = 0
    let total = 0
    for (;;) {
      if (pos >= this.buf.length) throw new DnsFormatError('name runs past the message')
      const len = this.buf[pos]
      if ((len & 0xc0) === 0xc0) {
        if (pos + 1 >= this.buf.length) throw new DnsFormatError('compression pointer truncated')
        if (++hops > 64) throw new DnsFormatError('compression loop')
        const target = ((len & 0x3f) << 8) | this.buf[pos + 1]
        if (!jumped) this.pos = pos + 2
        jumped = true
        pos = target
        continue
      }
      if (len & 0xc0) throw new DnsFormatError('unsupported label type')
      pos++
      if (len === 0) break
      if (pos + len > this.buf.length) throw new DnsFormatError('label runs past the message')
      total += len + 1
      if (total > 255) throw new DnsFormatError('name longer than 255 octets')
      labels.push(escapeLabel(this.buf.subarray(pos, pos + len)))
      pos += len
    }
    if (!jumped) this.pos = pos
    return labels.join('.')
  }
}

/** Label bytes as text; dots and non-printable bytes are escaped as in zone files. */
function escapeLabel(b: Buffer): string {
  let s = ''
  for (const c of b) {
    if (c === 0x2e || c === 0x5c) s += `\\${String.fromCharCode(c)}`
    else if (c < 0x21 || c > 0x7e) s += `\\${c.toString().padStart(3, '0')}`
    else s += String.fromCharCode(c)
  }
  return s
}

function decodeRData(r: Reader, type: number, len: number): RData {
  const end = r.pos + len
  r.need(len)
  let data: RData
  switch (type) {
    case TYPE.A:
      if (len !== 4) throw new DnsFormatError('A record of the wrong length')
      data = [...r.bytes(4)].join('.')
      break
    case TYPE.AAAA: {
      if (len !== 16) throw new DnsFormatError('AAAA record of the wrong length')
      const b = r.bytes(16)
      const groups: string[] = []
      for (let i = 0; i < 16; i += 2) groups.push(b.readUInt16BE(i).toString(16))
      data = compressIPv6(groups)
      break
    }
    case TYPE.CNAME:
    case TYPE.PTR:
    case TYPE.NS:
      data = r.name()
      break
    case TYPE.SRV:
      data = {priority: r.u16(), weight: r.u16(), port: r.u16(), target: r.name()}
      break
    case TYPE.SOA:
      data = {mname: r.name(), rname: r.name(), serial: r.u32(), refresh: r.u32(), retry: r.u32(), expire: r.u32(), minimum: r.u32()}
      break
    case TYPE.TXT: {
      const out: string[] = []
      while (r.pos < end) out.push(r.bytes(r.u8()).toString('utf8'))
      data = out
      break
    }
    default:
      data = Buffer.from(r.bytes(len))
  }
  if (r.pos !== end) throw new DnsFormatError(`record data length mismatch for type ${typeName(type)}`)
  return data
}

function compressIPv6(groups: string[]): string {
  // longest run of zero groups (length ≥ 2) becomes '::'
  let best = -1
  let bestLen = 1
  for (let i = 0; i < 8; ) {
    if (groups[i] !== '0') {
      i++
      continue
    }
    let j = i
    while (j < 8 && groups[j] === '0') j++
    if (j - i > bestLen) {
      best = i
      bestLen = j - i
    }
    i = j
  }
  if (best < 0) return groups.join(':')
  return `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLen).join(':')}`
}

/** Decodes a message; throws DnsFormatError. */
export function decodeMessage(buf: Buffer): DnsMessage {
  if (buf.length < 12) throw new DnsFormatError('message shorter than a header')
  const r = new Reader(buf)
  const id = r.u16()
  try {
    const flags = r.u16()
    const counts = [r.u16(), r.u16(), r.u16(), r.u16()]
    const msg: DnsMessage = {
      id,
      qr: !!(flags & 0x8000),
      opcode: (flags >> 11) & 0xf,
      aa: !!(flags & 0x0400),
      tc: !!(flags & 0x0200),
      rd: !!(flags & 0x0100),
      ra: !!(flags & 0x0080),
      rcode: flags & 0xf,
      questions: [],
      answers: [],
      authorities: [],
      additionals: [],
    }
    for (let i = 0; i < counts[0]; i++) msg.questions.push({name: r.name(), type: r.u16(), class: r.u16()})
    const sections = [msg.answers, msg.authorities, msg.additionals]
    for (let s = 0; s < 3; s++) {
      for (let i = 0; i < counts[s + 1]; i++) {
        const name = r.name()
        const type = r.u16()
        const cls = r.u16()
        const ttl = r.u32()
        const len = r.u16()
        if (type === TYPE.OPT) {
          r.bytes(len)
          msg.edns = {udpSize: Math.max(512, cls), do: !!(ttl & 0x8000), version: (ttl >>> 16) & 0xff}
          msg.rcode |= ((ttl >>> 24) & 0xff) << 4
          continue
        }
        sections[s].push({name, type, class: cls, ttl, data: decodeRData(r, type, len)})
      }
    }
    return msg
  } catch (e) {
    if (e instanceof DnsFormatError) throw new DnsFormatError(e.message, id)
    throw e
  }
}

// ---------------------------------------------------------------- encoding

class Writer {
  private chunks: Buffer[] = []
  length = 0
  private readonly names = new Map<string, number>()

  push(b: Buffer): void {
    this.chunks.push(b)
    this.length += b.length
  }
  u8(v: number): void {
    this.push(Buffer.from([v & 0xff]))
  }
  u16(v: number): void {
    const b = Buffer.alloc(2)
    b.writeUInt16BE(v & 0xffff)
    this.push(b)
  }
  u32(v: number): void {
    const b = Buffer.alloc(4)
    b.writeUInt32BE(v >>> 0)
    this.push(b)
  }
  /** A name, compressed against the names written before. */
  name(name: string, compress = true): void {
    const labels = splitName(name)
    for (let i = 0; i < labels.length; i++) {
      const suffix = labels.slice(i).map((l) => l.toString('latin1').toLowerCase()).join('.')
      const at = compress ? this.names.get(suffix) : undefined
      if (at !== undefined) {
        this.u16(0xc000 | at)
        return
      }
      if (this.length < 0x3fff) this.names.set(suffix, this.length)
      this.u8(labels[i].length)
      this.push(labels[i])
    }
    this.u8(0)
  }
  done(): Buffer {
    return Buffer.concat(this.chunks, this.length)
  }
}

/** A dotted name as label byte strings (zone-file escapes `\.` and `\DDD` understood). */
export function splitName(name: string): Buffer[] {
  const n = name.endsWith('.') && !name.endsWith('\\.') ? name.slice(0, -1) : name
  if (!n) return []
  const labels: Buffer[] = []
  let cur: number[] = []
  for (let i = 0; i < n.length; i++) {
    const c = n[i]
    if (c === '\\') {
      const d = /^\d{3}/.exec(n.slice(i + 1))
      if (d) {
        cur.push(Number(d[0]) & 0xff)
        i += 3
      } else if (i + 1 < n.length) cur.push(n.charCodeAt(++i) & 0xff)
      continue
    }
    if (c === '.') {
      labels.push(Buffer.from(cur))
      cur = []
      continue
    }
    cur.push(...Buffer.from(c, 'utf8'))
  }
  labels.push(Buffer.from(cur))
  for (const l of labels) if (l.length === 0 || l.length > 63) throw new Error(`invalid DNS name ${JSON.stringify(name)}`)
  return labels
}

function ipv4Bytes(ip: string): Buffer {
  const parts = ip.split('.').map(Number)
  if (parts.length !== 4 || parts.some((p) => !(p >= 0 && p <= 255))) throw new Error(`invalid IPv4 address ${ip}`)
  return Buffer.from(parts)
}

function ipv6Bytes(ip: string): Buffer {
  const [head, tail = ''] = ip.split('::')
  const h = head ? head.split(':') : []
  const t = tail ? tail.split(':') : []
  const groups = ip.includes('::') ? [...h, ...Array(8 - h.length - t.length).fill('0'), ...t] : h
  if (groups.length !== 8) throw new Error(`invalid IPv6 address ${ip}`)
  const b = Buffer.alloc(16)
  groups.forEach((g, i) => b.writeUInt16BE(parseInt(g || '0', 16), i * 2))
  return b
}

function writeRecord(w: Writer, rr: ResourceRecord): void {
  w.name(rr.name)
  w.u16(rr.type)
  w.u16(rr.class)
  w.u32(rr.ttl)
  // RDLENGTH is patched in once the data (whose names may point back into the message) is written
  const placeholder = Buffer.alloc(2)
  w.push(placeholder)
  const start = w.length
  const d = rr.data
  switch (rr.type) {
    case TYPE.A:
      w.push(ipv4Bytes(d as string))
      break
    case TYPE.AAAA:
      w.push(ipv6Bytes(d as string))
      break
    case TYPE.CNAME:
    case TYPE.PTR:
    case TYPE.NS:
      w.name(d as string)
      break
    case TYPE.SRV: {
      const s = d as SrvData
      w.u16(s.priority)
      w.u16(s.weight)
      w.u16(s.port)
      // RFC 2782: the target is not compressed
      w.name(s.target, false)
      break
    }
    case TYPE.SOA: {
      const s = d as SoaData
      w.name(s.mname)
      w.name(s.rname)
      for (const v of [s.serial, s.refresh, s.retry, s.expire, s.minimum]) w.u32(v)
      break
    }
    case TYPE.TXT:
      for (const t of d as string[]) {
        const b = Buffer.from(t, 'utf8').subarray(0, 255)
        w.u8(b.length)
        w.push(b)
      }
      break
    default:
      w.push(d as Buffer)
  }
  placeholder.writeUInt16BE(w.length - start)
}

/** Encodes a message. With `maxSize`, a message that does not fit is sent with TC set and only its question. */
export function encodeMessage(msg: DnsMessage, maxSize?: number): Buffer {
  const full = encode(msg)
  if (maxSize === undefined || full.length <= maxSize) return full
  return encode({...msg, tc: true, answers: [], authorities: [], additionals: []})
}

function encode(msg: DnsMessage): Buffer {
  const w = new Writer()
  w.u16(msg.id)
  const flags =
    (msg.qr ? 0x8000 : 0) | ((msg.opcode & 0xf) << 11) | (msg.aa ? 0x0400 : 0) | (msg.tc ? 0x0200 : 0) | (msg.rd ? 0x0100 : 0) | (msg.ra ? 0x0080 : 0) | (msg.rcode & 0xf)
  w.u16(flags)
  w.u16(msg.questions.length)
  w.u16(msg.answers.length)
  w.u16(msg.authorities.length)
  w.u16(msg.additionals.length + (msg.edns ? 1 : 0))
  for (const q of msg.questions) {
    w.name(q.name)
    w.u16(q.type)
    w.u16(q.class)
  }
  for (const rr of [...msg.answers, ...msg.authorities, ...msg.additionals]) writeRecord(w, rr)
  if (msg.edns) {
    w.u8(0)
    w.u16(TYPE.OPT)
    w.u16(msg.edns.udpSize)
    w.u32((((msg.rcode >> 4) & 0xff) << 24) | ((msg.edns.version & 0xff) << 16) | (msg.edns.do ? 0x8000 : 0))
    w.u16(0)
  }
  return w.done()
}

/** The skeleton of an answer to `q`: same id, question, RD; QR and RA set. */
export function replyTo(q: DnsMessage, rcode: number = RCODE.NOERROR): DnsMessage {
  return {
    id: q.id,
    qr: true,
    opcode: q.opcode,
    aa: false,
    tc: false,
    rd: q.rd,
    ra: true,
    rcode,
    questions: q.questions,
    answers: [],
    authorities: [],
    additionals: [],
    edns: q.edns ? {udpSize: 1232, do: false, version: 0} : undefined,
  }
}
