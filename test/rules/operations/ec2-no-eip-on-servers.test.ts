import rule from '../../../rules/operations/ec2-no-eip-on-servers.js';
import { RuleTester } from '../../rule-tester.js';

const addr = (n: number, extra: Record<string, unknown> = {}) => ({
  PublicIp: `203.0.113.${n}`,
  AllocationId: `eipalloc-${n}`,
  AssociationId: `eipassoc-${n}`,
  Domain: 'vpc',
  ...extra,
});

RuleTester.run(rule, {
  valid: [
    {
      name: 'EIPs on a NAT gateway, an NLB and Global Accelerator interfaces',
      snapshot: {
        ec2: {
          addresses: [
            addr(1, { NetworkInterfaceId: 'eni-nat' }),
            addr(2, { NetworkInterfaceId: 'eni-nlb' }),
            addr(3, { NetworkInterfaceId: 'eni-ga' }),
          ],
          networkInterfaces: [
            { NetworkInterfaceId: 'eni-nat', InterfaceType: 'nat_gateway', Status: 'in-use' },
            { NetworkInterfaceId: 'eni-nlb', InterfaceType: 'network_load_balancer', Status: 'in-use' },
            { NetworkInterfaceId: 'eni-ga', InterfaceType: 'global_accelerator_managed', Status: 'in-use' },
          ],
        },
      },
    },
    {
      name: 'unassociated addresses are out of scope (ec2-eip-unassociated)',
      notApplicable: true,
      snapshot: { ec2: { addresses: [addr(4, { AssociationId: '', InstanceId: '' })] } },
    },
    {
      name: 'allow tag on the instance or on the address',
      snapshot: {
        ec2: {
          addresses: [addr(5, { InstanceId: 'i-nat' }), addr(6, { InstanceId: 'i-sftp', Tags: [{ Key: 'aws-tips:static-ip', Value: 'approved' }] })],
          instances: [
            { InstanceId: 'i-nat', State: { Name: 'running' }, Tags: [{ Key: 'aws-tips:static-ip', Value: 'Approved' }] },
            { InstanceId: 'i-sftp', State: { Name: 'running' } },
          ],
        },
      },
    },
  ],
  invalid: [
    {
      name: 'EIP on a standalone instance fails low',
      snapshot: {
        ec2: {
          addresses: [addr(10, { InstanceId: 'i-web', NetworkInterfaceId: 'eni-web' }), addr(11, { NetworkInterfaceId: 'eni-nat' })],
          networkInterfaces: [
            { NetworkInterfaceId: 'eni-web', InterfaceType: 'interface', Attachment: { InstanceId: 'i-web' } },
            { NetworkInterfaceId: 'eni-nat', InterfaceType: 'nat_gateway' },
          ],
          instances: [{ InstanceId: 'i-web', State: { Name: 'running' }, Tags: [{ Key: 'Name', Value: 'web' }] }],
        },
      },
      findings: [{ status: 'fail', severity: 'low', resource: 'eipalloc-10', message: '203.0.113.10 (eipalloc-10) is a static IP on server i-web' }],
      passes: ['eipalloc-11'],
    },
    {
      name: 'instance found through the ENI attachment when the address has no InstanceId (moto "")',
      snapshot: {
        ec2: {
          addresses: [addr(12, { InstanceId: '', NetworkInterfaceId: 'eni-12' })],
          networkInterfaces: [{ NetworkInterfaceId: 'eni-12', InterfaceType: 'interface', Attachment: { InstanceId: 'i-12' } }],
          instances: [{ InstanceId: 'i-12', State: { Name: 'running' } }],
        },
      },
      findings: [{ status: 'fail', severity: 'low', resource: 'eipalloc-12', message: 'server i-12' }],
    },
    {
      name: 'ASG member fails medium: the EIP will not follow replacements',
      snapshot: {
        ec2: {
          addresses: [addr(13, { InstanceId: 'i-asg' })],
          instances: [{ InstanceId: 'i-asg', State: { Name: 'running' }, Tags: [{ Key: 'aws:autoscaling:groupName', Value: 'web-asg' }] }],
        },
      },
      findings: [{ status: 'fail', severity: 'medium', resource: 'eipalloc-13', message: 'aws:autoscaling:groupName=web-asg' }],
    },
    {
      name: 'an allow tag with another value does not allow; a custom allowEipTag does',
      options: { allowEipTag: 'fixed-ip' },
      snapshot: {
        ec2: {
          addresses: [addr(14, { InstanceId: 'i-a' }), addr(15, { InstanceId: 'i-b' })],
          instances: [
            { InstanceId: 'i-a', State: { Name: 'running' }, Tags: [{ Key: 'aws-tips:static-ip', Value: 'approved' }] },
            { InstanceId: 'i-b', State: { Name: 'running' }, Tags: [{ Key: 'fixed-ip', Value: 'vpn' }] },
          ],
        },
      },
      findings: [{ status: 'fail', resource: 'eipalloc-14' }],
      passes: ['eipalloc-15'],
    },
    {
      name: 'instance target not in the dataset still fails',
      snapshot: { ec2: { addresses: [addr(16, { InstanceId: 'i-gone' })] } },
      findings: [{ status: 'fail', severity: 'low', resource: 'eipalloc-16', message: 'i-gone' }],
    },
  ],
});
