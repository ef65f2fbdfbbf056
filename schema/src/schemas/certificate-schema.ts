// JSON Schema of a certificate: generated on the server (key pair + self-signed) or imported from PEM.
import { idSchema, secretVersionSchema, terraform, type JsonSchema } from './json-schema.ts';

/** What a generated certificate gets for what the request leaves out (an imported one takes these from the certificate). */
export const certificateGenerateDefaults = { subject_alternative_names: [] as string[], key_algorithm: 'RSA_2048', validity_days: 365 };

const fromCertificate = 'When importing, leave it unset (it is read from the certificate) or set it to the value the certificate has.';
const generated = (value: unknown) => `Generated certificates default to \`${Array.isArray(value) ? `[${value.join(', ')}]` : value}\`.`;

const computed = (description: string, terraformDescription: string): JsonSchema => ({ type: 'string', readOnly: true, description, ...terraform(terraformDescription) });

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
    id: idSchema('certificate'),
    name: { type: 'string', minLength: 1, maxLength: 200, ...terraform('A name for humans. Changing it replaces the certificate.', { requiresReplace: true }) },
    common_name: {
      type: 'string', format: 'domain-name', description: 'Required to generate; read from the certificate on import.',
      ...terraform(`Subject common name (a domain name). Required to generate. ${fromCertificate}`, { serverDefault: true, requiresReplace: true }),
    },
    subject_alternative_names: {
      type: 'array', items: { type: 'string', format: 'certificate-name' }, uniqueItems: true,
      ...terraform(`Extra DNS names or IP addresses (the common name is always included). ${generated(certificateGenerateDefaults.subject_alternative_names)} ${fromCertificate}`,
        { requiresReplace: true }),
    },
    key_algorithm: {
      type: 'string', enum: ['RSA_2048', 'RSA_3072', 'RSA_4096', 'ECDSA_P256', 'ECDSA_P384'],
      ...terraform(`One of \`RSA_2048\`, \`RSA_3072\`, \`RSA_4096\`, \`ECDSA_P256\`, \`ECDSA_P384\`. ${generated(certificateGenerateDefaults.key_algorithm)} ${fromCertificate}`,
        { requiresReplace: true }),
    },
    validity_days: {
      type: 'integer', minimum: 1, maximum: 3650,
      ...terraform(`Days the certificate is valid ({minimum} to {maximum}). ${generated(certificateGenerateDefaults.validity_days)} ${fromCertificate}`, { requiresReplace: true }),
    },
    certificate_pem: {
      type: 'string', format: 'pem-certificates', description: 'Input on import; computed when generated.',
      ...terraform('The certificate in PEM. Set it (with `private_key_pem_wo`) to import a certificate; computed when the relay generates one.',
        { serverDefault: true, requiresReplace: true }),
    },
    private_key_pem_wo: {
      type: 'string', pattern: '-----BEGIN [A-Z ]*PRIVATE KEY-----', writeOnly: true, description: 'Import only; write-only.',
      ...terraform('The PEM private key of an imported `certificate_pem` (write-only, Terraform 1.11+): sent when the certificate is created, never stored in state.',
        { rule: 'a PEM private key (-----BEGIN ... PRIVATE KEY-----)' }),
    },
    private_key_pem_wo_version: secretVersionSchema('Any number recorded with an imported key; changing it replaces the certificate (key rotation).', { requiresReplace: true }),
    fingerprint_sha256: computed('SHA-256 of the DER certificate, colon-separated hex.', 'SHA-256 fingerprint of the DER certificate, colon-separated hex.'),
    serial_number: computed('Hex serial number.', 'Serial number in hex.'),
    not_before: computed('RFC 3339 time.', 'Start of validity (RFC 3339).'),
    not_after: computed('RFC 3339 time.', 'End of validity (RFC 3339).'),
  },
};
