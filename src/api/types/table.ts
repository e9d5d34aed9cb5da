import type {Condition, ListMeta, ObjectMeta, TypeMeta} from '../meta.js'

/** TableColumnDefinition (meta.k8s.io/v1): one printer column. */
export interface TableColumnDefinition {
  name: string
  /** OpenAPI type: string, integer, number, boolean, date */
  type: string
  /** OpenAPI format, e.g. name, date-time */
  format: string
  description: string
  /** 0 = shown by default; higher = only with -o wide */
  priority: number
}

/** PartialObjectMetadata: the object carried in a row when includeObject=Metadata. */
export interface PartialObjectMetadata extends TypeMeta {
  metadata: ObjectMeta
}

/** TableRowCondition: e.g. type Completed for pods that are done. */
export type TableRowCondition = Pick<Condition, 'type' | 'status' | 'reason' | 'message'>

/** TableRow: cells line up with columnDefinitions. */
export interface TableRow {
  cells: unknown[]
  conditions?: TableRowCondition[]
  /** full object, metadata only, or absent (includeObject=Object|Metadata|None) */
  object?: unknown
}

/** Table (meta.k8s.io/v1): server-side printing answer for `Accept: application/json;as=Table;v=v1;g=meta.k8s.io`. */
export interface Table extends TypeMeta {
  metadata: ListMeta
  columnDefinitions: TableColumnDefinition[]
  rows: TableRow[]
}
