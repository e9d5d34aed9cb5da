import {generateKeyPairSync} from 'node:crypto'
import {describe, expect, it} from 'vitest'
import {algorithmFor, keyIdFor, signJwt, verifyJwt} from './jwt.js'

const ec = generateKeyPairSync('ec', {namedCurve: 'P-256'})
const ec2 = generateKeyPairSync('ec', {namedCurve: 'P-256'})
const rsa = generateKeyPairSync('rsa', {modulusLength: 2048})

function decode(part: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>
}

describe('signJwt / verifyJwt', () => {
  it('round-trips ES256 with a kid and a raw 64-byte signature', () => {
    const kid = keyIdFor(ec.publicKey)
    const token = signJwt({sub: 'x', n: 1}, ec.privateKey, kid)
    const [h, , s] = token.split('.')
    expect(decode(h)).toEqual({alg: 'ES256', kid})
    expect(Buffer.from(s, 'base64url')).toHaveLength(64)
    expect(verifyJwt(token, [ec2.publicKey, ec.publicKey])).toEqual({header: {alg: 'ES256', kid}, claims: {sub: 'x', n: 1}})
  })

  it('round-trips RS256', () => {
    const token = signJwt({sub: 'y'}, rsa.privateKey)
    expect(decode(token.split('.')[0])).toEqual({alg: 'RS256'})
    expect(verifyJwt(token, [ec.publicKey, rsa.publicKey])?.claims).toEqual({sub: 'y'})
  })

  it('refuses other keys, tampered payloads and signatures, alg none and garbage', () => {
    const token = signJwt({sub: 'x'}, ec.privateKey)
    expect(verifyJwt(token, [ec2.publicKey])).toBeUndefined()
    const [h, p, s] = token.split('.')
    const forged = Buffer.from(JSON.stringify({sub: 'admin'})).toString('base64url')
    expect(verifyJwt(`${h}.${forged}.${s}`, [ec.publicKey])).toBeUndefined()
    const flipped = Buffer.from(s, 'base64url')
    flipped[10] ^= 1
    expect(verifyJwt(`${h}.${p}.${flipped.toString('base64url')}`, [ec.publicKey])).toBeUndefined()
    const none = Buffer.from(JSON.stringify({alg: 'none'})).toString('base64url')
    expect(verifyJwt(`${none}.${p}.`, [ec.publicKey])).toBeUndefined()
    // an RS256 header over an EC-signed token does not verify with the EC key
    const rs = Buffer.from(JSON.stringify({alg: 'RS256'})).toString('base64url')
    expect(verifyJwt(`${rs}.${p}.${s}`, [ec.publicKey, rsa.publicKey])).toBeUndefined()
    for (const junk of ['', 'a.b', 'a.b.c.d', 'node.worker-1.abcdefghijklmnopqrstuvwxyz012345', `${h}.!!.${s}`]) expect(verifyJwt(junk, [ec.publicKey])).toBeUndefined()
  })

  it('derives the algorithm from the key and rejects other curves', () => {
    expect(algorithmFor(ec.privateKey)).toBe('ES256')
    expect(algorithmFor(rsa.publicKey)).toBe('RS256')
    expect(() => algorithmFor(generateKeyPairSync('ec', {namedCurve: 'P-384'}).privateKey)).toThrow('unsupported')
    expect(keyIdFor(ec.publicKey)).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(keyIdFor(ec.publicKey)).not.toBe(keyIdFor(ec2.publicKey))
  })
})
