/**
 * YAML, loaded on first use: the `yaml` package costs a process ~12 MiB of resident memory, which a master
 * or node that never speaks YAML (clients ask for JSON) should not pay. `plainYaml` writes the documents
 * mkube itself produces (kubeconfigs) without it.
 */
import {createRequire} from 'node:module'

type YamlModule = typeof import('yaml')
let mod: YamlModule | undefined

/** The `yaml` package (required synchronously the first time). */
export function yaml(): YamlModule {
  mod ??= createRequire(import.meta.url)('yaml') as YamlModule
  return mod
}

/** YAML text of a value (the `yaml` package's stringify). */
export function toYaml(value: unknown): string {
  return yaml().stringify(value)
}

/** Parses YAML text (the `yaml` package's parse). */
export function parseYaml(text: string): unknown {
  return yaml().parse(text)
}

/**
 * Block-style YAML for plain data (objects, arrays, strings, finite numbers, booleans, null) without the
 * `yaml` package. Strings are written as JSON strings, which YAML 1.2 reads as double-quoted scalars; keys
 * are left bare when they are plain identifiers. Throws TypeError for anything else.
 */
export function plainYaml(value: unknown): string {
  const lines: string[] = []
  const key = (k: string) => (/^[A-Za-z_][\w.-]*$/.test(k) ? k : JSON.stringify(k))
  const scalar = (v: unknown): string | undefined => {
    if (v === null) return 'null'
    if (typeof v === 'string') return JSON.stringify(v)
    if (typeof v === 'boolean') return String(v)
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) throw new TypeError(`plainYaml: ${v} is not representable`)
      return String(v)
    }
    if (Array.isArray(v)) return v.length === 0 ? '[]' : undefined
    if (typeof v === 'object') return Object.keys(v as object).length === 0 ? '{}' : undefined
    throw new TypeError(`plainYaml: a ${typeof v} is not plain data`)
  }
  const emit = (v: unknown, indent: string): void => {
    if (Array.isArray(v)) {
      for (const item of v) {
        const s = scalar(item)
        if (s !== undefined) lines.push(`${indent}- ${s}`)
        else {
          const start = lines.length
          emit(item, `${indent}  `)
          lines[start] = `${indent}- ${lines[start].slice(indent.length + 2)}`
        }
      }
      return
    }
    for (const [k, item] of Object.entries(v as Record<string, unknown>)) {
      if (item === undefined) continue
      const s = scalar(item)
      if (s !== undefined) lines.push(`${indent}${key(k)}: ${s}`)
      else {
        lines.push(`${indent}${key(k)}:`)
        emit(item, Array.isArray(item) ? indent : `${indent}  `)
      }
    }
  }
  const top = scalar(value)
  if (top !== undefined) return `${top}\n`
  emit(value, '')
  return lines.join('\n') + '\n'
}
