/**
 * The catalogue of logical resources: every resource the tool owns is declared here once, with
 * its logical id, its AWS type and the type of the outputs its dependents read. Layers, the
 * engine's `needs`, output references, the audit inventory and the checks all name resources
 * through these keys, so a typo or a renamed resource fails to compile.
 *
 * A logical id is also the value of the `platform:logical-id` tag on the live resource, by
 * which a re-run finds what an earlier run made: never change an existing id.
 */

/** The availability zones of the design (section 3.2), as suffixes of the primary region. */
export const ZONES = ['1a', '1c', '1d'] as const
export type Zone = (typeof ZONES)[number]
export type Tier = 'public' | 'private'
export type SubnetKey = `${Tier}-${Zone}`
export const PUBLIC_SUBNETS = ZONES.map((z): SubnetKey => `public-${z}`)
export const PRIVATE_SUBNETS = ZONES.map((z): SubnetKey => `private-${z}`)
export const SUBNET_KEYS = [...PUBLIC_SUBNETS, ...PRIVATE_SUBNETS] as const

/** The security groups of section 3.3. */
export const SECURITY_GROUP_KEYS = ['alb', 'eks', 'rds'] as const
export type SecurityGroupKey = (typeof SECURITY_GROUP_KEYS)[number]

/** The route tables: one public, one private per AZ (each private one routes through its AZ's NAT). */
export type RouteTableName = 'public' | `private-${Zone}`

export type BucketRole = 'models' | 'data' | 'logs'
export type Workload = 'api' | 'ml' | 'worker'

/** CloudFormation-style type names: what a finding and a plan line call the resource. */
export const RESOURCE_TYPES = {
  vpc: 'AWS::EC2::VPC',
  internetGateway: 'AWS::EC2::InternetGateway',
  subnet: 'AWS::EC2::Subnet',
  elasticIp: 'AWS::EC2::EIP',
  natGateway: 'AWS::EC2::NatGateway',
  routeTable: 'AWS::EC2::RouteTable',
  securityGroup: 'AWS::EC2::SecurityGroup',
  /** Not a CloudFormation type: the rule set of one group, reconciled as a set. */
  securityGroupRules: 'AWS::EC2::SecurityGroupRules',
  flowLog: 'AWS::EC2::FlowLog',
  logGroup: 'AWS::Logs::LogGroup',
  kmsKey: 'AWS::KMS::Key',
  iamRole: 'AWS::IAM::Role',
  oidcProvider: 'AWS::IAM::OIDCProvider',
  eksCluster: 'AWS::EKS::Cluster',
  fargateProfile: 'AWS::EKS::FargateProfile',
  dbSubnetGroup: 'AWS::RDS::DBSubnetGroup',
  dbClusterParameterGroup: 'AWS::RDS::DBClusterParameterGroup',
  dbCluster: 'AWS::RDS::DBCluster',
  dbInstance: 'AWS::RDS::DBInstance',
  bucket: 'AWS::S3::Bucket',
  repository: 'AWS::ECR::Repository',
  certificate: 'AWS::CertificateManager::Certificate',
  loadBalancer: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
  targetGroup: 'AWS::ElasticLoadBalancingV2::TargetGroup',
  listener: 'AWS::ElasticLoadBalancingV2::Listener',
  webAcl: 'AWS::WAFv2::WebACL',
  wafLogging: 'AWS::WAFv2::LoggingConfiguration',
  distribution: 'AWS::CloudFront::Distribution',
  accessEntry: 'AWS::EKS::AccessEntry',
  secret: 'AWS::SecretsManager::Secret',
  listenerRule: 'AWS::ElasticLoadBalancingV2::ListenerRule',
  dnsRecord: 'AWS::Route53::RecordSet',
  backupVault: 'AWS::Backup::BackupVault',
  backupPlan: 'AWS::Backup::BackupPlan',
  backupSelection: 'AWS::Backup::BackupSelection',
} as const
export type ResourceType = (typeof RESOURCE_TYPES)[keyof typeof RESOURCE_TYPES]

/** What a resource offers its dependents (ids, ARNs, names), as strings. */
export type ResourceOutputs = Record<string, string>

/**
 * A typed name for one logical resource. `O` is a phantom: it types the outputs that
 * `ctx.need(key)` and `ctx.ref(key)` return, and is never set at run time.
 */
export interface ResourceKey<O extends ResourceOutputs = ResourceOutputs> {
  readonly id: string
  readonly type: ResourceType
  readonly __outputs?: O
}

const key = <O extends ResourceOutputs>(id: string, type: ResourceType): ResourceKey<O> => ({id, type})

export type IdOutputs = {id: string}
export type ArnOutputs = {arn: string}
export type RoleOutputs = {arn: string; name: string}
export type KeyOutputs = {id: string; arn: string}
export type LogGroupOutputs = {name: string; arn: string}
export type CertificateOutputs = {arn: string; status: string; validation: string}
export type BucketOutputs = {name: string; arn: string; region: string}
export type DbClusterOutputs = {id: string; arn: string; endpoint: string; secretArn: string}
export type DistributionOutputs = {id: string; arn: string; domainName: string}
export type ClusterOutputs = {name: string; arn: string; oidcIssuer: string; endpoint: string}

export const RESOURCES = {
  vpc: key<IdOutputs>('network/vpc', RESOURCE_TYPES.vpc),
  internetGateway: key<IdOutputs>('network/igw', RESOURCE_TYPES.internetGateway),
  subnet: (k: SubnetKey) => key<{id: string; az: string}>(`network/subnet/${k}`, RESOURCE_TYPES.subnet),
  elasticIp: (zone: Zone) => key<{allocationId: string}>(`network/eip/${zone}`, RESOURCE_TYPES.elasticIp),
  natGateway: (zone: Zone) => key<IdOutputs>(`network/nat/${zone}`, RESOURCE_TYPES.natGateway),
  routeTable: (name: RouteTableName) => key<IdOutputs>(`network/rt/${name}`, RESOURCE_TYPES.routeTable),
  defaultSecurityGroup: key<IdOutputs>('network/default-sg', RESOURCE_TYPES.securityGroup),
  flowLogRole: key<RoleOutputs>('network/flow-log-role', RESOURCE_TYPES.iamRole),
  flowLogGroup: key<LogGroupOutputs>('network/flow-log-group', RESOURCE_TYPES.logGroup),
  flowLog: key<IdOutputs>('network/flow-log', RESOURCE_TYPES.flowLog),

  securityGroup: (k: SecurityGroupKey) => key<IdOutputs>(`security-groups/${k}`, RESOURCE_TYPES.securityGroup),
  securityGroupRules: (k: SecurityGroupKey) =>
    key<{groupId: string}>(`security-groups/${k}/rules`, RESOURCE_TYPES.securityGroupRules),

  kmsKey: key<KeyOutputs>('kms/key', RESOURCE_TYPES.kmsKey),
  drKmsKey: key<KeyOutputs>('kms/dr-key', RESOURCE_TYPES.kmsKey),
  evidenceSigningKey: key<KeyOutputs>('kms/evidence-signing-key', RESOURCE_TYPES.kmsKey),

  clusterRole: key<RoleOutputs>('iam/eks-cluster-role', RESOURCE_TYPES.iamRole),
  podExecutionRole: key<RoleOutputs>('iam/fargate-pod-execution-role', RESOURCE_TYPES.iamRole),
  replicationRole: key<RoleOutputs>('iam/s3-replication-role', RESOURCE_TYPES.iamRole),

  eksCluster: key<ClusterOutputs>('eks/cluster', RESOURCE_TYPES.eksCluster),
  /** One per configured admin role, by the role's name (unique in an account). */
  accessEntry: (roleName: string) => key<ArnOutputs>(`eks/access-entry/${roleName}`, RESOURCE_TYPES.accessEntry),
  fargateProfile: (name: string) => key<ArnOutputs>(`eks/fargate/${name}`, RESOURCE_TYPES.fargateProfile),

  dbSubnetGroup: key<{name: string}>('aurora/subnet-group', RESOURCE_TYPES.dbSubnetGroup),
  dbParameterGroup: key<{name: string}>('aurora/parameter-group', RESOURCE_TYPES.dbClusterParameterGroup),
  dbCluster: key<DbClusterOutputs>('aurora/cluster', RESOURCE_TYPES.dbCluster),
  /** Instances are numbered from 1: the first is the writer. */
  dbInstance: (n: number) => key<{id: string; az: string}>(`aurora/instance-${n}`, RESOURCE_TYPES.dbInstance),

  bucket: (role: BucketRole) => key<BucketOutputs>(`s3/${role}`, RESOURCE_TYPES.bucket),
  replicaBucket: (role: BucketRole) => key<BucketOutputs>(`s3/${role}-replica`, RESOURCE_TYPES.bucket),

  repository: (workload: Workload) => key<{arn: string; uri: string}>(`ecr/${workload}`, RESOURCE_TYPES.repository),

  regionalCertificate: key<CertificateOutputs>('certificates/regional', RESOURCE_TYPES.certificate),
  cloudfrontCertificate: key<CertificateOutputs>('certificates/cloudfront', RESOURCE_TYPES.certificate),

  loadBalancer: key<{arn: string; dnsName: string; hostedZoneId: string}>(
    'alb/load-balancer',
    RESOURCE_TYPES.loadBalancer,
  ),
  targetGroup: key<ArnOutputs>('alb/target-group', RESOURCE_TYPES.targetGroup),
  listener: (port: 80 | 443) => key<ArnOutputs>(`alb/listener-${port}`, RESOURCE_TYPES.listener),
  /** albOriginLockdown only: the secret CloudFront sends and the listener checks (digest only, never the value). */
  originSecret: key<{arn: string; digest: string}>('alb/origin-secret', RESOURCE_TYPES.secret),
  originRule: key<ArnOutputs>('alb/origin-rule', RESOURCE_TYPES.listenerRule),

  webAcl: key<KeyOutputs>('waf/web-acl', RESOURCE_TYPES.webAcl),
  wafLogGroup: key<LogGroupOutputs>('waf/log-group', RESOURCE_TYPES.logGroup),
  wafLogging: key<ArnOutputs>('waf/logging', RESOURCE_TYPES.wafLogging),

  distribution: key<DistributionOutputs>('cloudfront/distribution', RESOURCE_TYPES.distribution),

  /** Only with a configured hosted zone: the ALB's origin name, and the viewer name of CloudFront. */
  originRecord: key<{name: string}>('dns/origin', RESOURCE_TYPES.dnsRecord),
  viewerRecord: key<{name: string}>('dns/viewer', RESOURCE_TYPES.dnsRecord),

  oidcProvider: key<ArnOutputs>('velero/oidc-provider', RESOURCE_TYPES.oidcProvider),
  veleroBucket: key<BucketOutputs>('velero/bucket', RESOURCE_TYPES.bucket),
  veleroRole: key<RoleOutputs>('velero/role', RESOURCE_TYPES.iamRole),
  /** IRSA role of the AWS Load Balancer Controller: registers the API pods' IPs in the ip target group. */
  lbControllerRole: key<RoleOutputs>('velero/lb-controller-role', RESOURCE_TYPES.iamRole),

  /** environments.ENV.auditRunner only (issue 13): the nightly audit's IRSA role in this cluster. */
  auditRunnerRole: key<RoleOutputs>('audit-runner/role', RESOURCE_TYPES.iamRole),

  /** auroraDrBackup only (issue 15): AWS Backup of the Aurora cluster, locked vaults here and in the DR region. */
  backupRole: key<RoleOutputs>('backup/role', RESOURCE_TYPES.iamRole),
  backupVault: key<{name: string; arn: string}>('backup/vault', RESOURCE_TYPES.backupVault),
  drBackupVault: key<{name: string; arn: string}>('backup/dr-vault', RESOURCE_TYPES.backupVault),
  backupPlan: key<{id: string; arn: string}>('backup/plan', RESOURCE_TYPES.backupPlan),
  backupSelection: key<{id: string}>('backup/selection', RESOURCE_TYPES.backupSelection),
} as const
