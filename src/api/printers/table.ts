/**
 * meta.k8s.io/v1 Table types (the server-side printing answer) and the per-resource printer contract.
 * All of it is produced by the API server (tableFor) and consumed by `mkube get` and the dashboard.
 */

export type {Table, TableColumnDefinition, TableRow, TableRowCondition} from '../types/table.js'
import type {TableColumnDefinition, TableRowCondition} from '../types/table.js'

/** The cells of one object's row (all columns, wide ones included, as the server always generates them). */
export type RowFunc = (obj: unknown, now: Date) => unknown[]

/** A resource printer: its columns and the function computing a row's cells. */
export interface Printer {
  columns: TableColumnDefinition[]
  row: RowFunc
  /** optional row conditions (pods: Completed for Succeeded/Failed) */
  conditions?: (obj: unknown) => TableRowCondition[] | undefined
}

/** Builds a column definition; `wide` columns get priority 1. */
export function col(name: string, type: string, description: string, opts: {format?: string; wide?: boolean} = {}): TableColumnDefinition {
  return {name, type, format: opts.format ?? '', description, priority: opts.wide ? 1 : 0}
}

/** ObjectMeta's documentation of `name`, used for every Name column. */
export const NAME_DOC =
  'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names'

/** ObjectMeta's documentation of `creationTimestamp`, used for every Age column. */
export const AGE_DOC =
  'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata'

/** The Name column. */
export const nameColumn = (): TableColumnDefinition => col('Name', 'string', NAME_DOC, {format: 'name'})
/** The Age column. */
export const ageColumn = (): TableColumnDefinition => col('Age', 'string', AGE_DOC)

/** Columns shared by pod-template owners in wide output. */
export const CONTAINERS_DOC = 'Names of each container in the template.'
export const IMAGES_DOC = 'Images referenced by each container in the template.'
