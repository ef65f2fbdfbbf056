// smtp_certificate: a TLS key pair and certificate, generated on the relay or imported from PEM; immutable once created.
import type { ApiClient, Versioned } from '../client/api-client.ts';
import { DiagnosticsError } from '../framework/diagnostics-error.ts';
import type { Resource, ResourceContext } from '../framework/resource.ts';
import { attribute } from '../framework/schema/attribute.ts';
import { Types } from '../protocol/tf-type.ts';
import { Unknown, type TfValue } from '../protocol/value.ts';
import { invalidValue, type ObjectValidator } from '../framework/validators/validator.ts';
import { replacementOnly } from './replacement-only.ts';
import { between, domainName, eachElement, hostName, oneOf, stringMatching } from '../framework/validators/value-validators.ts';

/** The Terraform model: attribute names as in HCL and the API. */
export interface SmtpCertificate {
  id: string | null;
  name: string;
  common_name: string | null;
  subject_alternative_names: string[] | null;
  key_algorithm: string | null;
  validity_days: number | null;
  certificate_pem: string | null;
  private_key_pem_wo: string | null;
  private_key_pem_wo_version: number | null;
  fingerprint_sha256: string | null;
  serial_number: string | null;
  not_before: string | null;
  not_after: string | null;
}

const COLLECTION = '/v1/certificates';
const item = (id: string) => `${COLLECTION}/${encodeURIComponent(id)}`;
const INPUTS = ['name', 'common_name', 'subject_alternative_names', 'key_algorithm', 'validity_days', 'certificate_pem', 'private_key_pem_wo_version'] as const;

function remember(context: ResourceContext<ApiClient>, response: Versioned<SmtpCertificate>): SmtpCertificate {
  context.private.set('etag', response.etag);
  return { ...response.body, private_key_pem_wo: null, private_key_pem_wo_version: response.body.private_key_pem_wo_version ?? null };
}

/** Generate needs common_name; the private key goes only with an imported certificate_pem. */
const generateOrImport: ObjectValidator = {
  description: 'common_name to generate, or certificate_pem (+ private_key_pem_wo) to import',
  validate(object, path) {
    const pem = object.certificate_pem ?? null;
    if (pem instanceof Unknown) return [];
    if (pem === null && object.common_name === null) {
      return [invalidValue([...path, { attribute: 'common_name' }], 'Attribute "common_name" is required to generate a certificate (or set "certificate_pem" and "private_key_pem_wo" to import one)')];
    }
    if (pem === null && object.private_key_pem_wo !== null && !(object.private_key_pem_wo instanceof Unknown)) {
      return [invalidValue([...path, { attribute: 'private_key_pem_wo' }], 'Attribute "private_key_pem_wo" is only allowed together with "certificate_pem" (importing); generated keys never leave the relay')];
    }
    return [];
  },
};

const replaces = { requiresReplace: true } as const;
const fromCertificate = 'When importing, leave it unset (it is read from the certificate) or set it to the value the certificate has.';
/** The API's generate-mode default: applies when the configuration generates (no certificate_pem), not when it imports. */
const whenGenerating = (value: TfValue) => (config: Readonly<Record<string, TfValue>>) => (config.certificate_pem === null ? value : undefined);
const computed = (description: string) => attribute.string({ description, computed: true, useStateForUnknown: true });

export const smtpCertificate: Resource<SmtpCertificate, ApiClient> = {
  typeName: 'smtp_certificate',
  schema: {
    description: 'A TLS certificate for virtual servers (`tls.certificate_id`). Either generated on the relay (set `common_name`; ' +
      'the private key never leaves the relay) or imported (set `certificate_pem` and the write-only `private_key_pem_wo`). ' +
      'Certificates are immutable: changing any argument replaces the certificate. The private key is never stored in state. Import by id.',
    attributes: {
      id: computed('The certificate id assigned by the relay.'),
      name: attribute.string({ description: 'A name for humans. Changing it replaces the certificate.', required: true, ...replaces, validators: [stringMatching(/\S/, 'a name of 1 to 200 characters', { min: 1, max: 200 })] }),
      common_name: attribute.string({ description: `Subject common name (a domain name). Required to generate. ${fromCertificate}`, optional: true, computed: true, ...replaces, validators: [domainName()] }),
      subject_alternative_names: attribute.list(Types.string, {
        description: `Extra DNS names or IP addresses (the common name is always included). Generated certificates default to \`[]\`. ${fromCertificate}`,
        optional: true, computed: true, defaultFrom: whenGenerating([]), ...replaces, validators: [eachElement(hostName())],
      }),
      key_algorithm: attribute.string({
        description: `One of \`RSA_2048\`, \`RSA_3072\`, \`RSA_4096\`, \`ECDSA_P256\`, \`ECDSA_P384\`. Generated certificates default to \`RSA_2048\`. ${fromCertificate}`,
        optional: true, computed: true, defaultFrom: whenGenerating('RSA_2048'), ...replaces, validators: [oneOf('RSA_2048', 'RSA_3072', 'RSA_4096', 'ECDSA_P256', 'ECDSA_P384')],
      }),
      validity_days: attribute.number({ description: `Days the certificate is valid (1 to 3650). Generated certificates default to \`365\`. ${fromCertificate}`, optional: true, computed: true, defaultFrom: whenGenerating(365), ...replaces, validators: [between(1, 3650, { integer: true })] }),
      certificate_pem: attribute.string({
        description: 'The certificate in PEM. Set it (with `private_key_pem_wo`) to import a certificate; computed when the relay generates one.',
        optional: true, computed: true, ...replaces, validators: [stringMatching(/-----BEGIN CERTIFICATE-----/, 'a PEM certificate (-----BEGIN CERTIFICATE-----)')],
      }),
      private_key_pem_wo: attribute.string({
        description: 'The PEM private key of an imported `certificate_pem` (write-only, Terraform 1.11+): sent when the certificate is created, never stored in state.',
        optional: true, writeOnly: true, sensitive: true, validators: [stringMatching(/-----BEGIN [A-Z ]*PRIVATE KEY-----/, 'a PEM private key (-----BEGIN ... PRIVATE KEY-----)')],
      }),
      private_key_pem_wo_version: attribute.number({ description: 'Any number recorded with an imported key; changing it replaces the certificate (key rotation).', optional: true, ...replaces, validators: [between(0, Number.MAX_SAFE_INTEGER, { integer: true })] }),
      fingerprint_sha256: computed('SHA-256 fingerprint of the DER certificate, colon-separated hex.'),
      serial_number: computed('Serial number in hex.'),
      not_before: computed('Start of validity (RFC 3339).'),
      not_after: computed('End of validity (RFC 3339).'),
    },
    validators: [generateOrImport],
  },

  async create(plan, context) {
    if (plan.certificate_pem !== null && plan.private_key_pem_wo === null) {
      throw DiagnosticsError.attribute([{ attribute: 'private_key_pem_wo' }], 'Missing private key', 'private_key_pem_wo is required to import a certificate_pem.');
    }
    const body = Object.fromEntries(INPUTS.filter((k) => plan[k] !== null).map((k) => [k, plan[k]]));
    if (plan.private_key_pem_wo !== null) body.private_key_pem_wo = plan.private_key_pem_wo;
    return remember(context, await context.client.create<SmtpCertificate>(COLLECTION, body, { what: 'creating smtp_certificate' }));
  },

  async read(state, context) {
    const found = await context.client.get<SmtpCertificate>(item(state.id!), { what: `reading smtp_certificate ${state.id}` });
    return found ? remember(context, found) : null;
  },

  update: replacementOnly('smtp_certificate'),

  async delete(state, context) {
    await context.client.remove(item(state.id!), { what: `deleting smtp_certificate ${state.id}`, etag: context.private.get('etag') as string | undefined });
  },
};
