// IAM for the AWS Load Balancer Controller: the IRSA trust policy (only the
// controller's service account may assume the role) and the controller's
// documented permission policy, written as grouped statements. Pure.
import { requireDnsLabel } from "../../checks";
import { InputError, requireMatch } from "../checks";

export const AWS_LB_CONTROLLER_NAMESPACE = "kube-system";
/** The service account the chart creates and the role trusts (the name the controller's docs use). */
export const AWS_LB_CONTROLLER_SERVICE_ACCOUNT = "aws-load-balancer-controller";
/** The audience EKS's pod identity webhook requests for IRSA tokens. */
export const IRSA_AUDIENCE = "sts.amazonaws.com";
/** The service-account annotation EKS's pod identity webhook reads. */
export const IRSA_ROLE_ANNOTATION = "eks.amazonaws.com/role-arn";

export interface IamPolicyStatement {
  Sid?: string;
  Effect: "Allow";
  Principal?: Record<string, string>;
  Action: string | string[];
  Resource?: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

export interface IamPolicyDocument {
  Version: "2012-10-17";
  Statement: IamPolicyStatement[];
}

export const PARTITION = /^aws(-[a-z-]+)?$/;
export const PARTITION_HINT = 'use "aws", "aws-cn" or "aws-us-gov"';
export const ISSUER = /^https:\/\/[a-z0-9.-]+(:\d+)?(\/[A-Za-z0-9._~%-]+)*\/?$/;
export const ISSUER_HINT = 'use the cluster\'s OIDC issuer URL, e.g. "https://oidc.eks.eu-central-2.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF"';
export const PROVIDER_ARN = /^arn:aws(-[a-z-]+)?:iam::\d{12}:oidc-provider\/[a-z0-9.-]+(:\d+)?(\/[A-Za-z0-9._~%-]+)*$/;
export const PROVIDER_ARN_HINT = 'use an IAM OIDC provider ARN such as "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-central-2.amazonaws.com/id/0123..."';

/** The issuer as IAM names it in condition keys and provider ARNs: without "https://" or a trailing "/". Pure. */
export function oidcIssuerHostPath(issuerUrl: string): string {
  return requireMatch("oidcIssuerUrl", issuerUrl, ISSUER, ISSUER_HINT).replace(/^https:\/\//, "").replace(/\/$/, "");
}

export interface IrsaTrustArgs {
  oidcProviderArn: string;
  oidcIssuerUrl: string;
  namespace?: string;
  serviceAccount?: string;
}

/**
 * The role's trust policy for IRSA (EKS user guide,
 * associate-service-account-role): web-identity tokens from the cluster's
 * issuer, for exactly one service account and the STS audience. Pure.
 */
export function irsaTrustPolicy(a: IrsaTrustArgs): IamPolicyDocument {
  const issuer = oidcIssuerHostPath(a.oidcIssuerUrl);
  const arn = requireMatch("oidcProviderArn", a.oidcProviderArn, PROVIDER_ARN, PROVIDER_ARN_HINT);
  // A provider for another cluster's issuer would make a role nobody can assume.
  const arnIssuer = arn.slice(arn.indexOf(":oidc-provider/") + ":oidc-provider/".length);
  if (arnIssuer !== issuer) {
    throw new InputError("oidcProviderArn", arn, `is the provider for "${arnIssuer}", not for the cluster's issuer "${issuer}"`, "use the IAM OIDC provider of this cluster's issuer, or leave oidcProviderArn unset to create one");
  }
  const namespace = requireDnsLabel("namespace", a.namespace ?? AWS_LB_CONTROLLER_NAMESPACE);
  const serviceAccount = requireDnsLabel("serviceAccount", a.serviceAccount ?? AWS_LB_CONTROLLER_SERVICE_ACCOUNT);
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Federated: arn },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: { StringEquals: { [`${issuer}:sub`]: `system:serviceaccount:${namespace}:${serviceAccount}`, [`${issuer}:aud`]: IRSA_AUDIENCE } },
      },
    ],
  };
}

/** The tag the controller puts on everything it creates (value: the cluster name). */
const CLUSTER_TAG = "elbv2.k8s.aws/cluster";
/** The resource already carries the controller's tag: the controller made it. */
const OWNED = { Null: { [`aws:ResourceTag/${CLUSTER_TAG}`]: "false" } };
/** The request sets the controller's tag: a create the controller will own. */
const CREATES_OWNED = { Null: { [`aws:RequestTag/${CLUSTER_TAG}`]: "false" } };
/** A tag change on an owned resource that leaves the ownership tag alone. */
const RETAGS_OWNED = { Null: { [`aws:RequestTag/${CLUSTER_TAG}`]: "true", [`aws:ResourceTag/${CLUSTER_TAG}`]: "false" } };

const ec2 = (...actions: string[]) => actions.map((a) => `ec2:${a}`);
const elb = (...actions: string[]) => actions.map((a) => `elasticloadbalancing:${a}`);
const allow = (Sid: string, Action: string[], Resource: string | string[], Condition?: IamPolicyStatement["Condition"]): IamPolicyStatement => ({
  Sid,
  Effect: "Allow",
  Action,
  Resource,
  ...(Condition ? { Condition } : {}),
});

/**
 * The controller's IAM policy: the same grants as its documented
 * docs/install/iam_policy.json (unchanged from v2.13.0 through v3.5.0), grouped by
 * purpose. Creates and destroys are limited to resources carrying the
 * controller's cluster tag, as upstream does. `partition` goes into the
 * ARNs ("aws-cn", "aws-us-gov" need their own). Pure.
 */
export function awsLoadBalancerControllerPolicy(partition = "aws"): IamPolicyDocument {
  requireMatch("partition", partition, PARTITION, PARTITION_HINT);
  const arn = (service: string, resource: string) => `arn:${partition}:${service}:*:*:${resource}`;
  const securityGroups = arn("ec2", "security-group/*");
  const balancersAndTargetGroups = ["targetgroup/*/*", "loadbalancer/net/*/*", "loadbalancer/app/*/*"].map((r) => arn("elasticloadbalancing", r));
  const listenersAndRules = ["listener/net/*/*/*", "listener/app/*/*/*", "listener-rule/net/*/*/*", "listener-rule/app/*/*/*"].map((r) => arn("elasticloadbalancing", r));
  return {
    Version: "2012-10-17",
    Statement: [
      // ELB creates its service-linked role with an account's first load balancer.
      allow("ElbServiceLinkedRole", ["iam:CreateServiceLinkedRole"], "*", { StringEquals: { "iam:AWSServiceName": "elasticloadbalancing.amazonaws.com" } }),
      // Read-only discovery: subnets by their kubernetes.io/role tags, the VPC,
      // the pods' ENIs (IP targets), security groups, and what it already made.
      allow(
        "Discover",
        [
          ...ec2(
            "DescribeAccountAttributes",
            "DescribeAddresses",
            "DescribeAvailabilityZones",
            "DescribeInternetGateways",
            "DescribeVpcs",
            "DescribeVpcPeeringConnections",
            "DescribeSubnets",
            "DescribeSecurityGroups",
            "DescribeInstances",
            "DescribeNetworkInterfaces",
            "DescribeTags",
            "GetCoipPoolUsage",
            "DescribeCoipPools",
            "GetSecurityGroupsForVpc",
            "DescribeIpamPools",
            "DescribeRouteTables",
          ),
          ...elb(
            "DescribeLoadBalancers",
            "DescribeLoadBalancerAttributes",
            "DescribeListeners",
            "DescribeListenerCertificates",
            "DescribeSSLPolicies",
            "DescribeRules",
            "DescribeTargetGroups",
            "DescribeTargetGroupAttributes",
            "DescribeTargetHealth",
            "DescribeTags",
            "DescribeTrustStores",
            "DescribeListenerAttributes",
            "DescribeCapacityReservation",
          ),
        ],
        "*",
      ),
      // Certificates (TLS listeners, NLB included), Cognito, WAF and Shield, which Ingress annotations can ask for.
      allow(
        "ListenerAddOns",
        [
          "cognito-idp:DescribeUserPoolClient",
          "acm:ListCertificates",
          "acm:DescribeCertificate",
          "iam:ListServerCertificates",
          "iam:GetServerCertificate",
          "waf-regional:GetWebACL",
          "waf-regional:GetWebACLForResource",
          "waf-regional:AssociateWebACL",
          "waf-regional:DisassociateWebACL",
          "wafv2:GetWebACL",
          "wafv2:GetWebACLForResource",
          "wafv2:AssociateWebACL",
          "wafv2:DisassociateWebACL",
          "shield:GetSubscriptionState",
          "shield:DescribeProtection",
          "shield:CreateProtection",
          "shield:DeleteProtection",
        ],
        "*",
      ),
      // The NLB gets a security group of its own, and the nodes' group
      // (not the controller's) must admit it: rules on any group.
      allow("SecurityGroupRules", ec2("AuthorizeSecurityGroupIngress", "RevokeSecurityGroupIngress"), "*"),
      allow("CreateSecurityGroup", ec2("CreateSecurityGroup"), "*"),
      allow("TagSecurityGroupOnCreate", ec2("CreateTags"), securityGroups, { StringEquals: { "ec2:CreateAction": "CreateSecurityGroup" }, ...CREATES_OWNED }),
      allow("RetagOwnSecurityGroups", ec2("CreateTags", "DeleteTags"), securityGroups, RETAGS_OWNED),
      allow("ManageOwnSecurityGroups", ec2("AuthorizeSecurityGroupIngress", "RevokeSecurityGroupIngress", "DeleteSecurityGroup"), "*", OWNED),
      // Load balancers and target groups only with the ownership tag in the request.
      allow("CreateOwnedBalancers", elb("CreateLoadBalancer", "CreateTargetGroup"), "*", CREATES_OWNED),
      allow("TagOnCreate", elb("AddTags"), balancersAndTargetGroups, { StringEquals: { "elasticloadbalancing:CreateAction": ["CreateTargetGroup", "CreateLoadBalancer"] }, ...CREATES_OWNED }),
      allow("ListenersAndRules", elb("CreateListener", "DeleteListener", "CreateRule", "DeleteRule"), "*"),
      allow("RetagOwnBalancers", elb("AddTags", "RemoveTags"), balancersAndTargetGroups, RETAGS_OWNED),
      allow("TagListenersAndRules", elb("AddTags", "RemoveTags"), listenersAndRules),
      // Changes to its own balancers; SetIpAddressType is what makes an NLB dualstack.
      allow(
        "ManageOwnBalancers",
        elb(
          "ModifyLoadBalancerAttributes",
          "SetIpAddressType",
          "SetSecurityGroups",
          "SetSubnets",
          "DeleteLoadBalancer",
          "ModifyTargetGroup",
          "ModifyTargetGroupAttributes",
          "DeleteTargetGroup",
          "ModifyListenerAttributes",
          "ModifyCapacityReservation",
          "ModifyIpPools",
        ),
        "*",
        OWNED,
      ),
      // IP targets: the pods' IPv6 addresses, registered as pods come and go.
      allow("Targets", elb("RegisterTargets", "DeregisterTargets"), arn("elasticloadbalancing", "targetgroup/*/*")),
      allow("ListenerSettings", elb("SetWebAcl", "ModifyListener", "AddListenerCertificates", "RemoveListenerCertificates", "ModifyRule", "SetRulePriorities"), "*"),
    ],
  };
}
