// The certificate resource: generate a key pair and self-signed certificate, or import PEM; never changes afterwards.
import type { KeyAlgorithm } from '@relayform/schema/model.ts';
import { certificateGenerateDefaults, certificateSchema } from '@relayform/schema/schemas/certificate-schema.ts';
import type { ValidationDetail } from '@relayform/schema/validation-detail.ts';
import { checkCertificateImport } from '../../tls/certificate-import.ts';
import { readCertificateFacts } from '../../tls/certificate-facts.ts';
import { createSelfSignedCertificate } from '../../tls/self-signed-certificate.ts';
import { ApiError } from '../api-error.ts';
import type { ResourceDefinition } from '../resource-definition.ts';

const importedFields = ['common_name', 'subject_alternative_names', 'key_algorithm', 'validity_days'] as const;

async function generate(doc: Record<string, unknown>, secrets: Record<string, string>): Promise<ValidationDetail[]> {
  if (doc.common_name === undefined) return [{ path: '$.common_name', message: 'is required to generate a certificate (or send certificate_pem to import one)' }];
  if (secrets.private_key_encrypted !== undefined) return [{ path: '$.private_key_pem_wo', message: 'is only allowed together with certificate_pem' }];
  for (const [name, value] of Object.entries(certificateGenerateDefaults)) doc[name] ??= structuredClone(value);
  const { certificatePem, privateKeyPem } = await createSelfSignedCertificate({
    commonName: String(doc.common_name),
    altNames: doc.subject_alternative_names as string[],
    keyAlgorithm: doc.key_algorithm as KeyAlgorithm,
    validityDays: Number(doc.validity_days),
  });
  secrets.private_key_encrypted = privateKeyPem;
  Object.assign(doc, { certificate_pem: certificatePem, ...readCertificateFacts(certificatePem) });
  return [];
}

function importPem(doc: Record<string, unknown>, secrets: Record<string, string>): ValidationDetail[] {
  const key = secrets.private_key_encrypted;
  if (key === undefined) return [{ path: '$.private_key_pem_wo', message: 'is required to import a certificate' }];
  const checked = checkCertificateImport(String(doc.certificate_pem), key);
  if (!checked.facts) return checked.details;
  const facts = checked.facts;
  const mismatches = importedFields
    .filter((field) => doc[field] !== undefined && JSON.stringify(doc[field]) !== JSON.stringify(facts[field]))
    .map((field) => ({ path: `$.${field}`, message: `does not match the certificate (${JSON.stringify(facts[field])}); omit it when importing` }));
  Object.assign(doc, facts);
  return mismatches;
}

/** /v1/certificates: admin only; private keys are stored encrypted and never returned. */
export const certificateResource: ResourceDefinition = {
  kind: 'certificate',
  title: 'Certificate',
  collectionPath: '/v1/certificates',
  nested: false,
  schema: certificateSchema,
  secrets: [{ path: ['private_key_pem_wo'], sealedAs: 'private_key_encrypted' }],
  access: { read: 'admin', create: 'admin', update: 'admin', delete: 'admin' },
  immutable: true,

  async complete(doc, context) {
    return doc.certificate_pem === undefined ? generate(doc, context.newSecrets) : importPem(doc, context.newSecrets);
  },

  async checkDelete(certificate, reads) {
    const users = (await reads.list('virtual_server'))
      .filter((server) => (server.doc.tls as { certificate_id: string | null }).certificate_id === certificate.id);
    if (users.length > 0) {
      throw ApiError.conflict(`Certificate ${certificate.id} is used by virtual server ${users.map((s) => s.id).join(', ')}.`);
    }
  },
};
