// The match fields shared by smtp_connection_rule and smtp_relay_rule as Terraform state holds them.
import type { AddressMatch as ApiAddressMatch } from '@relayform/schema/model.ts';

/** The match fields as the API and state hold them: exactly one form set, the rest null, and the description. */
export type AddressMatch = ApiAddressMatch & { description: string };

/** The match fields of an API body (absent ones as null), as state holds them. */
export function addressMatchFrom(body: Partial<AddressMatch>): AddressMatch {
  return {
    ip_address: body.ip_address ?? null,
    subnet_mask: body.subnet_mask ?? null,
    cidr: body.cidr ?? null,
    domain: body.domain ?? null,
    description: body.description ?? '',
  };
}
