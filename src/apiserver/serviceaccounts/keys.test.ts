import {generateKeyPairSync} from 'node:crypto'
import {mkdtempSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {ensureServiceAccountKey} from './keys.js'
import {signJwt, verifyJwt} from './jwt.js'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mkube-sakey-'))
})
afterEach(() => rmSync(dir, {recursive: true, force: true}))

describe('ensureServiceAccountKey', () => {
  it('creates an EC P-256 key (0600) and its public key (0644) once', async () => {
    const k = await ensureServiceAccountKey(dir)
    expect(k.algorithm).toBe('ES256')
    expect(statSync(join(dir, 'sa.key')).mode & 0o777).toBe(0o600)
    expect(statSync(join(dir, 'sa.pub')).mode & 0o777).toBe(0o644)
    expect(readFileSync(join(dir, 'sa.pub'), 'utf8')).toContain('BEGIN PUBLIC KEY')
    const again = await ensureServiceAccountKey(dir)
    expect(again.keyId).toBe(k.keyId)
    expect(verifyJwt(signJwt({a: 1}, k.privateKey), [again.publicKey])).toBeDefined()
  })

  it('gives concurrent callers the same key', async () => {
    const keys = await Promise.all(Array.from({length: 5}, () => ensureServiceAccountKey(dir)))
    expect(new Set(keys.map((k) => k.keyId)).size).toBe(1)
  })

  it('uses an existing RSA key (kubeadm) and rewrites a stale sa.pub', async () => {
    const {privateKey} = generateKeyPairSync('rsa', {modulusLength: 2048})
    writeFileSync(join(dir, 'sa.key'), privateKey.export({type: 'pkcs1', format: 'pem'}) as string, {mode: 0o600})
    writeFileSync(join(dir, 'sa.pub'), 'stale')
    const k = await ensureServiceAccountKey(dir)
    expect(k.algorithm).toBe('RS256')
    expect(readFileSync(join(dir, 'sa.pub'), 'utf8')).toBe(k.publicKey.export({type: 'spki', format: 'pem'}))
  })

  it('fails clearly on a corrupt key', async () => {
    writeFileSync(join(dir, 'sa.key'), '-----BEGIN PRIVATE KEY-----\nnope\n-----END PRIVATE KEY-----\n')
    await expect(ensureServiceAccountKey(dir)).rejects.toThrow(/service-account key .*sa\.key/)
  })
})
