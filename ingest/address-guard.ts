import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { Agent, buildConnector } from 'undici';

/**
 * `security.blockPrivateAddresses`: collectors that fetch URLs someone else may have typed
 * (feeds in a shared deployment) must not become a way into the private network: the
 * Elasticsearch API, cloud metadata at 169.254.169.254, an admin page on 10.x. The check runs
 * on the address each new connection actually uses, after DNS resolution (a name that
 * resolves to 127.0.0.1 is refused, and a rebinding DNS cannot swap the address after the
 * check), so every redirect hop is checked too. It costs nothing per request beyond the lookup.
 */
const ranges: [string, number, 'ipv4' | 'ipv6', string][] = [
  ['0.0.0.0', 8, 'ipv4', '"this network"'],
  ['10.0.0.0', 8, 'ipv4', 'private'],
  ['100.64.0.0', 10, 'ipv4', 'shared (CGNAT)'],
  ['127.0.0.0', 8, 'ipv4', 'loopback'],
  ['169.254.0.0', 16, 'ipv4', 'link-local'],
  ['172.16.0.0', 12, 'ipv4', 'private'],
  ['192.0.0.0', 24, 'ipv4', 'IETF protocol'],
  ['192.168.0.0', 16, 'ipv4', 'private'],
  ['198.18.0.0', 15, 'ipv4', 'benchmarking'],
  ['224.0.0.0', 4, 'ipv4', 'multicast'],
  ['240.0.0.0', 4, 'ipv4', 'reserved'],
  ['::', 128, 'ipv6', 'unspecified'],
  ['::1', 128, 'ipv6', 'loopback'],
  ['fc00::', 7, 'ipv6', 'unique local (private)'],
  ['fe80::', 10, 'ipv6', 'link-local'],
  ['ff00::', 8, 'ipv6', 'multicast'],
];
const lists = ranges.map(([net, bits, family, label]) => {
  const list = new BlockList();
  list.addSubnet(net, bits, family);
  return { list, family, label };
});

export interface AddressPolicy {
  blockPrivateAddresses: boolean;
  /** Addresses or CIDR ranges allowed anyway. */
  allowAddresses: string[];
}

/** A connection refused by the policy; `httpGet` reports it as a `blocked_address` problem. */
export class BlockedAddressError extends Error {
  readonly code = 'EBLOCKEDADDRESS';
  constructor(message: string) {
    super(message);
    this.name = 'BlockedAddressError';
  }
}

/** Why an address is not public (`loopback`, `private`...), or undefined for a public one. */
export function nonPublic(address: string): string | undefined {
  // An IPv4-mapped IPv6 address (::ffff:127.0.0.1) is the IPv4 address.
  const plain = address.replace(/^\[|\]$/g, '').replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, '$1');
  const family = isIP(plain) === 4 ? 'ipv4' : 'ipv6';
  return lists.find((l) => l.family === family && l.list.check(plain, family))?.label;
}

function allowList(cidrs: string[]): BlockList {
  const list = new BlockList();
  for (const cidr of cidrs) {
    const [address, bits] = cidr.split('/');
    const family = isIP(address!) === 4 ? 'ipv4' : 'ipv6';
    if (bits === undefined) list.addAddress(address!, family);
    else list.addSubnet(address!, Number(bits), family);
  }
  return list;
}

/** An undici dispatcher whose every new connection passes the policy. */
export function guardedAgent(policy: AddressPolicy): Agent {
  const allowed = allowList(policy.allowAddresses);
  const refusal = (host: string, address: string): BlockedAddressError | undefined => {
    const plain = address.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, '$1');
    const label = nonPublic(plain);
    if (!label || allowed.check(plain, isIP(plain) === 4 ? 'ipv4' : 'ipv6')) return undefined;
    const what = host === address ? address : `${host} (${address})`;
    return new BlockedAddressError(`${what} is a ${label} address: refused by security.blockPrivateAddresses`);
  };
  const lookup: LookupFunction = (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      // Refuse the host if any of its addresses is private: which one a connection would use
      // is not ours to choose, and a public name with a private address is the attack.
      const refused = addresses.map((a) => refusal(hostname, a.address)).find(Boolean);
      if (refused) return callback(refused, '', 0);
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
  const connect = buildConnector({ lookup } as buildConnector.BuildOptions);
  return new Agent({
    connect(options, callback) {
      // A literal IP in the URL never goes through lookup.
      const host = options.hostname.replace(/^\[|\]$/g, '');
      const refused = isIP(host) ? refusal(host, host) : undefined;
      if (refused) return callback(refused, null);
      return connect(options, callback);
    },
  });
}
