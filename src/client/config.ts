/** Connection settings of a Client, resolved from a kubeconfig (loadKubeconfig) or built by a component. */
export interface ClientConfig {
  /** API server base URL: https://host:port (plain http:// is allowed, e.g. in tests) */
  server: string
  /** PEM bundle of CAs trusted for the server's certificate; system roots when absent */
  caPem?: string
  /** skip server certificate verification (insecure-skip-tls-verify) */
  insecure?: boolean
  /** name to verify the server certificate against (tls-server-name), when it differs from the URL host */
  tlsServerName?: string
  /** bearer token sent as `Authorization: Bearer …` */
  token?: string
  /** client certificate and key (PEM) for TLS client authentication */
  certPem?: string
  keyPem?: string
  /** default namespace for namespaced requests without one (from the kubeconfig context; else "default") */
  namespace?: string
  /** User-Agent header; default `mkube/<version>` */
  userAgent?: string
  /** most keep-alive connections for requests at once (default 16; watches and log follows are extra) */
  maxConnections?: number
  /** timeout of non-streaming requests in ms (default 60 000; 0 disables) */
  timeoutMs?: number
  /** kubeconfig context this was resolved from (informational, for the CLI) */
  context?: string
}
