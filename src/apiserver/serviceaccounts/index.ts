/**
 * Service-account access management for the API server: the signing key (ensureServiceAccountKey), the
 * JWT issuer, the serviceaccounts/token subresource (createTokenRequest), token authentication
 * (serviceAccountTokenLookup, for TokenAuthenticator.addLookup) and the pod admission step that mounts
 * the token (admitServiceAccount / addServiceAccountVolume).
 */
export {ensureServiceAccountKey, serviceAccountKeyFromPem, SA_KEY_FILE, SA_PUB_FILE, type ServiceAccountKey} from './keys.js'
export {TokenIssuer, type TokenIssuerOptions, type VerifyResult} from './issuer.js'
export {algorithmFor, keyIdFor, signJwt, verifyJwt, type JwsAlgorithm, type JwsHeader, type VerifiedJwt} from './jwt.js'
export {
  buildClaims,
  defaultIssuer,
  expirationExtensionSeconds,
  leewaySeconds,
  parseClaims,
  serviceAccountGroups,
  serviceAccountUsername,
  timeProblem,
  warnOnlyBoundTokenExpirationSeconds,
  type ClaimsInput,
  type KubernetesClaim,
  type ObjectRefClaim,
  type ServiceAccountClaims,
} from './claims.js'
export {
  apiAudiencesOf,
  createTokenRequest,
  defaultTokenExpirationSeconds,
  minTokenExpirationSeconds,
  parseTokenRequest,
  validateTokenRequest,
  type BoundObjectReference,
  type TokenRequest,
  type TokenRequestDeps,
} from './tokenrequest.js'
export {authenticateServiceAccountToken, serviceAccountTokenLookup, type TokenAuthResult, type TokenLookupDeps} from './authenticator.js'
export {
  addServiceAccountVolume,
  admitServiceAccount,
  defaultAPITokenMountPath,
  defaultServiceAccountName,
  mirrorPodAnnotation,
  serviceAccountVolumePrefix,
  shouldAutomount,
  tokenVolumeSource,
  type AddVolumeOptions,
  type AdmitOptions,
} from './admission.js'
