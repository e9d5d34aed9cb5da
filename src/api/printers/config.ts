import {arr, at, nameOf, obj, str} from './access.js'
import {since} from './duration.js'
import {ageColumn, col, nameColumn, type Printer} from './table.js'

/** ConfigMap columns: NAME DATA AGE. */
export const configMapColumns = [
  nameColumn(),
  col('Data', 'string', 'Data contains the configuration data.'),
  ageColumn(),
]

/** printConfigMap: DATA counts data and binaryData keys. */
export function configMapRow(cm: unknown, now: Date): unknown[] {
  const count = Object.keys(obj(at(cm, 'data'))).length + Object.keys(obj(at(cm, 'binaryData'))).length
  return [nameOf(cm), count, since(at(cm, 'metadata', 'creationTimestamp'), now)]
}

/** Secret columns: NAME TYPE DATA AGE. */
export const secretColumns = [
  nameColumn(),
  col('Type', 'string', 'Used to facilitate programmatic handling of secret data.'),
  col('Data', 'string', 'Data contains the secret data.'),
  ageColumn(),
]

/** printSecret */
export function secretRow(secret: unknown, now: Date): unknown[] {
  return [nameOf(secret), str(at(secret, 'type')), Object.keys(obj(at(secret, 'data'))).length, since(at(secret, 'metadata', 'creationTimestamp'), now)]
}

/** ServiceAccount columns: NAME SECRETS AGE. */
export const serviceAccountColumns = [
  nameColumn(),
  col('Secrets', 'string', 'Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use.'),
  ageColumn(),
]

/** printServiceAccount */
export function serviceAccountRow(sa: unknown, now: Date): unknown[] {
  return [nameOf(sa), arr(at(sa, 'secrets')).length, since(at(sa, 'metadata', 'creationTimestamp'), now)]
}

export const configMapPrinter: Printer = {columns: configMapColumns, row: configMapRow}
export const secretPrinter: Printer = {columns: secretColumns, row: secretRow}
export const serviceAccountPrinter: Printer = {columns: serviceAccountColumns, row: serviceAccountRow}
