import {GetCallerIdentityCommand, STSClient} from '@aws-sdk/client-sts'
import type {AwsAccess} from './clients.js'
import {toPlatformError} from './errors.js'

export interface CallerIdentity {
  account: string
  arn: string
}

export async function callerIdentity(aws: AwsAccess, region: string): Promise<CallerIdentity> {
  try {
    const res = await aws.client(STSClient, region).send(new GetCallerIdentityCommand({}))
    return {account: res.Account ?? 'unknown', arn: res.Arn ?? 'unknown'}
  } catch (err) {
    throw toPlatformError(err, 'Checking the caller identity (sts:GetCallerIdentity)')
  }
}
