/**
 * Name and value syntax checks, ported from k8s.io/apimachinery/pkg/util/validation. Each returns the list
 * of problems (empty when valid), worded exactly as Kubernetes words them.
 */
import {isIP} from 'node:net'

/** Kubernetes' RegexError wording (examples joined the way upstream joins them). */
export function regexError(msg: string, fmt: string, ...examples: string[]): string {
  if (examples.length === 0) return `${msg} (regex used for validation is '${fmt}')`
  let s = `${msg} (e.g. `
  examples.forEach((e, i) => {
    if (i > 0) s += ' or '
    s += `'${e}', `
  })
  return `${s}regex used for validation is '${fmt}')`
}

/** MaxLenError wording. */
export function maxLenError(n: number): string {
  return `must be no more than ${n} characters`
}

const dns1123LabelFmt = '[a-z0-9]([-a-z0-9]*[a-z0-9])?'
const dns1123LabelRe = new RegExp(`^${dns1123LabelFmt}$`)
const dns1123SubdomainFmt = `${dns1123LabelFmt}(\\.${dns1123LabelFmt})*`
const dns1123SubdomainRe = new RegExp(`^${dns1123SubdomainFmt}$`)
const dns1035LabelFmt = '[a-z]([-a-z0-9]*[a-z0-9])?'
const dns1035LabelRe = new RegExp(`^${dns1035LabelFmt}$`)
const qualifiedNameFmt = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]'
const qualifiedNameRe = new RegExp(`^${qualifiedNameFmt}$`)
const qualifiedNameErrMsg = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"
const labelValueFmt = `(${qualifiedNameFmt})?`
const labelValueRe = new RegExp(`^${labelValueFmt}$`)
const envVarNameFmt = '[-._a-zA-Z][-._a-zA-Z0-9]*'
const envVarNameRe = new RegExp(`^${envVarNameFmt}$`)
const configMapKeyFmt = '[-._a-zA-Z0-9]+'
const configMapKeyRe = new RegExp(`^${configMapKeyFmt}$`)
const httpHeaderNameFmt = '[-A-Za-z0-9]+'
const httpHeaderNameRe = new RegExp(`^${httpHeaderNameFmt}$`)
const percentFmt = '[0-9]+%'
const percentRe = new RegExp(`^${percentFmt}$`)

/** RFC 1123 label (namespaces, container names, volume names …): at most 63 characters. */
export function isDNS1123Label(v: string): string[] {
  const errs: string[] = []
  if (v.length > 63) errs.push(maxLenError(63))
  if (!dns1123LabelRe.test(v)) {
    errs.push(
      regexError(
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
        dns1123LabelFmt,
        'my-name',
        '123-abc',
      ),
    )
  }
  return errs
}

/** RFC 1123 subdomain (most object names): at most 253 characters. */
export function isDNS1123Subdomain(v: string): string[] {
  const errs: string[] = []
  if (v.length > 253) errs.push(maxLenError(253))
  if (!dns1123SubdomainRe.test(v)) {
    errs.push(
      regexError(
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
        dns1123SubdomainFmt,
        'example.com',
      ),
    )
  }
  return errs
}

/** RFC 1035 label (service names): starts with a letter, at most 63 characters. */
export function isDNS1035Label(v: string): string[] {
  const errs: string[] = []
  if (v.length > 63) errs.push(maxLenError(63))
  if (!dns1035LabelRe.test(v)) {
    errs.push(
      regexError(
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character",
        dns1035LabelFmt,
        'my-name',
        'abc-123',
      ),
    )
  }
  return errs
}

/** Qualified name (label and annotation keys, finalizers, resource names): `[prefix/]name`. */
export function isQualifiedName(v: string): string[] {
  const errs: string[] = []
  const parts = v.split('/')
  let name: string
  if (parts.length === 1) {
    name = parts[0]
  } else if (parts.length === 2) {
    const prefix = parts[0]
    name = parts[1]
    if (prefix.length === 0) errs.push('prefix part must be non-empty')
    else errs.push(...isDNS1123Subdomain(prefix).map((m) => `prefix part ${m}`))
  } else {
    return [
      `a qualified name ${regexError(qualifiedNameErrMsg, qualifiedNameFmt, 'MyName', 'my.name', '123-abc')} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ]
  }
  if (name.length === 0) errs.push('name part must be non-empty')
  else if (name.length > 63) errs.push(`name part ${maxLenError(63)}`)
  if (!qualifiedNameRe.test(name)) errs.push(`name part ${regexError(qualifiedNameErrMsg, qualifiedNameFmt, 'MyName', 'my.name', '123-abc')}`)
  return errs
}

/** Label value: empty, or at most 63 alphanumeric/-/_/. characters starting and ending alphanumeric. */
export function isValidLabelValue(v: string): string[] {
  const errs: string[] = []
  if (v.length > 63) errs.push(maxLenError(63))
  if (!labelValueRe.test(v)) {
    errs.push(
      regexError(
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
        labelValueFmt,
        'MyValue',
        'my_value',
        '12345',
      ),
    )
  }
  return errs
}

/** Port number 1–65535. */
export function isValidPortNum(p: number): string[] {
  return Number.isInteger(p) && p >= 1 && p <= 65535 ? [] : ['must be between 1 and 65535, inclusive']
}

/** IANA_SVC_NAME (container port names, named target ports). */
export function isValidPortName(p: string): string[] {
  const errs: string[] = []
  if (p.length > 15) errs.push(maxLenError(15))
  if (!/^[-a-z0-9]+$/.test(p)) errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)')
  if (!/[a-z]/.test(p)) errs.push('must contain at least one letter (a-z)')
  if (p.includes('--')) errs.push('must not contain consecutive hyphens')
  if (p.length > 0 && (p.startsWith('-') || p.endsWith('-'))) errs.push('must not begin or end with a hyphen')
  return errs
}

function chDirPrefix(v: string): string[] {
  if (v === '.') return ["must not be '.'"]
  if (v === '..') return ["must not be '..'"]
  if (v.startsWith('..')) return ["must not start with '..'"]
  return []
}

/** Environment variable name. */
export function isEnvVarName(v: string): string[] {
  const errs: string[] = []
  if (!envVarNameRe.test(v)) {
    errs.push(
      regexError(
        "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit",
        envVarNameFmt,
        'my.env-name',
        'MY_ENV.NAME',
        'MyEnvName1',
      ),
    )
  }
  return [...errs, ...chDirPrefix(v)]
}

/** ConfigMap / Secret key. */
export function isConfigMapKey(v: string): string[] {
  const errs: string[] = []
  if (v.length > 253) errs.push(maxLenError(253))
  if (!configMapKeyRe.test(v)) {
    errs.push(regexError("a valid config key must consist of alphanumeric characters, '-', '_' or '.'", configMapKeyFmt, 'key.name', 'KEY_NAME', 'key-name'))
  }
  return [...errs, ...chDirPrefix(v)]
}

/** HTTP header name (probe headers). */
export function isHTTPHeaderName(v: string): string[] {
  return httpHeaderNameRe.test(v) ? [] : [regexError("a valid HTTP header must consist of alphanumeric characters or '-'", httpHeaderNameFmt, 'X-Header-Name')]
}

/** IPv4 or IPv6 address. */
export function isValidIP(v: string): string[] {
  return isIP(v) ? [] : ['must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)']
}

/** CIDR such as 10.244.0.0/24 or 2001:db8::/64. */
export function isValidCIDR(v: string): string[] {
  const slash = v.indexOf('/')
  const bad = ['must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)']
  if (slash < 0) return bad
  const ip = v.slice(0, slash)
  const bits = v.slice(slash + 1)
  const fam = isIP(ip)
  if (!fam || !/^\d{1,3}$/.test(bits)) return bad
  return Number(bits) <= (fam === 4 ? 32 : 128) ? [] : bad
}

/** "25%" style percent strings (rolling update parameters). */
export function isPercent(v: string): boolean {
  return percentRe.test(v)
}

/** A name-validation function as ValidateObjectMeta takes it; `prefix` is true for generateName. */
export type NameValidator = (name: string, prefix: boolean) => string[]

/** Replaces a trailing '-' so that generateName prefixes validate as names (maskTrailingDash). */
function maskTrailingDash(name: string): string {
  return name.length > 1 && name.endsWith('-') ? `${name.slice(0, -2)}a` : name
}

/** NameIsDNSSubdomain. */
export const nameIsDNSSubdomain: NameValidator = (name, prefix) => isDNS1123Subdomain(prefix ? maskTrailingDash(name) : name)
/** NameIsDNSLabel. */
export const nameIsDNSLabel: NameValidator = (name, prefix) => isDNS1123Label(prefix ? maskTrailingDash(name) : name)
/** NameIsDNS1035Label. */
export const nameIsDNS1035Label: NameValidator = (name, prefix) => isDNS1035Label(prefix ? maskTrailingDash(name) : name)

/** Path-segment names (every object name must be usable in a URL path). */
export function isValidPathSegmentName(name: string): string[] {
  if (name === '.' || name === '..') return [`may not be '${name}'`]
  const errs: string[] = []
  for (const bad of ['/', '%']) if (name.includes(bad)) errs.push(`may not contain '${bad}'`)
  return errs
}
