// EC2 instance types that cannot have an IPv6 address. Checked offline at
// preview (before any AWS call), then confirmed against the region's own
// answer (`ec2:DescribeInstanceTypes`, NetworkInfo.Ipv6Supported) by
// settings.ts, which also catches types missing from this list.
//
// Sources:
// - Amazon EC2 User Guide, "Amazon EC2 instance IP addressing"
//   (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/using-instance-addressing.html):
//   IPv6 is supported on all current generation instance types and on the
//   C3, R3 and I2 previous generation types.
// - EC2 DescribeInstanceTypes, NetworkInfo.Ipv6Supported = false for every
//   size of c1, m1, m2, m3 and t1 (and true for every other family listed),
//   as recorded in moto's instance_types.json snapshot (getmoto/moto,
//   moto/ec2/resources/instance_types.json, August 2026: 1373 types).
// - Retired families that were previous generation when VPC IPv6 launched
//   (December 2016) and are not among the C3/R3/I2 exceptions, so they never
//   had IPv6: cc1, cc2, cg1, cr1, hi1, hs1. AWS no longer lists them at all.

/** Instance families (the part before the dot) without IPv6 support. */
export const FAMILIES_WITHOUT_IPV6: readonly string[] = [
  // Still listed by DescribeInstanceTypes, with Ipv6Supported = false.
  "c1",
  "m1",
  "m2",
  "m3",
  "t1",
  // Retired; previous generation before VPC IPv6 existed.
  "cc1",
  "cc2",
  "cg1",
  "cr1",
  "hi1",
  "hs1",
];

/** "family.size", e.g. "t3.small", "m7i-flex.large", "u-6tb1.metal". */
export const INSTANCE_TYPE_PATTERN = /^[a-z][a-z0-9-]*\.[a-z0-9-]+$/;

export function instanceFamily(instanceType: string): string {
  return instanceType.split(".")[0];
}

export function lacksIpv6(instanceType: string): boolean {
  return FAMILIES_WITHOUT_IPV6.includes(instanceFamily(instanceType));
}
