import {readdirSync, readFileSync, statSync} from 'node:fs'
import {join, extname} from 'node:path'
import {parseAllDocuments} from 'yaml'
import type {KubeObject} from '../api/meta.js'
import {isObject} from '../util/json.js'

/** One object read from a manifest, with where it came from (for error messages). */
export interface ManifestObject {
  obj: KubeObject
  /** file path, or "-" for stdin */
  source: string
  /** 0-based index of the YAML document in the file */
  index: number
}

/** A manifest that cannot be used; the message names the file and document. */
export class ManifestError extends Error {}

const manifestExts = new Set(['.yaml', '.yml', '.json'])

/** Lists the manifest files of a -f argument: a file, a directory (its .yaml/.yml/.json files, sorted; recursive with -R) or "-". */
export function manifestFiles(path: string, recursive = false): string[] {
  if (path === '-') return ['-']
  let st
  try {
    st = statSync(path)
  } catch {
    throw new ManifestError(`the path "${path}" does not exist`)
  }
  if (!st.isDirectory()) return [path]
  const out: string[] = []
  for (const e of readdirSync(path, {withFileTypes: true}).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = join(path, e.name)
    if (e.isDirectory()) {
      if (recursive) out.push(...manifestFiles(p, true))
    } else if (manifestExts.has(extname(e.name))) out.push(p)
  }
  return out
}

/** Parses manifest text: multi-document YAML or JSON; List kinds are flattened; empty documents skipped. */
export function parseManifest(text: string, source: string): ManifestObject[] {
  const out: ManifestObject[] = []
  const docs = parseAllDocuments(text)
  const list = Array.isArray(docs) ? docs : [docs]
  list.forEach((doc, index) => {
    if (doc.errors.length) {
      const err = doc.errors[0]
      const where = err.linePos?.[0] ? ` line ${err.linePos[0].line}` : ''
      throw new ManifestError(`error parsing ${source} (document ${index + 1}${where}): ${err.message.split('\n')[0]}`)
    }
    const value = doc.toJS({maxAliasCount: 100})
    if (value === null || value === undefined) return
    const push = (v: unknown, i: number) => {
      if (!isObject(v)) throw new ManifestError(`error parsing ${source} (document ${i + 1}): expected a Kubernetes object, got ${Array.isArray(v) ? 'a list' : typeof v}`)
      if (typeof v.kind === 'string' && v.kind.endsWith('List') && Array.isArray(v.items)) {
        for (const item of v.items) push(item, i)
        return
      }
      if (typeof v.apiVersion !== 'string' || !v.apiVersion) throw new ManifestError(`error validating ${source} (document ${i + 1}): apiVersion not set`)
      if (typeof v.kind !== 'string' || !v.kind) throw new ManifestError(`error validating ${source} (document ${i + 1}): kind not set`)
      if (v.metadata !== undefined && !isObject(v.metadata)) throw new ManifestError(`error validating ${source} (document ${i + 1}): metadata must be an object`)
      if (v.metadata === undefined) v.metadata = {}
      out.push({obj: v as KubeObject, source, index: i})
    }
    push(value, index)
  })
  return out
}

/** Reads every object of the given -f arguments, in order. `stdin` supplies "-". */
export function readManifests(paths: string[], opts: {recursive?: boolean; stdin?: () => string} = {}): ManifestObject[] {
  const out: ManifestObject[] = []
  for (const p of paths) {
    for (const f of manifestFiles(p, opts.recursive)) {
      let text: string
      if (f === '-') {
        text = opts.stdin ? opts.stdin() : readFileSync(0, 'utf8')
      } else {
        try {
          text = readFileSync(f, 'utf8')
        } catch (e) {
          throw new ManifestError(`cannot read ${f}: ${(e as Error).message}`)
        }
      }
      out.push(...parseManifest(text, f === '-' ? 'STDIN' : f))
    }
  }
  if (out.length === 0) throw new ManifestError('no objects passed to apply')
  return out
}
