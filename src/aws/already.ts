/**
 * "It is already there": the codes with which AWS refuses a create, an association or a rule
 * authorisation because what was asked for exists. After a lost response and a retry (ours
 * or an earlier run's) they are the expected answer, never a reason to stop: the create path
 * reads what exists through `find` (reconcile/create.ts); an association or a rule that
 * exists is the state that was asked for. Codes: the EC2 API error reference
 * (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html), IAM
 * (EntityAlreadyExists), S3 (BucketAlreadyOwnedByYou), and the services' API references.
 */
import {errorCode} from './errors.js'

export const ALREADY_THERE_CODES: Record<string, string> = {
  'InvalidSubnet.Conflict': 'EC2: a subnet with this CIDR block exists in the VPC',
  'InvalidGroup.Duplicate': 'EC2: a security group with this name exists in the VPC',
  'InvalidPermission.Duplicate': 'EC2: the security group rule exists',
  RouteAlreadyExists: 'EC2: the route exists in the route table',
  'Resource.AlreadyAssociated': 'EC2: the association (route table, gateway, address) exists',
  EntityAlreadyExists: 'IAM: a role, policy or OIDC provider with this name exists',
  BucketAlreadyOwnedByYou: 'S3: the bucket exists and is ours',
  AlreadyExistsException: 'KMS: the alias exists',
  ResourceAlreadyExistsException: 'CloudWatch Logs: the log group exists',
  RepositoryAlreadyExistsException: 'ECR: the repository exists',
  DBClusterAlreadyExistsFault: 'RDS: the cluster exists',
  DBInstanceAlreadyExists: 'RDS: the instance exists',
  DBSubnetGroupAlreadyExists: 'RDS: the subnet group exists',
  DBParameterGroupAlreadyExists: 'RDS: the parameter group exists',
  ResourceInUseException: 'EKS: the cluster or Fargate profile exists',
  DuplicateLoadBalancerName: 'ELB: the load balancer exists',
  DuplicateTargetGroupName: 'ELB: the target group exists',
  DuplicateListener: 'ELB: the listener exists',
  WAFDuplicateItemException: 'WAF: the web ACL exists',
  DistributionAlreadyExists: 'CloudFront: the distribution exists',
}

export function isAlreadyThere(err: unknown): boolean {
  return errorCode(err) in ALREADY_THERE_CODES
}

/**
 * Runs an association or authorisation whose "already there" answer is success: the
 * association or rule asked for exists. Any other failure is thrown.
 */
export async function unlessAlreadyThere<T>(call: Promise<T>): Promise<T | undefined> {
  try {
    return await call
  } catch (err) {
    if (isAlreadyThere(err)) return undefined
    throw err
  }
}
