import {parseRequirements} from './label-parser.js'
import {Requirement, type Labels} from './requirement.js'

/**
 * Label selectors (k8s.io/apimachinery/pkg/labels): a conjunction of requirements over an object's
 * labels. Built from a selector string (`?labelSelector=` and `kubectl -l`), from a label set, or from a
 * meta/v1 LabelSelector object (label-selector.ts). Immutable.
 */

export {Requirement, newRequirement, type Labels, type Operator} from './requirement.js'

/** A label selector. */
export interface Selector {
  /** Whether `labels` (an object's metadata.labels; undefined = no labels) satisfies every requirement. */
  matches(labels: Labels | undefined): boolean
  /** True when the selector has no requirements (it matches everything). */
  empty(): boolean
  /** Canonical string form (requirements sorted by key, comma-separated); parseLabelSelector reads it back. */
  toString(): string
  /** The requirements, sorted by key ([] for everything() and nothing()). */
  requirements(): readonly Requirement[]
  /** False only for nothing(): the selector cannot be expressed as requirements. */
  selectable(): boolean
  /** The value `label` must equal for a match (from `label=v`, `label==v` or `label in (v)`), if any. */
  requiresExactMatch(label: string): string | undefined
  /** A new selector with these requirements added (kept sorted by key). */
  add(...requirements: Requirement[]): Selector
}

function byKey(a: Requirement, b: Requirement): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0
}

class RequirementsSelector implements Selector {
  private readonly reqs: readonly Requirement[]

  constructor(requirements: readonly Requirement[]) {
    this.reqs = [...requirements].sort(byKey)
  }

  matches(labels: Labels | undefined): boolean {
    return this.reqs.every((r) => r.matches(labels))
  }

  empty(): boolean {
    return this.reqs.length === 0
  }

  toString(): string {
    return this.reqs.map((r) => r.toString()).join(',')
  }

  requirements(): readonly Requirement[] {
    return this.reqs
  }

  selectable(): boolean {
    return true
  }

  requiresExactMatch(label: string): string | undefined {
    for (const r of this.reqs) {
      if (r.key !== label) continue
      if ((r.operator === '=' || r.operator === '==' || r.operator === 'in') && r.values.length === 1) return r.values[0]
      return undefined
    }
    return undefined
  }

  add(...requirements: Requirement[]): Selector {
    return new RequirementsSelector([...this.reqs, ...requirements])
  }
}

class NothingSelector implements Selector {
  matches(): boolean {
    return false
  }
  empty(): boolean {
    return false
  }
  toString(): string {
    return ''
  }
  requirements(): readonly Requirement[] {
    return []
  }
  selectable(): boolean {
    return false
  }
  requiresExactMatch(): string | undefined {
    return undefined
  }
  add(): Selector {
    return this
  }
}

/** The selector matching every object (the empty selector). */
export function everything(): Selector {
  return new RequirementsSelector([])
}

/** The selector matching no object (a nil LabelSelector). */
export function nothing(): Selector {
  return new NothingSelector()
}

/** A selector from requirements (they are not re-validated: build them with newRequirement). */
export function selectorFromRequirements(requirements: readonly Requirement[]): Selector {
  return new RequirementsSelector(requirements)
}

/**
 * The selector `k1=v1,k2=v2,…` for a label set (an empty set selects everything). As upstream's
 * SelectorFromSet, keys and values are not validated; the set is assumed to be valid labels.
 */
export function selectorFromSet(set: Labels | undefined): Selector {
  return new RequirementsSelector(Object.entries(set ?? {}).map(([k, v]) => new Requirement(k, '=', [v])))
}

/**
 * Parse a label selector string (`a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x)`, `a`, `!a`, `a>1`,
 * `a<1`; comma means AND; whitespace around tokens is ignored). An empty string selects everything.
 * Throws SelectorError (400 at the API server) on a syntax error or an invalid key or value.
 */
export function parseLabelSelector(selector: string): Selector {
  return new RequirementsSelector(parseRequirements(selector))
}
