// https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/certificate
// generated from terraform resource schema

import { Construct } from 'constructs';
import * as cdktn from 'cdktn';

// Configuration

export interface CertificateConfig extends cdktn.TerraformMetaArguments {
  /**
  * The certificate in PEM. Set it (with `private_key_pem_wo`) to import a certificate; computed when the relay generates one.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/certificate#certificate_pem Certificate#certificate_pem}
  */
  readonly certificatePem?: string;
  /**
  * Subject common name (a domain name). Required to generate. When importing, leave it unset (it is read from the certificate) or set it to the value the certificate has.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/certificate#common_name Certificate#common_name}
  */
  readonly commonName?: string;
  /**
  * One of `RSA_2048`, `RSA_3072`, `RSA_4096`, `ECDSA_P256`, `ECDSA_P384`. Generated certificates default to `RSA_2048`. When importing, leave it unset (it is read from the certificate) or set it to the value the certificate has.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/certificate#key_algorithm Certificate#key_algorithm}
  */
  readonly keyAlgorithm?: string;
  /**
  * A name for humans. Changing it replaces the certificate.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/certificate#name Certificate#name}
  */
  readonly name: string;
  /**
  * The PEM private key of an imported `certificate_pem` (write-only, Terraform 1.11+): sent when the certificate is created, never stored in state.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/certificate#private_key_pem_wo Certificate#private_key_pem_wo}
  */
  readonly privateKeyPemWo?: string;
  /**
  * Any number recorded with an imported key; changing it replaces the certificate (key rotation). Omitted: the last version is kept (it is never planned back to null).
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/certificate#private_key_pem_wo_version Certificate#private_key_pem_wo_version}
  */
  readonly privateKeyPemWoVersion?: number;
  /**
  * Extra DNS names or IP addresses (the common name is always included). Generated certificates default to `[]`. When importing, leave it unset (it is read from the certificate) or set it to the value the certificate has.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/certificate#subject_alternative_names Certificate#subject_alternative_names}
  */
  readonly subjectAlternativeNames?: string[];
  /**
  * Days the certificate is valid (1 to 3650). Generated certificates default to `365`. When importing, leave it unset (it is read from the certificate) or set it to the value the certificate has.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/certificate#validity_days Certificate#validity_days}
  */
  readonly validityDays?: number;
}

/**
* Represents a {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/certificate smtp_certificate}
*/
export class Certificate extends cdktn.TerraformResource {

  // =================
  // STATIC PROPERTIES
  // =================
  public static readonly tfResourceType = "smtp_certificate";

  // ==============
  // STATIC Methods
  // ==============
  /**
  * Generates CDKTN code for importing a Certificate resource upon running "cdktn plan <stack-name>"
  * @param scope The scope in which to define this construct
  * @param importToId The construct id used in the generated config for the Certificate to import
  * @param importFromId The id of the existing Certificate that should be imported. Refer to the {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/certificate#import import section} in the documentation of this resource for the id to use
  * @param provider? Optional instance of the provider where the Certificate to import is found
  */
  public static generateConfigForImport(scope: Construct, importToId: string, importFromId: string, provider?: cdktn.TerraformProvider) {
        return new cdktn.ImportableResource(scope, importToId, { terraformResourceType: "smtp_certificate", importId: importFromId, provider });
      }

  // ===========
  // INITIALIZER
  // ===========

  /**
  * Create a new {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/certificate smtp_certificate} Resource
  *
  * @param scope The scope in which to define this construct
  * @param id The scoped construct ID. Must be unique amongst siblings in the same scope
  * @param options CertificateConfig
  */
  public constructor(scope: Construct, id: string, config: CertificateConfig) {
    super(scope, id, {
      terraformResourceType: 'smtp_certificate',
      terraformGeneratorMetadata: {
        providerName: 'smtp'
      },
      provider: config.provider,
      dependsOn: config.dependsOn,
      count: config.count,
      lifecycle: config.lifecycle,
      provisioners: config.provisioners,
      connection: config.connection,
      forEach: config.forEach
    });
    this._certificatePem = config.certificatePem;
    this._commonName = config.commonName;
    this._keyAlgorithm = config.keyAlgorithm;
    this._name = config.name;
    this._privateKeyPemWo = config.privateKeyPemWo;
    this._privateKeyPemWoVersion = config.privateKeyPemWoVersion;
    this._subjectAlternativeNames = config.subjectAlternativeNames;
    this._validityDays = config.validityDays;
  }

  // ==========
  // ATTRIBUTES
  // ==========

  // certificate_pem - computed: true, optional: true, required: false
  private _certificatePem?: string; 
  public get certificatePem() {
    return this.getStringAttribute('certificate_pem');
  }
  public set certificatePem(value: string) {
    this._certificatePem = value;
  }
  public resetCertificatePem() {
    this._certificatePem = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get certificatePemInput() {
    return this._certificatePem;
  }

  // common_name - computed: true, optional: true, required: false
  private _commonName?: string; 
  public get commonName() {
    return this.getStringAttribute('common_name');
  }
  public set commonName(value: string) {
    this._commonName = value;
  }
  public resetCommonName() {
    this._commonName = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get commonNameInput() {
    return this._commonName;
  }

  // fingerprint_sha256 - computed: true, optional: false, required: false
  public get fingerprintSha256() {
    return this.getStringAttribute('fingerprint_sha256');
  }

  // id - computed: true, optional: false, required: false
  public get id() {
    return this.getStringAttribute('id');
  }

  // key_algorithm - computed: true, optional: true, required: false
  private _keyAlgorithm?: string; 
  public get keyAlgorithm() {
    return this.getStringAttribute('key_algorithm');
  }
  public set keyAlgorithm(value: string) {
    this._keyAlgorithm = value;
  }
  public resetKeyAlgorithm() {
    this._keyAlgorithm = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get keyAlgorithmInput() {
    return this._keyAlgorithm;
  }

  // name - computed: false, optional: false, required: true
  private _name?: string; 
  public get name() {
    return this.getStringAttribute('name');
  }
  public set name(value: string) {
    this._name = value;
  }
  // Temporarily expose input value. Use with caution.
  public get nameInput() {
    return this._name;
  }

  // not_after - computed: true, optional: false, required: false
  public get notAfter() {
    return this.getStringAttribute('not_after');
  }

  // not_before - computed: true, optional: false, required: false
  public get notBefore() {
    return this.getStringAttribute('not_before');
  }

  // private_key_pem_wo - computed: false, optional: true, required: false
  private _privateKeyPemWo?: string; 
  /**
  * @deprecated Write-only: the provider never returns this value; reading it always yields null by protocol contract. The getter remains for compatibility and will be removed in a future prebuilt-provider major.
  */
  public get privateKeyPemWo() {
    return this.getStringAttribute('private_key_pem_wo');
  }
  public set privateKeyPemWo(value: string) {
    this._privateKeyPemWo = value;
  }
  public resetPrivateKeyPemWo() {
    this._privateKeyPemWo = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get privateKeyPemWoInput() {
    return this._privateKeyPemWo;
  }

  // private_key_pem_wo_version - computed: true, optional: true, required: false
  private _privateKeyPemWoVersion?: number; 
  public get privateKeyPemWoVersion() {
    return this.getNumberAttribute('private_key_pem_wo_version');
  }
  public set privateKeyPemWoVersion(value: number) {
    this._privateKeyPemWoVersion = value;
  }
  public resetPrivateKeyPemWoVersion() {
    this._privateKeyPemWoVersion = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get privateKeyPemWoVersionInput() {
    return this._privateKeyPemWoVersion;
  }

  // serial_number - computed: true, optional: false, required: false
  public get serialNumber() {
    return this.getStringAttribute('serial_number');
  }

  // subject_alternative_names - computed: true, optional: true, required: false
  private _subjectAlternativeNames?: string[]; 
  public get subjectAlternativeNames() {
    return this.getListAttribute('subject_alternative_names');
  }
  public set subjectAlternativeNames(value: string[]) {
    this._subjectAlternativeNames = value;
  }
  public resetSubjectAlternativeNames() {
    this._subjectAlternativeNames = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get subjectAlternativeNamesInput() {
    return this._subjectAlternativeNames;
  }

  // validity_days - computed: true, optional: true, required: false
  private _validityDays?: number; 
  public get validityDays() {
    return this.getNumberAttribute('validity_days');
  }
  public set validityDays(value: number) {
    this._validityDays = value;
  }
  public resetValidityDays() {
    this._validityDays = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get validityDaysInput() {
    return this._validityDays;
  }

  // =========
  // SYNTHESIS
  // =========

  protected synthesizeAttributes(): { [name: string]: any } {
    return {
      certificate_pem: cdktn.stringToTerraform(this._certificatePem),
      common_name: cdktn.stringToTerraform(this._commonName),
      key_algorithm: cdktn.stringToTerraform(this._keyAlgorithm),
      name: cdktn.stringToTerraform(this._name),
      private_key_pem_wo: this.markWriteOnlyAttribute(cdktn.stringToTerraform(this._privateKeyPemWo)),
      private_key_pem_wo_version: cdktn.numberToTerraform(this._privateKeyPemWoVersion),
      subject_alternative_names: cdktn.listMapper(cdktn.stringToTerraform, false)(this._subjectAlternativeNames),
      validity_days: cdktn.numberToTerraform(this._validityDays),
    };
  }

  protected synthesizeHclAttributes(): { [name: string]: any } {
    const attrs = {
      certificate_pem: {
        value: cdktn.stringToHclTerraform(this._certificatePem),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      common_name: {
        value: cdktn.stringToHclTerraform(this._commonName),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      key_algorithm: {
        value: cdktn.stringToHclTerraform(this._keyAlgorithm),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      name: {
        value: cdktn.stringToHclTerraform(this._name),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      private_key_pem_wo: {
        value: this.markWriteOnlyAttribute(cdktn.stringToHclTerraform(this._privateKeyPemWo)),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      private_key_pem_wo_version: {
        value: cdktn.numberToHclTerraform(this._privateKeyPemWoVersion),
        isBlock: false,
        type: "simple",
        storageClassType: "number",
      },
      subject_alternative_names: {
        value: cdktn.listMapperHcl(cdktn.stringToHclTerraform, false)(this._subjectAlternativeNames),
        isBlock: false,
        type: "list",
        storageClassType: "stringList",
      },
      validity_days: {
        value: cdktn.numberToHclTerraform(this._validityDays),
        isBlock: false,
        type: "simple",
        storageClassType: "number",
      },
    };

    // remove undefined attributes
    return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined ))
  }
}
