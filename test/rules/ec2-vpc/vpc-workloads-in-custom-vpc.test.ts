import rule from '../../../rules/ec2-vpc/vpc-workloads-in-custom-vpc.js';
import { RuleTester } from '../../rule-tester.js';

const vpcs = [
  { VpcId: 'vpc-default', IsDefault: true },
  { VpcId: 'vpc-app', IsDefault: false },
];
const platforms = (...values: string[]) => ({
  AttributeName: 'supported-platforms',
  AttributeValues: values.map((AttributeValue) => ({ AttributeValue })),
});
const inst = (id: string, VpcId: string | undefined, state = 'running') => ({ InstanceId: id, State: { Name: state }, ...(VpcId ? { VpcId } : {}) });

RuleTester.run(rule, {
  valid: [
    {
      name: 'instances and interfaces in a custom VPC; the default VPC unused (info only)',
      snapshot: {
        ec2: {
          accountAttributes: [platforms('VPC'), { AttributeName: 'default-vpc', AttributeValues: [{ AttributeValue: 'vpc-default' }] }],
          vpcs,
          instances: [inst('i-1', 'vpc-app')],
          networkInterfaces: [{ NetworkInterfaceId: 'eni-alb', VpcId: 'vpc-app', InterfaceType: 'interface', Status: 'in-use', Description: 'ELB app/web/1' }],
        },
      },
    },
    {
      name: 'a stopped instance or a detached interface in the default VPC is no workload',
      notApplicable: true,
      snapshot: {
        ec2: {
          vpcs,
          instances: [inst('i-stopped', 'vpc-default', 'stopped')],
          networkInterfaces: [{ NetworkInterfaceId: 'eni-free', VpcId: 'vpc-default', Status: 'available' }],
        },
      },
    },
  ],
  invalid: [
    {
      name: 'a running instance in the default VPC warns; one in a custom VPC passes',
      snapshot: { ec2: { vpcs, instances: [inst('i-web', 'vpc-default'), inst('i-app', 'vpc-app')] } },
      findings: [{ status: 'warn', severity: 'low', resource: 'i-web', message: /default VPC vpc-default/ }],
      passes: ['i-app'],
    },
    {
      name: 'RDS, load balancer and Lambda interfaces in the default VPC warn once for the VPC',
      snapshot: {
        ec2: {
          vpcs,
          networkInterfaces: [
            { NetworkInterfaceId: 'eni-rds', VpcId: 'vpc-default', InterfaceType: 'interface', Status: 'in-use', RequesterManaged: true, Description: 'RDSNetworkInterface' },
            { NetworkInterfaceId: 'eni-fn', VpcId: 'vpc-default', InterfaceType: 'lambda', Status: 'in-use', RequesterManaged: true },
            { NetworkInterfaceId: 'eni-i', VpcId: 'vpc-default', Status: 'in-use', Attachment: { InstanceId: 'i-gone' } },
          ],
        },
      },
      findings: [{ status: 'warn', resource: 'vpc-default', message: /2 non-instance network interface/, evidence: { networkInterfaces: ['eni-rds (interface: RDSNetworkInterface)', 'eni-fn (lambda)'] } }],
    },
    {
      name: 'an instance without a VPC is an EC2-Classic remnant (fail high); EC2 in supported-platforms is info',
      snapshot: { ec2: { accountAttributes: [platforms('EC2', 'VPC')], vpcs: [], instances: [inst('i-classic', undefined, 'stopped')] } },
      findings: [
        { status: 'fail', severity: 'high', resource: 'i-classic', message: /EC2-Classic remnant/ },
        { status: 'info', message: /still lists EC2-Classic/ },
      ],
    },
    {
      name: 'an unused default VPC is info, per region',
      snapshot: {
        meta: { regions: ['us-east-1', 'eu-west-1'] },
        ec2: {
          vpcs: [
            { VpcId: 'vpc-d1', IsDefault: true, Region: 'us-east-1' },
            { VpcId: 'vpc-d2', IsDefault: true, Region: 'eu-west-1' },
          ],
          instances: [{ ...inst('i-1', 'vpc-d1'), Region: 'us-east-1' }],
        },
      },
      findings: [
        { status: 'warn', resource: 'i-1' },
        { status: 'info', resource: 'vpc-d2', region: 'eu-west-1', message: /unused/ },
      ],
    },
  ],
});
