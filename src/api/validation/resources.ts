/**
 * Resource names and quantities (ValidateResourceRequirements and friends): container requests/limits,
 * node capacity, emptyDir size limits.
 */
import type {StatusCause} from '../meta.js'
import type {Quantity, ResourceList} from '../types/common.js'
import type {ResourceRequirements} from '../types/container.js'
import {cause} from '../errors.js'
import {compareQuantities, isValidQuantity, milliValue, QuantityError} from '../quantity.js'
import {child, invalidEach, keyed} from './path.js'
import {isQualifiedName} from './names.js'

const standardContainerResources = new Set(['cpu', 'memory', 'ephemeral-storage'])

/** hugepages-<size> resource names. */
export function isHugePageResourceName(name: string): boolean {
  return name.startsWith('hugepages-')
}

/** Native resources have no domain or live under kubernetes.io. */
export function isNativeResource(name: string): boolean {
  return !name.includes('/') || name.includes('kubernetes.io/')
}

/** Extended resources (example.com/gpu): domain-qualified, not native, integer-valued, never overcommitted. */
export function isExtendedResourceName(name: string): boolean {
  if (isNativeResource(name) || name.startsWith('requests.')) return false
  return isQualifiedName(`requests.${name}`).length === 0
}

/** Requests may be below limits only for overcommittable (native, non-hugepage) resources. */
export function isOvercommitAllowed(name: string): boolean {
  return isNativeResource(name) && !isHugePageResourceName(name)
}

/** A quantity that parses and is not negative; optionally an integer. */
export function validateQuantity(q: Quantity | undefined, path: string, opts: {integer?: boolean} = {}): StatusCause[] {
  if (q === undefined || q === null) return [cause.required(path)]
  if (!isValidQuantity(q)) return [cause.invalid(path, q, new QuantityError(String(q)).message)]
  if (compareQuantities(q, 0) < 0) return [cause.invalid(path, q, 'must be greater than or equal to 0')]
  if (opts.integer && milliValue(q) % 1000 !== 0) return [cause.invalid(path, q, 'must be an integer')]
  return []
}

/** validateContainerResourceName: a qualified name; without a domain it must be cpu, memory, ephemeral-storage or hugepages-*. */
export function validateContainerResourceName(name: string, path: string): StatusCause[] {
  const errs = invalidEach(path, name, isQualifiedName(name))
  if (!name.includes('/')) {
    if (!standardContainerResources.has(name) && !isHugePageResourceName(name)) errs.push(cause.invalid(path, name, 'must be a standard resource for containers'))
  } else if (!isNativeResource(name) && !isExtendedResourceName(name)) {
    errs.push(cause.invalid(path, name, "doesn't follow extended resource name standard"))
  }
  return errs
}

/** Container requests/limits: names, non-negative quantities, integers for extended resources, requests ≤ limits. */
export function validateResourceRequirements(r: ResourceRequirements | undefined, path: string): StatusCause[] {
  if (!r) return []
  const errs: StatusCause[] = []
  const limPath = child(path, 'limits')
  const reqPath = child(path, 'requests')
  const limits: ResourceList = r.limits ?? {}
  for (const [name, q] of Object.entries(limits)) {
    const p = keyed(limPath, name)
    errs.push(...validateContainerResourceName(name, p))
    errs.push(...validateQuantity(q, p, {integer: isExtendedResourceName(name)}))
  }
  for (const [name, q] of Object.entries(r.requests ?? {})) {
    const p = keyed(reqPath, name)
    errs.push(...validateContainerResourceName(name, p))
    const qErrs = validateQuantity(q, p, {integer: isExtendedResourceName(name)})
    errs.push(...qErrs)
    if (qErrs.length) continue
    const lim = limits[name]
    if (lim !== undefined) {
      if (!isValidQuantity(lim)) continue
      const c = compareQuantities(q, lim)
      if (c !== 0 && !isOvercommitAllowed(name)) errs.push(cause.invalid(reqPath, String(q), `must be equal to ${name} limit of ${lim}`))
      else if (c > 0) errs.push(cause.invalid(reqPath, String(q), `must be less than or equal to ${name} limit of ${lim}`))
    } else if (!isOvercommitAllowed(name)) {
      errs.push(cause.required(limPath, 'Required value: Limit must be set for non overcommitable resources'))
    }
  }
  return errs
}

/** A ResourceList such as node capacity: qualified names and valid, non-negative quantities. */
export function validateResourceList(list: ResourceList | undefined, path: string): StatusCause[] {
  const errs: StatusCause[] = []
  for (const [name, q] of Object.entries(list ?? {})) {
    const p = keyed(path, name)
    errs.push(...invalidEach(p, name, isQualifiedName(name)))
    errs.push(...validateQuantity(q, p))
  }
  return errs
}
