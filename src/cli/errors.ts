import {ApiError} from '../api/errors.js'

/** An error the CLI reports as one line (no stack) with a non-zero exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message)
  }
}

/** The one line the CLI prints for an error, worded like kubectl where kubectl has a wording. */
export function errorLine(err: unknown): string {
  if (err instanceof ApiError) return `Error from server (${err.reason}): ${err.message}`
  if (err instanceof Error) return `error: ${err.message.split('\n')[0]}`
  return `error: ${String(err)}`
}
