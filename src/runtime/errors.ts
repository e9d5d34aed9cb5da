/**
 * Errors raised by container runtimes. Every CLI failure becomes a RuntimeError whose message is one
 * line: the operation, the command's exit code and the first meaningful line of its stderr.
 */

/** Details of the CLI call behind an error (set by cli.ts when a command fails). */
export interface CommandFailure {
  /** the command line, e.g. `podman pod create ...` */
  command?: string
  exitCode?: number
  /** the command's stderr, verbatim */
  stderr?: string
  timedOut?: boolean
}

/** RuntimeError: a runtime operation failed. Base class of the more specific errors below. */
export class RuntimeError extends Error {
  readonly command?: string
  readonly exitCode?: number
  readonly stderr?: string
  readonly timedOut: boolean

  constructor(message: string, failure: CommandFailure = {}) {
    super(message)
    this.name = 'RuntimeError'
    this.command = failure.command
    this.exitCode = failure.exitCode
    this.stderr = failure.stderr
    this.timedOut = failure.timedOut ?? false
  }
}

/** ImagePullError: an image could not be pulled; the message carries the runtime's reason. */
export class ImagePullError extends RuntimeError {
  constructor(
    readonly image: string,
    message: string,
    failure: CommandFailure = {},
  ) {
    super(message, failure)
    this.name = 'ImagePullError'
  }
}

/** NotFoundError: the container, sandbox or image named does not exist (or is not this node's). */
export class NotFoundError extends RuntimeError {
  constructor(message: string, failure: CommandFailure = {}) {
    super(message, failure)
    this.name = 'NotFoundError'
  }
}

/** Whether a runtime's stderr says the object does not exist (podman and docker wordings). */
export function isNotFoundMessage(stderr: string): boolean {
  return /no such (container|object|pod|image)|image not known|no container with name or id|no pod with name or id/i.test(stderr)
}

/**
 * The most meaningful line of a CLI's stderr: the last line starting with "Error", else the last
 * non-warning line, else the last line. Prefixes like `Error: ` / `Error response from daemon: ` and
 * logrus `time=... level=... msg="..."` wrappers are removed.
 */
export function summarizeStderr(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map(l => l.trim())
    .filter(l => l.length > 0)
  if (lines.length === 0) return ''
  const errorLine = [...lines].reverse().find(l => /^error/i.test(l) || /level=(error|fatal)/.test(l))
  const plain = [...lines].reverse().find(l => !/level=(warning|info|debug)/.test(l) && !/^WARNING:/.test(l))
  const line = errorLine ?? plain ?? lines[lines.length - 1]
  const msg = /msg="((?:[^"\\]|\\.)*)"/.exec(line)
  const text = msg ? msg[1].replace(/\\"/g, '"') : line
  return text.replace(/^Error response from daemon:\s*/i, '').replace(/^Error:\s*/i, '')
}
