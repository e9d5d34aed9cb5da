/**
 * IPv4 service ranges and node-port ranges as Kubernetes' allocators see them (pure; no I/O).
 *
 * A service CIDR's usable addresses exclude the network and broadcast addresses; offsets count from
 * the first usable address, so offset 0 of 10.43.0.0/16 is 10.43.0.1 (the `kubernetes` Service's IP).
 * Both allocators keep a low "static band" that dynamic allocation avoids until the upper band is full
 * (KEP-3070 for cluster IPs, KEP-3668 for node ports), so a user's well-known static choices (the DNS
 * service's .10, a fixed node port) rarely collide with random ones.
 */

/** Parses dotted IPv4 into an unsigned 32-bit number, or undefined when not an IPv4 address. */
export function parseIPv4(ip: string): number | undefined {
  const parts = ip.split('.')
  if (parts.length !== 4) return undefined
  let n = 0
  for (const p of parts) {
    if (!/^(0|[1-9]\d{0,2})$/.test(p)) return undefined
    const v = Number(p)
    if (v > 255) return undefined
    n = n * 256 + v
  }
  return n
}

/** Formats an unsigned 32-bit number as dotted IPv4. */
export function formatIPv4(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.')
}

/** min(max(lo, size/step), hi), or 0 when the range is too small to reserve anything (Kubernetes' calculateRangeOffset). */
export function staticBandSize(size: number, lo: number, step: number, hi: number): number {
  if (size <= lo) return 0
  return Math.min(Math.max(lo, Math.floor(size / step)), hi)
}

/** A contiguous allocation range of integers [first, first+size) with a static band at its start. */
export interface AllocRange {
  /** first allocatable value (an IPv4 address as a number, or a port) */
  first: number
  /** number of allocatable values */
  size: number
  /** the first `staticBand` offsets are used by dynamic allocation only when the rest is full */
  staticBand: number
}

/** An IPv4 service CIDR with its allocatable range. */
export interface ServiceCIDR extends AllocRange {
  /** the CIDR as given, normalised (`10.43.0.0/16`) */
  cidr: string
  network: number
  prefixLength: number
}

/** Parses an IPv4 CIDR for service IPs; throws on malformed input or ranges with no usable address. */
export function parseServiceCIDR(cidr: string): ServiceCIDR {
  const m = /^([^/]+)\/(\d{1,2})$/.exec(cidr.trim())
  const base = m ? parseIPv4(m[1]) : undefined
  const bits = m ? Number(m[2]) : NaN
  if (base === undefined || !(bits >= 0 && bits <= 32)) throw new Error(`invalid service CIDR ${JSON.stringify(cidr)}: expected an IPv4 CIDR such as 10.43.0.0/16`)
  const total = 2 ** (32 - bits)
  const network = base - (base % total)
  // network and broadcast addresses are never handed out
  const size = total - 2
  if (size < 1) throw new Error(`service CIDR ${cidr} is too small: it has no usable address`)
  return {
    cidr: `${formatIPv4(network)}/${bits}`,
    network,
    prefixLength: bits,
    first: network + 1,
    size,
    staticBand: staticBandSize(total, 16, 16, 256),
  }
}

/** Whether `ip` (dotted IPv4) is an allocatable address of the range. */
export function cidrContains(r: ServiceCIDR, ip: string): boolean {
  const n = parseIPv4(ip)
  return n !== undefined && n >= r.first && n < r.first + r.size
}

/** The n-th usable address (0 = network + 1). */
export function cidrAddress(r: ServiceCIDR, offset: number): string {
  if (offset < 0 || offset >= r.size) throw new RangeError(`offset ${offset} outside ${r.cidr}`)
  return formatIPv4(r.first + offset)
}

/** A node-port range `lo-hi` (inclusive). */
export interface PortRange extends AllocRange {
  /** as Kubernetes prints it: `30000-32767` */
  text: string
}

/** Parses `30000-32767` (or a single `30000`). */
export function parsePortRange(text: string): PortRange {
  const m = /^\s*(\d+)(?:\s*-\s*(\d+))?\s*$/.exec(text)
  const lo = m ? Number(m[1]) : NaN
  const hi = m ? Number(m[2] ?? m[1]) : NaN
  if (!(lo >= 1 && hi <= 65535 && lo <= hi)) throw new Error(`invalid port range ${JSON.stringify(text)}: expected LOW-HIGH within 1-65535`)
  const size = hi - lo + 1
  return {text: `${lo}-${hi}`, first: lo, size, staticBand: staticBandSize(size, 16, 32, 128)}
}

/**
 * Candidate offsets for a dynamic allocation, in the order to try them: the upper (dynamic) band from a
 * random point, wrapping, then the static band from a random point. `random` is [0, 1).
 */
export function* candidateOffsets(r: AllocRange, random: () => number = Math.random): Generator<number> {
  const bands: [number, number][] = [
    [r.staticBand, r.size],
    [0, r.staticBand],
  ]
  for (const [lo, hi] of bands) {
    const n = hi - lo
    if (n <= 0) continue
    const start = Math.floor(random() * n)
    for (let i = 0; i < n; i++) yield lo + ((start + i) % n)
  }
}
