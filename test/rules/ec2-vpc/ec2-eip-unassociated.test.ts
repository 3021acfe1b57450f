import rule from '../../../rules/ec2-vpc/ec2-eip-unassociated.js';
import { RuleTester } from '../../rule-tester.js';

const addr = (n: number, extra: Record<string, unknown> = {}) => ({
  PublicIp: `203.0.113.${n}`,
  AllocationId: `eipalloc-${n}`,
  Domain: 'vpc',
  PublicIpv4Pool: 'amazon',
  ...extra,
});
const running = { InstanceId: 'i-run', State: { Name: 'running' } };

RuleTester.run(rule, {
  valid: [
    {
      name: 'associated with a running instance',
      snapshot: { ec2: { addresses: [addr(1, { AssociationId: 'eipassoc-1', InstanceId: 'i-run' })], instances: [running] } },
    },
    {
      name: 'associated with an attached ENI (NAT gateway)',
      snapshot: {
        ec2: {
          addresses: [addr(2, { AssociationId: 'eipassoc-2', NetworkInterfaceId: 'eni-nat' })],
          networkInterfaces: [{ NetworkInterfaceId: 'eni-nat', InterfaceType: 'nat_gateway', Status: 'in-use' }],
        },
      },
    },
    {
      name: 'a Classic (standard domain) address in use is treated like a VPC one',
      snapshot: { ec2: { addresses: [{ PublicIp: '198.51.100.7', Domain: 'standard', AssociationId: 'x', InstanceId: 'i-run' }], instances: [running] } },
    },
    {
      name: 'no addresses at all',
      notApplicable: true,
      snapshot: { ec2: { addresses: [] } },
    },
  ],
  invalid: [
    {
      name: 'unassociated address fails, named by IP and allocation id',
      snapshot: { ec2: { addresses: [addr(10)] } },
      findings: [{ status: 'fail', severity: 'low', resource: 'eipalloc-10', message: '203.0.113.10 (eipalloc-10) is allocated but not associated' }],
    },
    {
      name: 'moto answers "" for absent association fields',
      snapshot: { ec2: { addresses: [addr(11, { AssociationId: '', InstanceId: '', NetworkInterfaceId: '' })] } },
      findings: [{ status: 'fail', resource: 'eipalloc-11', message: 'not associated' }],
    },
    {
      name: 'associated with a stopped or stopping instance is idle',
      snapshot: {
        ec2: {
          addresses: [
            addr(12, { AssociationId: 'a12', InstanceId: 'i-stopped' }),
            addr(13, { AssociationId: 'a13', InstanceId: 'i-stopping' }),
            addr(14, { AssociationId: 'a14', InstanceId: 'i-run' }),
          ],
          instances: [
            { InstanceId: 'i-stopped', State: { Name: 'stopped' } },
            { InstanceId: 'i-stopping', State: { Name: 'stopping' } },
            running,
          ],
        },
      },
      findings: [
        { status: 'fail', severity: 'low', resource: 'eipalloc-12', message: 'instance i-stopped, which is stopped' },
        { status: 'fail', severity: 'low', resource: 'eipalloc-13', message: 'instance i-stopping, which is stopping' },
      ],
      passes: ['eipalloc-14'],
    },
    {
      name: 'instance reached through the ENI attachment when the address has no InstanceId',
      snapshot: {
        ec2: {
          addresses: [addr(15, { AssociationId: 'a15', NetworkInterfaceId: 'eni-15' })],
          networkInterfaces: [{ NetworkInterfaceId: 'eni-15', Status: 'in-use', Attachment: { InstanceId: 'i-stopped' } }],
          instances: [{ InstanceId: 'i-stopped', State: { Name: 'stopped' } }],
        },
      },
      findings: [{ status: 'fail', resource: 'eipalloc-15', message: 'i-stopped' }],
    },
    {
      name: 'associated with a detached (available) ENI is idle',
      snapshot: {
        ec2: {
          addresses: [addr(16, { AssociationId: 'a16', NetworkInterfaceId: 'eni-16' })],
          networkInterfaces: [{ NetworkInterfaceId: 'eni-16', Status: 'available' }],
        },
      },
      findings: [{ status: 'fail', resource: 'eipalloc-16', message: 'eni-16, which is not attached (available)' }],
    },
    {
      name: 'reserve tag turns the failure into INFO (value case-insensitive); other values do not',
      snapshot: {
        ec2: {
          addresses: [
            addr(17, { Tags: [{ Key: 'aws-tips:reserved', Value: 'True' }] }),
            addr(18, { Tags: [{ Key: 'aws-tips:reserved', Value: 'false' }] }),
          ],
        },
      },
      findings: [
        { status: 'info', resource: 'eipalloc-17', message: 'kept on purpose' },
        { status: 'fail', resource: 'eipalloc-18' },
      ],
    },
    {
      name: 'custom reserveTag option',
      options: { reserveTag: 'partner-allowlisted' },
      snapshot: {
        ec2: {
          addresses: [
            addr(19, { Tags: [{ Key: 'partner-allowlisted', Value: 'acme' }] }),
            addr(20, { Tags: [{ Key: 'aws-tips:reserved', Value: 'true' }] }),
          ],
        },
      },
      findings: [
        { status: 'info', resource: 'eipalloc-19', message: 'partner-allowlisted' },
        { status: 'fail', resource: 'eipalloc-20' },
      ],
    },
    {
      name: 'an unassociated BYOIP address is INFO',
      snapshot: { ec2: { addresses: [addr(21, { PublicIpv4Pool: 'ipv4pool-ec2-0123' })] } },
      findings: [{ status: 'info', resource: 'eipalloc-21', message: 'BYOIP address from pool ipv4pool-ec2-0123' }],
    },
    {
      name: 'an unassociated Classic (standard) address without AllocationId fails, named by its IP',
      snapshot: { ec2: { addresses: [{ PublicIp: '198.51.100.8', Domain: 'standard' }] } },
      findings: [{ status: 'fail', resource: '198.51.100.8', message: '198.51.100.8 is allocated but not associated' }],
    },
  ],
});
