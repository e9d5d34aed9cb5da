import {X509Certificate} from 'node:crypto'
import {mkdtempSync, readdirSync, rmSync, statSync, readFileSync, writeFileSync} from 'node:fs'
import https from 'node:https'
import type {AddressInfo} from 'node:net'
import {hostname, tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {ensureCA, keyMatchesCert, loadCA} from './ca.js'
import {issueClientCert} from './issue.js'
import {ensureServingCert, servingCertProblem, wantedSans} from './serving.js'
import {caHash, ensureAdminToken, generateToken} from './token.js'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mkube-pki-'))
})
afterEach(() => rmSync(dir, {recursive: true, force: true}))

const mode = (p: string) => statSync(p).mode & 0o777

function get(port: number, host: string, ca: string, servername?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = https.get({host, port, path: '/', ca, servername, agent: false}, (res) => {
      let body = ''
      res.on('data', (c) => (body += c))
      res.on('end', () => resolve(body))
    })
    req.on('error', reject)
  })
}

describe('ensureCA', () => {
  it('creates an ECDSA CA once with a private key file, then loads the same one', async () => {
    const ca = await ensureCA(dir)
    const cert = new X509Certificate(ca.certPem)
    expect(cert.ca).toBe(true)
    expect(cert.publicKey.asymmetricKeyType).toBe('ec')
    expect(cert.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1')
    const years = (new Date(cert.validTo).getTime() - Date.now()) / (365 * 86_400_000)
    expect(years).toBeGreaterThan(9.9)
    expect(mode(join(dir, 'ca.key'))).toBe(0o600)
    const again = await ensureCA(dir)
    expect(again).toEqual(ca)
    expect(await loadCA(dir)).toEqual(ca)
  })

  it('gives concurrent callers the same CA', async () => {
    const all = await Promise.all([ensureCA(dir), ensureCA(dir), ensureCA(dir), ensureCA(dir)])
    for (const ca of all) expect(ca).toEqual(all[0])
  })

  it('re-makes a missing certificate from the key left by a crash', async () => {
    const ca = await ensureCA(dir)
    rmSync(join(dir, 'ca.crt'))
    const again = await ensureCA(dir)
    expect(again.keyPem).toBe(ca.keyPem)
    expect(keyMatchesCert(again.certPem, ca.keyPem)).toBe(true)
    expect(readFileSync(join(dir, 'ca.crt'), 'utf8')).toBe(again.certPem)
  })

  it('refuses a CA whose key does not match', async () => {
    await ensureCA(dir)
    const other = mkdtempSync(join(tmpdir(), 'mkube-pki-'))
    const ca2 = await ensureCA(other)
    writeFileSync(join(dir, 'ca.key'), ca2.keyPem)
    await expect(ensureCA(dir)).rejects.toThrow(/does not match/)
    rmSync(other, {recursive: true, force: true})
  })
})

describe('ensureServingCert', () => {
  it('serves TLS verified by the CA at 127.0.0.1 and localhost, with the wanted SANs', async () => {
    const ca = await ensureCA(dir)
    const sc = await ensureServingCert(dir, ca, {hosts: ['api.example.test'], ips: ['10.1.2.3']})
    expect(sc.issued).toBe(true)
    expect(mode(sc.keyPath)).toBe(0o600)
    const x = new X509Certificate(sc.certPem)
    const san = x.subjectAltName ?? ''
    for (const n of ['DNS:localhost', `DNS:${hostname().toLowerCase()}`, 'DNS:api.example.test', 'IP Address:127.0.0.1', 'IP Address:10.1.2.3']) {
      expect(san).toContain(n)
    }
    expect(x.checkIP('::1')).toBe('::1')
    expect(x.checkIssued(new X509Certificate(ca.certPem))).toBe(true)
    const server = https.createServer({cert: sc.certPem, key: sc.keyPem}, (_req, res) => res.end('ok'))
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    const port = (server.address() as AddressInfo).port
    try {
      expect(await get(port, '127.0.0.1', ca.certPem)).toBe('ok')
      expect(await get(port, '127.0.0.1', ca.certPem, 'localhost')).toBe('ok')
      await expect(get(port, '127.0.0.1', ca.certPem, 'not-covered.example')).rejects.toThrow(/altnames/)
      const other = mkdtempSync(join(tmpdir(), 'mkube-pki-'))
      const foreign = await ensureCA(other)
      rmSync(other, {recursive: true, force: true})
      await expect(get(port, '127.0.0.1', foreign.certPem)).rejects.toThrow()
    } finally {
      server.close()
    }
  })

  it('reuses a fitting certificate and re-issues when a SAN is missing or the CA changed', async () => {
    const ca = await ensureCA(dir)
    const a = await ensureServingCert(dir, ca, {hosts: ['a.test']})
    const b = await ensureServingCert(dir, ca, {hosts: ['a.test']})
    expect(b.issued).toBe(false)
    expect(b.certPem).toBe(a.certPem)
    const c = await ensureServingCert(dir, ca, {hosts: ['a.test', 'b.test']})
    expect(c.issued).toBe(true)
    expect(readFileSync(c.certPath, 'utf8')).toBe(c.certPem)
    const other = mkdtempSync(join(tmpdir(), 'mkube-pki-'))
    const ca2 = await ensureCA(other)
    rmSync(other, {recursive: true, force: true})
    expect(servingCertProblem(c, ca2.certPem, wantedSans({hosts: ['a.test']}))).toBe('not issued by the cluster CA')
  })

  it('re-issues a certificate that expires within 30 days', async () => {
    const ca = await ensureCA(dir)
    const a = await ensureServingCert(dir, ca, {validityDays: 20})
    expect(servingCertProblem(a, ca.certPem, wantedSans())).toBe('expires soon')
    const b = await ensureServingCert(dir, ca)
    expect(b.issued).toBe(true)
  })

  it('supports other file names and concurrent callers end with one pair', async () => {
    const ca = await ensureCA(dir)
    const all = await Promise.all([1, 2, 3].map(() => ensureServingCert(dir, ca, {certFile: 'kubelet.crt', keyFile: 'kubelet.key', commonName: 'n1'})))
    expect(all.filter((x) => x.issued)).toHaveLength(1)
    for (const x of all) expect(x.certPem).toBe(readFileSync(join(dir, 'kubelet.crt'), 'utf8'))
    expect(new X509Certificate(all[0].certPem).subject).toBe('CN=n1')
    expect(readdirSync(dir).sort()).toEqual(['ca.crt', 'ca.key', 'kubelet.crt', 'kubelet.key'])
  })
})

describe('issueClientCert', () => {
  it('issues a client certificate with CN and O, signed by the CA', async () => {
    const ca = await ensureCA(dir)
    const c = await issueClientCert(ca, 'system:node:n1', ['system:nodes'])
    const x = new X509Certificate(c.certPem)
    expect(x.subject).toBe('CN=system:node:n1\nO=system:nodes')
    expect(x.verify(new X509Certificate(ca.certPem).publicKey)).toBe(true)
    expect(x.keyUsage).toEqual(['1.3.6.1.5.5.7.3.2'])
  })
})

describe('tokens', () => {
  it('generates URL-safe random tokens', () => {
    const t = generateToken()
    expect(t).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(generateToken(16)).toMatch(/^[A-Za-z0-9_-]{22}$/)
    expect(generateToken()).not.toBe(t)
  })

  it('persists the admin token once (mode 0600), shared by concurrent callers', async () => {
    const all = await Promise.all([ensureAdminToken(dir), ensureAdminToken(dir)])
    expect(all[0]).toBe(all[1])
    expect(await ensureAdminToken(dir)).toBe(all[0])
    expect(mode(join(dir, 'admin.token'))).toBe(0o600)
  })

  it('hashes the CA DER', async () => {
    const ca = await ensureCA(dir)
    const h = caHash(ca.certPem)
    expect(h).toMatch(/^sha256:[0-9a-f]{64}$/)
    const {createHash} = await import('node:crypto')
    expect(h).toBe('sha256:' + createHash('sha256').update(new X509Certificate(ca.certPem).raw).digest('hex'))
  })
})
