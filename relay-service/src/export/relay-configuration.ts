// Every configuration object of a relay, read from its store in creation order: what an export describes.
import type { Account, Certificate, ConnectionRule, Directory, Operator, RelayRule, RemoteDomain, VirtualServer } from '@relayform/schema/model.ts';
import type { ConfigReads, ObjectKind } from '../store/config-store.ts';

/** The whole configuration as the API would return it (public documents, no secrets). */
export interface RelayConfiguration {
  virtualServers: VirtualServer[];
  accounts: Account[];
  directories: Directory[];
  certificates: Certificate[];
  operators: Operator[];
  connectionRules: ConnectionRule[];
  relayRules: RelayRule[];
  remoteDomains: RemoteDomain[];
}

/** Reads every object of every kind from `reads` (a store, or a transaction for one consistent view). */
export async function readRelayConfiguration(reads: ConfigReads): Promise<RelayConfiguration> {
  const docs = async <T>(kind: ObjectKind) => (await reads.list(kind)).map((object) => object.doc as unknown as T);
  return {
    virtualServers: await docs<VirtualServer>('virtual_server'),
    accounts: await docs<Account>('account'),
    directories: await docs<Directory>('directory'),
    certificates: await docs<Certificate>('certificate'),
    operators: await docs<Operator>('operator'),
    connectionRules: await docs<ConnectionRule>('connection_rule'),
    relayRules: await docs<RelayRule>('relay_rule'),
    remoteDomains: await docs<RemoteDomain>('remote_domain'),
  };
}
