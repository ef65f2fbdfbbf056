// smtp_certificate: a TLS key pair and certificate, generated on the relay or imported from PEM; immutable once created.
import type { ApiClient, Versioned } from '../client/api-client.ts';
import { DiagnosticsError } from '../framework/diagnostics-error.ts';
import type { Resource, ResourceContext } from '../framework/resource.ts';
import { certificateGenerateDefaults, certificateSchema } from '@relayform/schema/schemas/certificate-schema.ts';
import { Unknown, type TfValue } from '../protocol/value.ts';
import { invalidValue, type ObjectValidator } from '../framework/validators/validator.ts';
import { replacementOnly } from './replacement-only.ts';
import { attributesOf } from './schema-attributes.ts';

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

/** The API's generate-mode default: applies when the configuration generates (no certificate_pem), not when it imports. */
const whenGenerating = (value: unknown) => (config: Readonly<Record<string, TfValue>>) => (config.certificate_pem === null ? structuredClone(value) as TfValue : undefined);

export const smtpCertificate: Resource<SmtpCertificate, ApiClient> = {
  typeName: 'smtp_certificate',
  schema: {
    description: 'A TLS certificate for virtual servers (`tls.certificate_id`). Either generated on the relay (set `common_name`; ' +
      'the private key never leaves the relay) or imported (set `certificate_pem` and the write-only `private_key_pem_wo`). ' +
      'Certificates are immutable: changing any argument replaces the certificate. The private key is never stored in state. Import by id.',
    attributes: attributesOf(certificateSchema, {
      defaultsFrom: Object.fromEntries(Object.entries(certificateGenerateDefaults).map(([name, value]) => [name, whenGenerating(value)])),
    }),
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
