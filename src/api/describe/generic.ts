import {at, isObj, str} from '../printers/access.js'
import {describeEvents, printAnnotationsMultiline, printLabelsMultiline} from './common.js'
import {LEVEL_0, type PrefixWriter, tabbedString} from './writer.js'

const isLower = (c: string): boolean => c !== c.toUpperCase() && c === c.toLowerCase()
const isUpper = (c: string): boolean => c !== c.toLowerCase() && c === c.toUpperCase()
const isLetter = (c: string): boolean => isLower(c) || isUpper(c)

/** fatih/camelcase.Split: runs of lower/upper/digit/other characters, "PDFLoader" → PDF, Loader. */
export function camelSplit(src: string): string[] {
  const runs: string[][] = []
  let last = 0
  for (const c of src) {
    const cls = isLower(c) ? 1 : isUpper(c) ? 2 : /\p{Nd}/u.test(c) ? 3 : 4
    if (cls === last) runs[runs.length - 1].push(c)
    else runs.push([c])
    last = cls
  }
  for (let i = 0; i < runs.length - 1; i++) {
    if (runs[i].length > 0 && runs[i + 1].length > 0 && isUpper(runs[i][0]) && isLower(runs[i + 1][0])) {
      runs[i + 1].unshift(runs[i].pop()!)
    }
  }
  return runs.filter((r) => r.length > 0).map((r) => r.join(''))
}

/** smartLabelFor: "clusterIP" → "Cluster IP", "apiVersion" → "API Version"; fields with digits stay as is. */
export function smartLabelFor(field: string): string {
  for (const c of field) if (!isLetter(c) && c !== '-') return field
  const parts = camelSplit(field)
  const merged: string[] = []
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]
    if (i < parts.length - 1) {
      const next = parts[i + 1]
      const allUpper = [...part].every((c) => !isLetter(c) || isUpper(c))
      if (part.length >= 2 && allUpper && next.length > 0 && isUpper(next[0])) {
        merged.push(part + next)
        i++
        continue
      }
    }
    merged.push(part)
  }
  const out: string[] = []
  for (let part of merged) {
    if (part === '_') continue
    if (['API', 'URL', 'UID', 'GUID'].includes(part.toUpperCase())) part = part.toUpperCase()
    else if (part.toLowerCase() === part) part = part.charAt(0).toUpperCase() + part.slice(1)
    out.push(part)
  }
  return out.join(' ')
}

/** fmt's %v of a decoded JSON scalar (or of a nested array). */
function goValue(v: unknown): string {
  if (v === null || v === undefined) return '<nil>'
  if (Array.isArray(v)) return `[${v.map(goValue).join(' ')}]`
  if (isObj(v)) return `map[${Object.keys(v).sort().map((k) => `${k}:${goValue(v[k])}`).join(' ')}]`
  return String(v)
}

/** printUnstructuredContent: every field sorted, nested objects indented one level, skipping `skip` paths. */
export function printUnstructuredContent(w: PrefixWriter, level: number, content: Record<string, unknown>, skipPrefix: string, skip: readonly string[]): void {
  for (const field of Object.keys(content).sort()) {
    const value = content[field]
    const path = `${skipPrefix}.${field}`
    if (skip.includes(path)) continue
    if (isObj(value)) {
      w.write(level, `${smartLabelFor(field)}:\n`)
      printUnstructuredContent(w, level + 1, value, path, skip)
    } else if (Array.isArray(value)) {
      w.write(level, `${smartLabelFor(field)}:\n`)
      for (const child of value) {
        if (isObj(child)) printUnstructuredContent(w, level + 1, child, path, skip)
        else w.write(level + 1, `${goValue(child)}\n`)
      }
    } else {
      w.write(level, `${smartLabelFor(field)}:\t${goValue(value)}\n`)
    }
  }
}

/** kubectl's generic describer: metadata, then every other field of the object, then its events. */
export function describeGeneric(o: unknown, events: readonly unknown[], now: Date): string {
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${str(at(o, 'metadata', 'name'))}\n`)
    w.write(LEVEL_0, `Namespace:\t${str(at(o, 'metadata', 'namespace'))}\n`)
    printLabelsMultiline(w, 'Labels', at(o, 'metadata', 'labels'))
    printAnnotationsMultiline(w, 'Annotations', at(o, 'metadata', 'annotations'))
    const skip = ['.metadata.managedFields', '.metadata.name', '.metadata.namespace', '.metadata.labels', '.metadata.annotations']
    printUnstructuredContent(w, LEVEL_0, isObj(o) ? o : {}, '', skip)
    describeEvents(w, events, now)
  })
}
