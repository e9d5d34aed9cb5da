/** Error helpers of the proxy. */

/** The Node error code of a socket error (ECONNREFUSED …), or a generic one. */
export function connectionErrorCode(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code
  return typeof code === 'string' && /^[A-Z0-9_]+$/.test(code) ? code : 'ECONNREFUSED'
}

/** A message for logs. */
export function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e)
}
