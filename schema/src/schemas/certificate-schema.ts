// JSON Schema of a certificate: generated on the server (key pair + self-signed) or imported from PEM.
import { idSchema, secretVersionSchema, type JsonSchema } from './json-schema.ts';

const computed = (description: string): JsonSchema => ({ type: 'string', readOnly: true, description });

/**
 * Certificate (model.ts). Generate: send common_name (+ subject_alternative_names, key_algorithm,
 * validity_days). Import: send certificate_pem + private_key_pem_wo. Every field is immutable.
 */
export const certificateSchema: JsonSchema = {
  title: 'Certificate',
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: {
    id: idSchema,
    name: { type: 'string', minLength: 1, maxLength: 200 },
    common_name: { type: 'string', format: 'domain-name', description: 'Required to generate; read from the certificate on import.' },
    subject_alternative_names: { type: 'array', items: { type: 'string', format: 'host' }, uniqueItems: true },
    key_algorithm: { type: 'string', enum: ['RSA_2048', 'RSA_3072', 'RSA_4096', 'ECDSA_P256', 'ECDSA_P384'] },
    validity_days: { type: 'integer', minimum: 1, maximum: 3650 },
    certificate_pem: { type: 'string', minLength: 1, description: 'Input on import; computed when generated.' },
    private_key_pem_wo: { type: 'string', minLength: 1, writeOnly: true, description: 'Import only; write-only.' },
    private_key_pem_wo_version: secretVersionSchema,
    fingerprint_sha256: computed('SHA-256 of the DER certificate, colon-separated hex.'),
    serial_number: computed('Hex serial number.'),
    not_before: computed('RFC 3339 time.'),
    not_after: computed('RFC 3339 time.'),
  },
};
