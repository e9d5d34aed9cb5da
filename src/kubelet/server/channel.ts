/**
 * The Kubernetes remote-command WebSocket protocols (v4.channel.k8s.io, v5.channel.k8s.io), as the
 * kubelet's streaming server and client-go's WebSocket executor speak them. Pure framing, no I/O:
 *
 * - every message is binary; its first byte is the channel: 0 stdin, 1 stdout, 2 stderr, 3 error
 *   (one metav1.Status JSON at the end of the command), 4 resize (JSON {"Width","Height"});
 * - v5 adds the stream-close signal [255, channel], sent by the client to half-close its stdin
 *   (v4 has no way to end stdin short of closing the connection).
 *
 * Shared by the kubelet server (src/kubelet/server/exec.ts) and `mkube exec` (src/cli/exec.ts).
 */

/** Channel numbers. */
export const Channel = {stdin: 0, stdout: 1, stderr: 2, error: 3, resize: 4} as const

/** First byte of the v5 stream-close signal. */
export const STREAM_CLOSE = 255

export const PROTOCOL_V5 = 'v5.channel.k8s.io'
export const PROTOCOL_V4 = 'v4.channel.k8s.io'

/** Subprotocols we speak, preferred first. */
export const SUPPORTED_PROTOCOLS: readonly string[] = [PROTOCOL_V5, PROTOCOL_V4]

/** The subprotocol a server picks from those a client offers: v5 over v4; undefined when neither is offered. */
export function selectProtocol(offered: Iterable<string>): string | undefined {
  const set = new Set([...offered].map((p) => p.trim()))
  return SUPPORTED_PROTOCOLS.find((p) => set.has(p))
}

/** Splits a Sec-WebSocket-Protocol header value into its protocols. */
export function parseProtocolHeader(value: string | string[] | undefined): string[] {
  const raw = Array.isArray(value) ? value.join(',') : (value ?? '')
  return raw
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)
}

/** Whether a protocol has the close signal (v5). */
export function supportsStreamClose(protocol: string): boolean {
  return protocol === PROTOCOL_V5
}

/** A data message on a channel: [channel, ...data]. */
export function encodeFrame(channel: number, data: Uint8Array | string = new Uint8Array(0)): Buffer {
  const body = typeof data === 'string' ? Buffer.from(data, 'utf8') : data
  const out = Buffer.allocUnsafe(body.length + 1)
  out[0] = channel
  out.set(body, 1)
  return out
}

/** The v5 close signal of a channel: [255, channel]. */
export function encodeClose(channel: number): Buffer {
  return Buffer.from([STREAM_CLOSE, channel])
}

/** A decoded message. */
export type Frame =
  | {type: 'data'; channel: number; data: Buffer}
  | {type: 'close'; channel: number}
  /** an empty message (carries nothing; ignored by both ends) */
  | {type: 'empty'}

/** A message that breaks the protocol (the receiver ends the connection). */
export class ProtocolError extends Error {}

/**
 * Decodes one message. With v5, [255, ch] is a close signal (any other length after 255 is a protocol
 * error, as in Kubernetes); with v4, 255 is just an unknown channel.
 */
export function decodeFrame(msg: Uint8Array, protocol: string): Frame {
  if (msg.length === 0) return {type: 'empty'}
  const buf = Buffer.isBuffer(msg) ? msg : Buffer.from(msg.buffer, msg.byteOffset, msg.length)
  if (supportsStreamClose(protocol) && buf[0] === STREAM_CLOSE) {
    if (buf.length !== 2) throw new ProtocolError(`a stream close signal must carry exactly one channel byte, got ${buf.length - 1}`)
    return {type: 'close', channel: buf[1]}
  }
  return {type: 'data', channel: buf[0], data: buf.subarray(1)}
}

/** A terminal size as it travels on the resize channel (Go's remotecommand.TerminalSize). */
export interface TerminalSize {
  Width: number
  Height: number
}

/** The resize message for a terminal of `width` columns and `height` rows. */
export function encodeResize(width: number, height: number): Buffer {
  const size: TerminalSize = {Width: Math.max(0, Math.floor(width)), Height: Math.max(0, Math.floor(height))}
  return encodeFrame(Channel.resize, JSON.stringify(size))
}

/** Parses the payload of a resize message; undefined when it is not a size. */
export function parseResize(data: Uint8Array): TerminalSize | undefined {
  let v: unknown
  try {
    v = JSON.parse(Buffer.from(data).toString('utf8'))
  } catch {
    return undefined
  }
  const s = v as Partial<TerminalSize>
  if (typeof s !== 'object' || s === null || !Number.isInteger(s.Width) || !Number.isInteger(s.Height)) return undefined
  if (s.Width! < 0 || s.Height! < 0 || s.Width! > 0xffff || s.Height! > 0xffff) return undefined
  return {Width: s.Width!, Height: s.Height!}
}

/** The metav1.Status sent on the error channel (Go's JSON field order, empty fields omitted). */
export interface ExecStatus {
  metadata: Record<string, never>
  status: 'Success' | 'Failure'
  message?: string
  reason?: string
  details?: {causes?: {reason?: string; message?: string; field?: string}[]}
  code?: number
}

/** Status of a command that exited 0. */
export function successStatus(): ExecStatus {
  return {metadata: {}, status: 'Success'}
}

/**
 * Status of a command that exited non-zero, worded as the kubelet words it (the CRI ExitError text):
 * `command terminated with non-zero exit code: error executing command [sh -c exit 3], exit code 3`.
 */
export function exitCodeStatus(cmd: string[], exitCode: number): ExecStatus {
  return {
    metadata: {},
    status: 'Failure',
    message: `command terminated with non-zero exit code: error executing command [${cmd.join(' ')}], exit code ${exitCode}`,
    reason: 'NonZeroExitCode',
    details: {causes: [{reason: 'ExitCode', message: String(exitCode)}]},
  }
}

/** Status of a failure to run the command at all (apierrors.NewInternalError). */
export function internalErrorStatus(message: string): ExecStatus {
  return {
    metadata: {},
    status: 'Failure',
    message: `Internal error occurred: ${message}`,
    reason: 'InternalError',
    details: {causes: [{message}]},
    code: 500,
  }
}

/** The error-channel message carrying a status. */
export function statusFrame(status: ExecStatus): Buffer {
  return encodeFrame(Channel.error, JSON.stringify(status))
}

/** What a client makes of the error channel: the command's exit code, or an error message. */
export type ExecOutcome = {exitCode: number} | {error: string}

/**
 * Interprets the error channel's content as client-go's v4 decoder does: nothing or Success → exit
 * 0; NonZeroExitCode → the ExitCode cause (0-255); any other Failure → its message.
 */
export function outcomeFromStatus(text: string): ExecOutcome {
  if (text === '') return {exitCode: 0}
  let s: Partial<ExecStatus>
  try {
    s = JSON.parse(text) as Partial<ExecStatus>
  } catch (e) {
    return {error: `error stream protocol error: ${(e as Error).message} in ${JSON.stringify(text)}`}
  }
  if (s?.status === 'Success') return {exitCode: 0}
  if (s?.status !== 'Failure') return {error: 'error stream protocol error: unknown error'}
  if (s.reason === 'NonZeroExitCode') {
    if (!s.details) return {error: 'error stream protocol error: details must be set'}
    const cause = (s.details.causes ?? []).find((c) => c.reason === 'ExitCode')
    if (!cause) return {error: 'error stream protocol error: no ExitCode cause given'}
    const m = /^\d{1,3}$/.exec(cause.message ?? '')
    if (!m || Number(cause.message) > 255) return {error: `error stream protocol error: invalid exit code value ${JSON.stringify(cause.message ?? '')}`}
    return {exitCode: Number(cause.message)}
  }
  return {error: s.message ?? 'error stream protocol error: unknown error'}
}
