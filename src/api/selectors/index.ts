/**
 * Label and field selectors: parsing, matching, LabelSelector objects. Used by the API server
 * (list/watch filtering), controllers (spec.selector) and the CLI (-l, --field-selector).
 */

export {SelectorError, isQualifiedName, isValidLabelValue, isDNS1123Subdomain} from './validation.js'
export {
  everything,
  nothing,
  parseLabelSelector,
  selectorFromRequirements,
  selectorFromSet,
  newRequirement,
  Requirement,
  type Labels,
  type Operator,
  type Selector,
} from './labels.js'
export {
  formatLabelSelector,
  labelSelectorAsSelector,
  labelSelectorMatches,
  validateLabelName,
  validateLabels,
  validateLabelSelector,
  type LabelSelectorValidationOptions,
} from './label-selector.js'
export {
  checkSupportedFields,
  escapeFieldValue,
  everythingFields,
  fieldSelectorFromSet,
  oneTermEqualSelector,
  parseFieldSelector,
  unescapeFieldValue,
  type FieldRequirement,
  type Fields,
  type FieldSelector,
} from './fields.js'
