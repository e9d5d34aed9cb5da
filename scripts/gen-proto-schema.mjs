#!/usr/bin/env node
// Generates src/apiserver/protobuf/schema.ts (the protobuf wire schema of Kubernetes API messages)
// from Kubernetes' generated.proto files.
//
//   node scripts/gen-proto-schema.mjs [proto-dir]      (default /tmp/protos)
//
// proto-dir holds the generated.proto files of k8s.io/apimachinery (pkg/apis/meta/v1, pkg/runtime,
// pkg/util/intstr, pkg/api/resource) and k8s.io/api (core/v1, apps/v1, ...), under any file names
// ending in .proto: each file's `package` line tells which package it is. The files are what
// go-to-protobuf writes: proto2, top-level messages only, no enums, oneofs or nested messages.
// Anything else is an error, so that a change upstream shows here rather than as a wrong schema.
import {readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {dirname, join, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'

const SCALARS = new Set([
  'string', 'bytes', 'bool', 'int32', 'int64', 'uint32', 'uint64', 'sint32', 'sint64',
  'double', 'float', 'fixed32', 'fixed64', 'sfixed32', 'sfixed64',
])

// proto field names are the JSON names, except where go-to-protobuf derived them from the Go name
const JSON_NAMES = {
  'k8s.io.api.authentication.v1.BoundObjectReference.uID': 'uid',
  'k8s.io.api.authentication.v1.BoundObjectReference.aPIVersion': 'apiVersion',
}

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const dir = resolve(process.argv[2] ?? '/tmp/protos')
const out = join(root, 'src/apiserver/protobuf/schema.ts')

/** Removes // and block comments, keeping string literals intact. */
function stripComments(text) {
  let res = ''
  for (let i = 0; i < text.length; ) {
    const c = text[i]
    if (c === '"' || c === "'") {
      let j = i + 1
      while (j < text.length && text[j] !== c) j += text[j] === '\\' ? 2 : 1
      res += text.slice(i, j + 1)
      i = j + 1
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2)
      if (end < 0) throw new Error('unterminated block comment')
      res += text.slice(i, end + 2).replace(/[^\n]/g, ' ')
      i = end + 2
    } else {
      res += c
      i++
    }
  }
  return res
}

/** Parses one file: {pkg, messages: [{name, fields: [{label, keyType, type, name, number}]}]}. */
function parseFile(file) {
  const text = stripComments(readFileSync(file, 'utf8'))
  const fail = (msg) => { throw new Error(`${file}: ${msg}`) }
  let pkg = null
  const messages = []
  let current = null
  // Statements end at ';', '{' or '}': split keeping the delimiters.
  const tokens = text.split(/([;{}])/)
  let stmt = ''
  for (const tok of tokens) {
    if (tok !== ';' && tok !== '{' && tok !== '}') { stmt += tok; continue }
    const s = stmt.replace(/\s+/g, ' ').trim()
    stmt = ''
    if (current === null) {
      if (tok === '{') {
        const m = /^message ([A-Za-z_][A-Za-z0-9_]*)$/.exec(s)
        if (!m) fail(`unsupported top-level block: ${s} {`)
        current = {name: m[1], fields: []}
      } else if (tok === '}') {
        fail('unbalanced }')
      } else if (s === '') {
        continue
      } else if (/^syntax = (['"])proto2\1$/.test(s)) {
        continue
      } else if (/^syntax /.test(s)) {
        fail(`unsupported syntax: ${s}`)
      } else if (/^package /.test(s)) {
        const m = /^package ([A-Za-z_][A-Za-z0-9_.]*)$/.exec(s)
        if (!m) fail(`bad package statement: ${s}`)
        if (pkg !== null) fail('two package statements')
        pkg = m[1]
      } else if (/^(import|option) /.test(s)) {
        continue
      } else {
        fail(`unsupported top-level statement: ${s}`)
      }
    } else {
      if (tok === '{') fail(`nested block in message ${current.name}: ${s} {`)
      if (tok === '}') {
        if (s !== '') fail(`statement without ';' in message ${current.name}: ${s}`)
        messages.push(current)
        current = null
        continue
      }
      if (s === '') continue
      let m = /^(optional|repeated|required) (\.?[A-Za-z_][A-Za-z0-9_.]*) ([A-Za-z_][A-Za-z0-9_]*) = ([0-9]+)$/.exec(s)
      if (m) {
        current.fields.push({label: m[1], keyType: null, type: m[2], name: m[3], number: Number(m[4])})
        continue
      }
      m = /^map ?< ?([A-Za-z0-9_]+) ?, ?(\.?[A-Za-z_][A-Za-z0-9_.]*) ?> ([A-Za-z_][A-Za-z0-9_]*) = ([0-9]+)$/.exec(s)
      if (m) {
        current.fields.push({label: 'map', keyType: m[1], type: m[2], name: m[3], number: Number(m[4])})
        continue
      }
      fail(`unsupported statement in message ${current.name}: ${s}`)
    }
  }
  if (current !== null) fail(`unterminated message ${current.name}`)
  if (stmt.trim() !== '') fail(`trailing text: ${stmt.trim()}`)
  if (pkg === null) fail('no package statement')
  return {pkg, messages}
}

const files = readdirSync(dir).filter((f) => f.endsWith('.proto')).sort()
if (files.length === 0) throw new Error(`no .proto files in ${dir}`)
const parsed = files.map((f) => ({file: f, ...parseFile(join(dir, f))}))

// Every message by fully-qualified name, to resolve type references against.
const defined = new Map()
for (const {file, pkg, messages} of parsed) {
  for (const msg of messages) {
    const fqn = `${pkg}.${msg.name}`
    if (defined.has(fqn)) throw new Error(`${file}: message ${fqn} also defined in ${defined.get(fqn)}`)
    defined.set(fqn, file)
  }
}

/**
 * Resolves a type name as protoc does: a leading '.' means fully qualified; otherwise the name is
 * looked up in the message's package, then in each enclosing package, then at the root. A name
 * found nowhere is kept as written (qualified with the package when it has no dot) and reported.
 */
const unresolved = new Map()
function resolveType(type, pkg, where) {
  if (SCALARS.has(type)) return type
  if (type.startsWith('.')) {
    const fqn = type.slice(1)
    if (!defined.has(fqn)) unresolved.set(fqn, where)
    return fqn
  }
  const scopes = pkg.split('.')
  for (let n = scopes.length; n >= 0; n--) {
    const candidate = [...scopes.slice(0, n), type].join('.')
    if (defined.has(candidate)) return candidate
  }
  const fqn = type.includes('.') ? type : `${pkg}.${type}`
  unresolved.set(fqn, where)
  return fqn
}

const nonStringKeys = []
const entries = []
const perPackage = new Map()
for (const {file, pkg, messages} of parsed) {
  for (const msg of messages) {
    const fqn = `${pkg}.${msg.name}`
    const seenNumbers = new Set()
    const seenNames = new Set()
    const fields = []
    for (const f of msg.fields) {
      const where = `${fqn}.${f.name}`
      if (f.label === 'required') throw new Error(`${file}: required field ${where}`)
      if (seenNumbers.has(f.number)) throw new Error(`${file}: duplicate field number ${f.number} in ${fqn}`)
      if (seenNames.has(f.name)) throw new Error(`${file}: duplicate field name ${f.name} in ${fqn}`)
      if (f.number < 1 || f.number > 536870911) throw new Error(`${file}: bad field number in ${where}`)
      seenNumbers.add(f.number)
      seenNames.add(f.name)
      if (f.keyType !== null && f.keyType !== 'string') nonStringKeys.push(`${where} (map<${f.keyType}, ${f.type}>)`)
      const type = resolveType(f.type, pkg, where)
      const flag = f.label === 'repeated' ? 'r' : f.label === 'map' ? 'm' : null
      fields.push({number: f.number, name: JSON_NAMES[where] ?? f.name, type, flag})
    }
    fields.sort((a, b) => a.number - b.number)
    entries.push({fqn, fields})
    perPackage.set(pkg, (perPackage.get(pkg) ?? 0) + 1)
  }
}
entries.sort((a, b) => (a.fqn < b.fqn ? -1 : a.fqn > b.fqn ? 1 : 0))

const q = (s) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`
const lines = [
  "// Generated by scripts/gen-proto-schema.mjs from Kubernetes' generated.proto files (field numbers are the wire protocol). Do not edit.",
  "/** A field: [json name, type, flags]. type: a scalar name or a fully-qualified message name; flags: 'r' repeated, 'm' map (then type is the map value type; keys are strings). */",
  "export type ProtoField = readonly [name: string, type: string, flags?: 'r' | 'm']",
  '/** Messages by fully-qualified name → field number → field. */',
  'export const MESSAGES: Readonly<Record<string, Readonly<Record<number, ProtoField>>>> = {',
]
for (const {fqn, fields} of entries) {
  const body = fields
    .map((f) => `${f.number}: [${q(f.name)}, ${q(f.type)}${f.flag ? `, ${q(f.flag)}` : ''}]`)
    .join(', ')
  lines.push(`  ${q(fqn)}: {${body}},`)
}
lines.push('}', '')
writeFileSync(out, lines.join('\n'))

console.log(`wrote ${out}: ${entries.length} messages from ${files.length} files`)
for (const [pkg, n] of [...perPackage].sort()) console.log(`  ${pkg}: ${n}`)
if (nonStringKeys.length) console.warn(`map fields with non-string keys (decoded as string keys!):\n  ${nonStringKeys.join('\n  ')}`)
if (unresolved.size) {
  console.warn('referenced message types not defined in the input:')
  for (const [fqn, where] of [...unresolved].sort()) console.warn(`  ${fqn} (e.g. ${where})`)
}
