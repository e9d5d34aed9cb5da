/**
 * Test fixture: a Deployment that uses nearly every pod and container field people write (see also
 * fixtures-docs.ts). It must have zero unknown fields. Not used at runtime.
 */

/** A Deployment whose pod template uses nearly every commonly written pod and container field. */
export const kitchenSinkDeployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {
    name: 'shop',
    namespace: 'prod',
    labels: {'app.kubernetes.io/name': 'shop', 'app.kubernetes.io/part-of': 'store'},
    annotations: {'kubectl.kubernetes.io/last-applied-configuration': '{}', 'deployment.kubernetes.io/revision': '3'},
    finalizers: ['example.com/protect'],
  },
  spec: {
    replicas: 3,
    minReadySeconds: 5,
    revisionHistoryLimit: 5,
    progressDeadlineSeconds: 300,
    paused: false,
    selector: {matchLabels: {'app.kubernetes.io/name': 'shop'}, matchExpressions: [{key: 'tier', operator: 'In', values: ['web', 'api']}]},
    strategy: {type: 'RollingUpdate', rollingUpdate: {maxSurge: 1, maxUnavailable: '25%'}},
    template: {
      metadata: {labels: {'app.kubernetes.io/name': 'shop', tier: 'web'}, annotations: {'prometheus.io/scrape': 'true'}},
      spec: {
        serviceAccountName: 'shop',
        automountServiceAccountToken: false,
        imagePullSecrets: [{name: 'registry-creds'}],
        priorityClassName: 'high',
        terminationGracePeriodSeconds: 45,
        restartPolicy: 'Always',
        dnsPolicy: 'None',
        dnsConfig: {nameservers: ['10.96.0.10'], searches: ['prod.svc.cluster.local'], options: [{name: 'ndots', value: '2'}, {name: 'edns0'}]},
        hostAliases: [{ip: '10.1.2.3', hostnames: ['db.internal', 'db']}],
        hostname: 'shop',
        subdomain: 'shop-headless',
        shareProcessNamespace: true,
        enableServiceLinks: false,
        runtimeClassName: 'runc',
        os: {name: 'linux'},
        nodeSelector: {'kubernetes.io/os': 'linux'},
        securityContext: {
          runAsUser: 1000, runAsGroup: 3000, runAsNonRoot: true, fsGroup: 2000, fsGroupChangePolicy: 'OnRootMismatch', supplementalGroups: [4000],
          seccompProfile: {type: 'RuntimeDefault'}, sysctls: [{name: 'net.ipv4.ip_local_port_range', value: '1024 65535'}],
          seLinuxOptions: {level: 's0:c123,c456'}, appArmorProfile: {type: 'RuntimeDefault'},
        },
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [{matchExpressions: [{key: 'topology.kubernetes.io/zone', operator: 'In', values: ['eu-1a', 'eu-1b']}]}]},
            preferredDuringSchedulingIgnoredDuringExecution: [{weight: 50, preference: {matchExpressions: [{key: 'disktype', operator: 'In', values: ['ssd']}]}}],
          },
          podAffinity: {requiredDuringSchedulingIgnoredDuringExecution: [{labelSelector: {matchLabels: {app: 'cache'}}, topologyKey: 'topology.kubernetes.io/zone'}]},
          podAntiAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
              {weight: 100, podAffinityTerm: {labelSelector: {matchExpressions: [{key: 'app.kubernetes.io/name', operator: 'In', values: ['shop']}]}, topologyKey: 'kubernetes.io/hostname', matchLabelKeys: ['pod-template-hash']}},
            ],
          },
        },
        tolerations: [
          {key: 'dedicated', operator: 'Equal', value: 'shop', effect: 'NoSchedule'},
          {key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 60},
        ],
        topologySpreadConstraints: [{maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: {matchLabels: {'app.kubernetes.io/name': 'shop'}}, minDomains: 2}],
        readinessGates: [{conditionType: 'example.com/load-balancer-ready'}],
        initContainers: [
          {name: 'migrate', image: 'registry.example.com/shop-migrate:3.2.1', command: ['/bin/migrate'], args: ['--to', 'latest'], envFrom: [{secretRef: {name: 'db-credentials'}}]},
          {name: 'log-shipper', image: 'fluent/fluent-bit:3.0', restartPolicy: 'Always', volumeMounts: [{name: 'logs', mountPath: '/var/log/shop', readOnly: true}]},
        ],
        containers: [
          {
            name: 'web',
            image: 'registry.example.com/shop:3.2.1',
            imagePullPolicy: 'IfNotPresent',
            command: ['/app/server'],
            args: ['--port=8080', '--metrics-port=9090'],
            workingDir: '/app',
            ports: [{name: 'http', containerPort: 8080, protocol: 'TCP'}, {name: 'metrics', containerPort: 9090}, {containerPort: 5353, protocol: 'UDP', hostPort: 5353, hostIP: '0.0.0.0'}],
            env: [
              {name: 'MODE', value: 'production'},
              {name: 'POD_NAME', valueFrom: {fieldRef: {fieldPath: 'metadata.name'}}},
              {name: 'POD_IP', valueFrom: {fieldRef: {apiVersion: 'v1', fieldPath: 'status.podIP'}}},
              {name: 'CPU_LIMIT', valueFrom: {resourceFieldRef: {containerName: 'web', resource: 'limits.cpu', divisor: '1m'}}},
              {name: 'LOG_LEVEL', valueFrom: {configMapKeyRef: {name: 'shop-config', key: 'log-level', optional: true}}},
              {name: 'DB_PASSWORD', valueFrom: {secretKeyRef: {name: 'db-credentials', key: 'password'}}},
            ],
            envFrom: [{configMapRef: {name: 'shop-config'}, prefix: 'SHOP_'}, {secretRef: {name: 'shop-secrets', optional: true}}],
            resources: {requests: {cpu: '250m', memory: '256Mi', 'ephemeral-storage': '1Gi'}, limits: {cpu: 1, memory: '512Mi'}},
            resizePolicy: [{resourceName: 'cpu', restartPolicy: 'NotRequired'}],
            volumeMounts: [
              {name: 'config', mountPath: '/etc/shop', readOnly: true},
              {name: 'cache', mountPath: '/var/cache/shop'},
              {name: 'logs', mountPath: '/var/log/shop', subPathExpr: '$(POD_NAME)'},
              {name: 'tls', mountPath: '/etc/tls/tls.crt', subPath: 'tls.crt', readOnly: true, recursiveReadOnly: 'IfPossible'},
              {name: 'host-run', mountPath: '/host/run', mountPropagation: 'HostToContainer'},
            ],
            livenessProbe: {httpGet: {path: '/healthz', port: 'http', scheme: 'HTTP', httpHeaders: [{name: 'X-Probe', value: 'liveness'}]}, initialDelaySeconds: 10, periodSeconds: 20, timeoutSeconds: 2, failureThreshold: 3},
            readinessProbe: {tcpSocket: {port: 8080}, periodSeconds: 5, successThreshold: 2},
            startupProbe: {exec: {command: ['cat', '/tmp/started']}, failureThreshold: 30, periodSeconds: 2, terminationGracePeriodSeconds: 10},
            lifecycle: {postStart: {exec: {command: ['/bin/sh', '-c', 'echo started']}}, preStop: {sleep: {seconds: 5}}},
            securityContext: {
              allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, runAsUser: 1000, privileged: false,
              capabilities: {drop: ['ALL'], add: ['NET_BIND_SERVICE']}, seccompProfile: {type: 'Localhost', localhostProfile: 'profiles/shop.json'},
            },
            terminationMessagePath: '/dev/termination-log',
            terminationMessagePolicy: 'FallbackToLogsOnError',
          },
          {
            name: 'grpc-sidecar',
            image: 'registry.example.com/grpc-proxy:1.0',
            ports: [{containerPort: 50051}],
            livenessProbe: {grpc: {port: 50051, service: 'health'}},
            lifecycle: {preStop: {httpGet: {path: '/drain', port: 50052, host: '127.0.0.1'}}},
            stdin: true,
            stdinOnce: false,
            tty: true,
          },
        ],
        volumes: [
          {name: 'config', configMap: {name: 'shop-config', defaultMode: 0o440, items: [{key: 'app.yaml', path: 'app.yaml', mode: 0o400}], optional: false}},
          {name: 'tls', secret: {secretName: 'shop-tls', defaultMode: 0o400}},
          {name: 'cache', emptyDir: {medium: 'Memory', sizeLimit: '128Mi'}},
          {name: 'logs', emptyDir: {}},
          {name: 'host-run', hostPath: {path: '/run', type: 'Directory'}},
          {name: 'podinfo', downwardAPI: {items: [{path: 'labels', fieldRef: {fieldPath: 'metadata.labels'}}, {path: 'cpu_limit', resourceFieldRef: {containerName: 'web', resource: 'limits.cpu'}}]}},
          {
            name: 'all-in-one',
            projected: {
              defaultMode: 0o444,
              sources: [
                {secret: {name: 'shop-secrets', items: [{key: 'username', path: 'my-group/my-username'}]}},
                {configMap: {name: 'shop-config', optional: true}},
                {downwardAPI: {items: [{path: 'namespace', fieldRef: {fieldPath: 'metadata.namespace'}}]}},
                {serviceAccountToken: {audience: 'vault', expirationSeconds: 3600, path: 'vault-token'}},
              ],
            },
          },
          {name: 'data', persistentVolumeClaim: {claimName: 'shop-data', readOnly: false}},
          {name: 'shared', nfs: {server: 'nfs.example.com', path: '/exports/shop', readOnly: true}},
          {name: 'secrets-store', csi: {driver: 'secrets-store.csi.k8s.io', readOnly: true, volumeAttributes: {secretProviderClass: 'shop'}}},
          {
            name: 'scratch',
            ephemeral: {volumeClaimTemplate: {metadata: {labels: {type: 'scratch'}}, spec: {accessModes: ['ReadWriteOnce'], storageClassName: 'fast', resources: {requests: {storage: '1Gi'}}}}},
          },
          {name: 'model', image: {reference: 'registry.example.com/models/bert:1', pullPolicy: 'IfNotPresent'}},
        ],
      },
    },
  },
}
