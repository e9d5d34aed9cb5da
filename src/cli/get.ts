import type {KubeObject, WatchEvent} from '../api/meta.js'
import type {ResourceDef} from '../api/resource.js'
import {formatTable, type Table} from '../api/printers/index.js'
import type {Client} from '../client/client.js'
import {TABLE_ACCEPT} from '../client/types.js'
import {CliError} from './errors.js'
import {formatObjects, parseOutput} from './output.js'
import {parseResourceArgs} from './resources.js'

/** Options of `get`. */
export interface GetOptions {
  output?: string
  allNamespaces: boolean
  namespace?: string
  selector?: string
  fieldSelector?: string
  watch: boolean
  watchOnly?: boolean
  showLabels: boolean
  noHeaders: boolean
  out: (text: string) => void
  err: (text: string) => void
  /** stop signal for -w (Ctrl-C) */
  signal?: AbortSignal
}

function nsFor(client: Client, def: ResourceDef, o: GetOptions): string | undefined {
  if (!def.namespaced || o.allNamespaces) return undefined
  return o.namespace || client.defaultNamespace
}

/** `get`: tables from the server (kubectl's columns), or objects as yaml/json/name; -w streams changes. */
export async function runGet(client: Client, args: string[], o: GetOptions): Promise<void> {
  const out = parseOutput(o.output)
  const groups = parseResourceArgs(args)
  const objects: {def: ResourceDef; obj: KubeObject}[] = []
  let printedTables = 0
  let anyFound = false
  const single = groups.length === 1 && groups[0].names.length === 1
  for (const {def, names} of groups) {
    const ns = nsFor(client, def, o)
    const sel = {labelSelector: o.selector, fieldSelector: o.fieldSelector}
    if (out.table) {
      let table: Table
      if (names.length) {
        const tables = await Promise.all(names.map((name) => client.table(def, {namespace: ns, name, includeObject: 'Metadata'}) as Promise<Table>))
        table = {...tables[0], rows: tables.flatMap((t) => t.rows)}
      } else {
        table = (await client.table(def, {namespace: ns, ...sel, includeObject: 'Metadata'})) as Table
      }
      if (table.rows.length === 0) continue
      anyFound = true
      if (!o.watchOnly) {
        if (printedTables++) o.out('\n')
        o.out(formatTable(table, {wide: out.wide, noHeaders: o.noHeaders, showNamespace: o.allNamespaces && def.namespaced, showLabels: o.showLabels}))
      }
      if (o.watch) await watchTable(client, def, ns, table, o, out.wide, names)
    } else {
      const objs = names.length ? await Promise.all(names.map((n) => client.get(def, n, ns))) : (await client.list(def, {namespace: ns, ...sel})).items
      for (const obj of objs) objects.push({def, obj})
      if (objs.length) anyFound = true
    }
  }
  if (!out.table) {
    if (objects.length || out.format !== 'name') o.out(formatObjects(objects, out.format!, single))
    return
  }
  if (!anyFound && groups.every((g) => g.names.length === 0)) {
    const def = groups[0].def
    if (o.watch && out.table) {
      await watchTable(client, def, nsFor(client, def, o), undefined, o, out.wide, [])
      return
    }
    const where = def.namespaced && !o.allNamespaces ? ` in ${o.namespace || client.defaultNamespace} namespace` : ''
    o.err(`No resources found${where}.\n`)
  }
}

/** Streams watch events as table rows (kubectl get -w). Resolves when the watch ends or o.signal aborts. */
async function watchTable(client: Client, def: ResourceDef, ns: string | undefined, first: Table | undefined, o: GetOptions, wide: boolean, names: string[]): Promise<void> {
  let columns = first?.columnDefinitions
  const rv = first?.metadata?.resourceVersion
  const handle = client.watch(
    def,
    {namespace: ns, resourceVersion: rv, labelSelector: o.selector, fieldSelector: names.length === 1 ? `metadata.name=${names[0]}` : o.fieldSelector, accept: TABLE_ACCEPT + ',application/json'},
    (ev: WatchEvent<KubeObject>) => {
      const t = ev.object as unknown as Table
      if (ev.type === 'BOOKMARK' || !Array.isArray(t.rows)) return
      const header = !columns && !o.noHeaders
      if (t.columnDefinitions?.length) columns = columns ?? t.columnDefinitions
      if (!columns) return
      o.out(formatTable({...t, columnDefinitions: columns}, {wide, noHeaders: !header, showNamespace: o.allNamespaces && def.namespaced, showLabels: o.showLabels}))
    },
  )
  o.signal?.addEventListener('abort', () => handle.stop(), {once: true})
  try {
    await handle.done
  } catch (e) {
    if (!o.signal?.aborted) throw new CliError(`watch ended: ${(e as Error).message}`)
  }
}
