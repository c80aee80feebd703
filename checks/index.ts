// The check registry: one import per file under checks/<area>/. A test keeps it complete.
import type {CheckDefinition} from '../src/audit/types.js'
import albHttpsOnly from './alb/alb-https-only.js'
import albMultiAz from './alb/alb-multi-az.js'
import auroraAuditLogging from './aurora/aurora-audit-logging.js'
import auroraBackup from './aurora/aurora-backup.js'
import auroraDeletionProtection from './aurora/aurora-deletion-protection.js'
import auroraEncryption from './aurora/aurora-encryption.js'
import auroraEngine from './aurora/aurora-engine.js'
import auroraInstances from './aurora/aurora-instances.js'
import auroraLogExports from './aurora/aurora-log-exports.js'
import auroraMaintenanceWindow from './aurora/aurora-maintenance-window.js'
import auroraParametersApplied from './aurora/aurora-parameters-applied.js'
import auroraParameters from './aurora/aurora-parameters.js'
import cloudfrontApiBehaviour from './cloudfront/cloudfront-api-behaviour.js'
import cloudfrontCachePolicy from './cloudfront/cloudfront-cache-policy.js'
import cloudfrontCertificate from './cloudfront/cloudfront-certificate.js'
import cloudfrontOriginHttps from './cloudfront/cloudfront-origin-https.js'
import cloudfrontOriginName from './cloudfront/cloudfront-origin-name.js'
import cloudfrontOrigin from './cloudfront/cloudfront-origin.js'
import cloudfrontPriceClass from './cloudfront/cloudfront-price-class.js'
import cloudfrontViewerHttps from './cloudfront/cloudfront-viewer-https.js'
import costBudget from './cost/cost-budget.js'
import ecrImmutableTags from './ecr/ecr-immutable-tags.js'
import ecrRepositories from './ecr/ecr-repositories.js'
import ecrScanOnPush from './ecr/ecr-scan-on-push.js'
import eksCluster from './eks/eks-cluster.js'
import eksEndpoint from './eks/eks-endpoint.js'
import eksLogging from './eks/eks-logging.js'
import eksOperatorAccess from './eks/eks-operator-access.js'
import eksPublicEndpointCidrs from './eks/eks-public-endpoint-cidrs.js'
import eksSecretsEncryption from './eks/eks-secrets-encryption.js'
import eksSupportType from './eks/eks-support-type.js'
import eksSupportedVersion from './eks/eks-supported-version.js'
import eksVersion from './eks/eks-version.js'
import fargateProfiles from './eks/fargate-profiles.js'
import auditRunner from './iam/audit-runner.js'
import iamRoles from './iam/iam-roles.js'
import kmsKey from './kms/kms-key.js'
import kmsRotation from './kms/kms-rotation.js'
import defaultSgClosed from './network/default-sg-closed.js'
import natPerAz from './network/nat-per-az.js'
import noOpenIngress from './network/no-open-ingress.js'
import region from './network/region.js'
import subnetLayout from './network/subnet-layout.js'
import subnetRoutes from './network/subnet-routes.js'
import vpcCidr from './network/vpc-cidr.js'
import vpcDns from './network/vpc-dns.js'
import vpcFlowLogsDeliver from './network/vpc-flow-logs-deliver.js'
import vpcFlowLogs from './network/vpc-flow-logs.js'
import s3Encryption from './s3/s3-encryption.js'
import s3Lifecycle from './s3/s3-lifecycle.js'
import s3PublicAccessBlock from './s3/s3-public-access-block.js'
import s3Replication from './s3/s3-replication.js'
import s3TlsOnly from './s3/s3-tls-only.js'
import s3Versioning from './s3/s3-versioning.js'
import albReachesPods from './security-groups/alb-reaches-pods.js'
import podsReachAurora from './security-groups/pods-reach-aurora.js'
import sgAlbRules from './security-groups/sg-alb-rules.js'
import sgEksRules from './security-groups/sg-eks-rules.js'
import sgRdsRules from './security-groups/sg-rds-rules.js'
import veleroBackup from './velero/velero-backup.js'
import wafAttached from './waf/waf-attached.js'
import wafLogging from './waf/waf-logging.js'
import wafManagedRules from './waf/waf-managed-rules.js'
import wafNoBypass from './waf/waf-no-bypass.js'
import wafRateLimit from './waf/waf-rate-limit.js'

export const CHECKS: readonly CheckDefinition[] = [
  albHttpsOnly,
  albMultiAz,
  auroraAuditLogging,
  auroraBackup,
  auroraDeletionProtection,
  auroraEncryption,
  auroraEngine,
  auroraInstances,
  auroraLogExports,
  auroraMaintenanceWindow,
  auroraParametersApplied,
  auroraParameters,
  cloudfrontApiBehaviour,
  cloudfrontCachePolicy,
  cloudfrontCertificate,
  cloudfrontOriginHttps,
  cloudfrontOriginName,
  cloudfrontOrigin,
  cloudfrontPriceClass,
  cloudfrontViewerHttps,
  costBudget,
  ecrImmutableTags,
  ecrRepositories,
  ecrScanOnPush,
  eksCluster,
  eksEndpoint,
  eksLogging,
  eksOperatorAccess,
  eksPublicEndpointCidrs,
  eksSecretsEncryption,
  eksSupportType,
  eksSupportedVersion,
  eksVersion,
  fargateProfiles,
  iamRoles,
  auditRunner,
  kmsKey,
  kmsRotation,
  defaultSgClosed,
  natPerAz,
  noOpenIngress,
  region,
  subnetLayout,
  subnetRoutes,
  vpcCidr,
  vpcDns,
  vpcFlowLogs,
  vpcFlowLogsDeliver,
  s3Encryption,
  s3Lifecycle,
  s3PublicAccessBlock,
  s3Replication,
  s3TlsOnly,
  s3Versioning,
  albReachesPods,
  podsReachAurora,
  sgAlbRules,
  sgEksRules,
  sgRdsRules,
  veleroBackup,
  wafAttached,
  wafLogging,
  wafManagedRules,
  wafNoBypass,
  wafRateLimit,
]
