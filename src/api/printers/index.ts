import {at, isObj, nameOf} from './access.js'
import {since} from './duration.js'
import {configMapPrinter, secretPrinter, serviceAccountPrinter} from './config.js'
import {eventPrinter, leasePrinter, namespacePrinter, nodePrinter} from './cluster.js'
import {endpointsPrinter, servicePrinter} from './network.js'
import {podPrinter} from './pods.js'
import {ageColumn, nameColumn, type Printer, type Table, type TableRow} from './table.js'
import {cronJobPrinter, daemonSetPrinter, deploymentPrinter, jobPrinter, replicaSetPrinter} from './workloads.js'

export {humanDuration, since} from './duration.js'
export {formatTable, type FormatOptions} from './format.js'
export {formatLabels, formatLabelSelector, selectorString} from './labels.js'
export {tabwrite, TABLE_TABWRITER, DESCRIBE_TABWRITER} from './tabwriter.js'
export type {Printer, RowFunc, Table, TableColumnDefinition, TableRow, TableRowCondition} from './table.js'
export * from './pods.js'
export * from './workloads.js'
export * from './network.js'
export * from './cluster.js'
export * from './config.js'

/** The default printer (kubectl's printObjectMeta): NAME AGE, for kinds without a dedicated printer. */
export const defaultPrinter: Printer = {
  columns: [nameColumn(), ageColumn()],
  row: (obj, now) => [nameOf(obj), since(at(obj, 'metadata', 'creationTimestamp'), now)],
}

/** Printers by plural resource name. */
const PRINTERS: Record<string, Printer> = {
  pods: podPrinter,
  services: servicePrinter,
  endpoints: endpointsPrinter,
  nodes: nodePrinter,
  namespaces: namespacePrinter,
  configmaps: configMapPrinter,
  secrets: secretPrinter,
  serviceaccounts: serviceAccountPrinter,
  events: eventPrinter,
  deployments: deploymentPrinter,
  replicasets: replicaSetPrinter,
  daemonsets: daemonSetPrinter,
  jobs: jobPrinter,
  cronjobs: cronJobPrinter,
  leases: leasePrinter,
}

/** The printer of a resource (plural, lower case, e.g. "pods"); the NAME/AGE printer for unknown ones. */
export function printerFor(resource: string): Printer {
  return PRINTERS[resource.toLowerCase()] ?? defaultPrinter
}

/** Options of tableFor; includeObject mirrors the ?includeObject= query parameter (default Metadata). */
export interface TableOptions {
  now?: Date
  includeObject?: 'None' | 'Object' | 'Metadata'
}

/** The row object for includeObject: PartialObjectMetadata (Metadata), the object itself (Object), none. */
function rowObject(obj: unknown, include: 'None' | 'Object' | 'Metadata'): unknown {
  if (include === 'None') return undefined
  if (include === 'Object') return obj
  return {kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: isObj(obj) && isObj(obj.metadata) ? obj.metadata : {}}
}

/**
 * The meta.k8s.io/v1 Table answer for objects of `resource`, as the API server's table convertor builds it:
 * every column (wide ones included, the client hides priority > 0 columns) and one row per object.
 */
export function tableFor(resource: string, objects: readonly unknown[], opts: TableOptions = {}): Table {
  const printer = printerFor(resource)
  const now = opts.now ?? new Date()
  const include = opts.includeObject ?? 'Metadata'
  const rows: TableRow[] = objects.map((obj) => {
    const row: TableRow = {cells: printer.row(obj, now)}
    const conditions = printer.conditions?.(obj)
    if (conditions) row.conditions = conditions
    const object = rowObject(obj, include)
    if (object !== undefined) row.object = object
    return row
  })
  return {kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata: {}, columnDefinitions: printer.columns.map((c) => ({...c})), rows}
}
