/**
 * OpenAPI v3 schemas of every kind mkube serves (components.schemas for /openapi/v3) and strict field
 * validation (fieldValidation=Strict|Warn) against them.
 */
export type {GroupVersionKind, Schema, SchemaTable} from './dsl.js'
export {openapiComponents, schemasForGroupVersion, schemaByName, schemaNameFor, resolveSchema, schemaClosure, type KindRef} from './components.js'
export {
  findUnknownFields,
  findFieldProblemsInJson,
  findFieldProblemsWith,
  findDuplicateFieldsInJson,
  findJsonPatchProblems,
  pruneUnknownFields,
  hasSchemaFor,
  goQuote,
  MAX_STRICT_ERRORS,
  type FieldProblems,
} from './unknown-fields.js'
export {parseJsonPreservingDuplicates, RawObject, type JsonValue} from './json-scan.js'
export {
  goValueString,
  hasProblems,
  mergeProblems,
  patchStrictDecodingCause,
  strictDecodingMessage,
  strictDecodingError,
  unknownFieldWarnings,
  warningHeaderValue,
  warningHeaderValues,
  type ProblemsOrPaths,
} from './messages.js'
