import type {IncomingMessage, ServerResponse} from 'node:http'
import {toYaml} from '../util/yaml.js'
import {ApiError, badRequest, internal, tooLarge} from '../api/errors.js'
import type {Status} from '../api/meta.js'

/** Largest request body accepted (Kubernetes' limit is 3 MiB for objects; bulk requests are not supported). */
export const maxBodyBytes = 3 * 1024 * 1024

/** Reads the whole request body as text; 413 above maxBodyBytes. */
export async function readBody(req: IncomingMessage): Promise<string> {
  return (await readBodyBytes(req)).toString('utf8')
}

/** Reads the whole request body; 413 above maxBodyBytes. */
export function readBodyBytes(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size > maxBodyBytes) {
        reject(tooLarge(`the request body is larger than ${maxBodyBytes} bytes`))
        req.destroy()
        return
      }
      chunks.push(c)
    })
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

/** Parses a JSON request body; 400 with the parser's message when it is not JSON. */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === '') throw badRequest('the request body is empty')
  try {
    return JSON.parse(text)
  } catch (e) {
    throw badRequest(`the request body is not valid JSON: ${(e as Error).message}`)
  }
}

/** Writes a JSON (or YAML) answer. */
export function sendObject(res: ServerResponse, code: number, body: unknown, encoding: 'json' | 'yaml' = 'json'): void {
  const text = encoding === 'yaml' ? toYaml(body) : JSON.stringify(body)
  res.writeHead(code, {
    'Content-Type': encoding === 'yaml' ? 'application/yaml' : 'application/json',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-cache, private',
  })
  res.end(text)
}

/**
 * Sends a list whose items (or Table rows: `key`) are JSON texts already (see GenericRegistry.listJson): streamed in chunks with
 * back-pressure, so a list of 30,000 pods never exists as one string or as parsed objects.
 */
export async function sendJsonList(res: ServerResponse, head: object, items: readonly string[], key = 'items'): Promise<void> {
  res.writeHead(200, {'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private'})
  const open = JSON.stringify({...head, [key]: []})
  let ok = res.write(open.slice(0, -2)) // `{…,"<key>":[`
  const chunk = 500
  for (let i = 0; i < items.length; i += chunk) {
    if (!ok) await new Promise<void>((resolve) => {
      const done = () => {
        res.off('drain', done)
        res.off('close', done)
        resolve()
      }
      res.on('drain', done)
      res.on('close', done)
    })
    if (res.destroyed) return
    ok = res.write((i > 0 ? ',' : '') + items.slice(i, i + chunk).join(','))
  }
  res.end(']}')
}

/** Converts any thrown value to an ApiError (unknown errors become 500 InternalError, logged once). */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err
  const msg = err instanceof Error ? err.message : String(err)
  return internal(msg)
}

/** Writes a Status error answer. */
export function sendError(res: ServerResponse, err: unknown): void {
  const e = toApiError(err)
  if (res.headersSent) {
    res.destroy()
    return
  }
  sendObject(res, e.code, e.status)
}

/** A Status Success body (DELETE of kinds that do not return the object). */
export function successStatus(details: Status['details']): Status {
  return {kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details}
}

/** Plain text answer (health checks, logs). */
export function sendText(res: ServerResponse, code: number, text: string): void {
  res.writeHead(code, {'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text), 'X-Content-Type-Options': 'nosniff'})
  res.end(text)
}
