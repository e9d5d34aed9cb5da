import {stringify as toYaml} from 'yaml'
import type {KubeObject} from '../api/meta.js'
import type {ResourceDef} from '../api/resource.js'
import {objectRef} from './resources.js'

/** -o values the object printers understand (tables are printed elsewhere). */
export type ObjectFormat = 'yaml' | 'json' | 'name'

/** Adds apiVersion/kind to an object from its resource (lists' items come without them). */
export function typed(def: ResourceDef, obj: KubeObject): KubeObject {
  return {apiVersion: def.group ? `${def.group}/${def.version}` : def.version, kind: def.kind, ...obj}
}

/** Prints objects as kubectl does for -o yaml|json|name: one object alone, several as a v1 List. */
export function formatObjects(items: {def: ResourceDef; obj: KubeObject}[], format: ObjectFormat, single: boolean): string {
  if (format === 'name') return items.map((i) => objectRef(i.def, i.obj.metadata.name ?? '')).join('\n') + (items.length ? '\n' : '')
  const objs = items.map((i) => typed(i.def, i.obj))
  const doc = single && objs.length === 1 ? objs[0] : {apiVersion: 'v1', kind: 'List', items: objs, metadata: {resourceVersion: ''}}
  return format === 'json' ? JSON.stringify(doc, null, 4) + '\n' : toYaml(doc, {lineWidth: 0, sortMapEntries: true})
}

/** Parses -o: table formats (''/wide) or object formats; anything else is refused with kubectl's list. */
export function parseOutput(o: string | undefined): {table: boolean; wide: boolean; format?: ObjectFormat} {
  if (!o) return {table: true, wide: false}
  if (o === 'wide') return {table: true, wide: true}
  if (o === 'yaml' || o === 'json' || o === 'name') return {table: false, wide: false, format: o}
  throw new Error(`unable to match a printer suitable for the output format "${o}", allowed formats are: json,name,wide,yaml`)
}
