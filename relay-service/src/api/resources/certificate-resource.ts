// The certificate resource: generate a key pair and self-signed certificate, or import PEM; never changes afterwards.
import { isDeepStrictEqual } from 'node:util';
import { formatIp, writtenIp } from '@relayform/schema/ip-address.ts';
import type { KeyAlgorithm } from '@relayform/schema/model.ts';
import { certificateGenerateDefaults, certificateSchema } from '@relayform/schema/schemas/certificate-schema.ts';
import type { ValidationDetail } from '@relayform/schema/validation-detail.ts';
import { checkCertificateImport } from '../../tls/certificate-import.ts';
import { readCertificateFacts, type CertificateFacts } from '../../tls/certificate-facts.ts';
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
  // The names stay as written (the certificate holds them, the common name among the alternative names): read back
  // in the certificate's own form they would differ from the request (the common name gone from the list, an IPv6
  // address rewritten), and Terraform would see a different object than it sent.
  const { common_name: _cn, subject_alternative_names: _sans, ...facts } = readCertificateFacts(certificatePem);
  Object.assign(doc, { certificate_pem: certificatePem, ...facts });
  return [];
}

/** A host name or address as the certificate compares it: lower case, no trailing dot; an IP address in its RFC 5952 form. */
function canonicalName(name: string): string {
  const ip = writtenIp(name);
  return ip ? formatIp(ip) : name.toLowerCase().replace(/\.$/, '');
}

/** The same names as the certificate's, in any order and case, with or without its common name. */
function sameNames(written: string[], facts: CertificateFacts): boolean {
  const names = (list: string[]) => [...new Set(list.map(canonicalName).filter((n) => n !== canonicalName(facts.common_name)))].sort();
  return isDeepStrictEqual(names(written), names(facts.subject_alternative_names));
}

function importPem(doc: Record<string, unknown>, secrets: Record<string, string>): ValidationDetail[] {
  const key = secrets.private_key_encrypted;
  if (key === undefined) return [{ path: '$.private_key_pem_wo', message: 'is required to import a certificate' }];
  const checked = checkCertificateImport(String(doc.certificate_pem), key);
  if (!checked.facts) return checked.details;
  const facts = checked.facts;
  const matches = (field: typeof importedFields[number]) => (field === 'subject_alternative_names'
    ? sameNames(doc[field] as string[], facts) : JSON.stringify(doc[field]) === JSON.stringify(facts[field]));
  const mismatches = importedFields
    .filter((field) => doc[field] !== undefined && !matches(field))
    .map((field) => ({ path: `$.${field}`, message: `does not match the certificate (${JSON.stringify(facts[field])}); omit it when importing` }));
  // Names written in another form of the same list stay as written (see generate).
  Object.assign(doc, { ...facts, subject_alternative_names: doc.subject_alternative_names ?? facts.subject_alternative_names });
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
