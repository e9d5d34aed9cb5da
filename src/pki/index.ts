/** Cluster PKI: CA, serving and client certificates, tokens. See the modules for details. */
export {ensureCA, loadCA, checkCA, keyMatchesCert, CA_CERT_FILE, CA_KEY_FILE} from './ca.js'
export {ensureServingCert, wantedSans, servingCertProblem, RENEW_BEFORE_MS} from './serving.js'
export type {ServingCert, ServingCertOptions, WantedSans} from './serving.js'
export {createCA, issueLeaf, issueClientCert} from './issue.js'
export type {CertAuthority, KeyPairPem, LeafSpec, CAOptions} from './issue.js'
export {generateToken, caHash, ensureAdminToken, ADMIN_TOKEN_FILE} from './token.js'
export {writeFileAtomic, createFileExclusive, withFileLock, readIfExists} from './files.js'
