// https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/remote_domain
// generated from terraform resource schema

import { Construct } from 'constructs';
import * as cdktn from 'cdktn';

// Configuration

export interface RemoteDomainConfig extends cdktn.TerraformMetaArguments {
  /**
  * Let any client that may connect relay mail to this domain, even when it is not on the relay list. Defaults to `false`.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/remote_domain#allow_incoming_relay RemoteDomain#allow_incoming_relay}
  */
  readonly allowIncomingRelay?: boolean | cdktn.IResolvable;
  /**
  * The destination domain (`partner.example`) or `*.suffix` for every domain below suffix. Unique per virtual server (case-insensitive).
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/remote_domain#name RemoteDomain#name}
  */
  readonly name: string;
  /**
  * Authentication and TLS towards this domain's next hop. Omitted: anonymous, opportunistic TLS.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/remote_domain#outbound_security RemoteDomain#outbound_security}
  */
  readonly outboundSecurity?: RemoteDomainOutboundSecurity;
  /**
  * Legacy switch: `true` = at least `outbound_security.tls_policy = "encrypt"` for this domain. Defaults to `false`. Use `outbound_security.tls_policy`. **Deprecated**: require_tls is the legacy switch: use outbound_security.tls_policy = "encrypt" (or "verify").
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/remote_domain#require_tls RemoteDomain#require_tls}
  */
  readonly requireTls?: boolean | cdktn.IResolvable;
  /**
  * Host name or IP address to deliver this domain's mail to instead of its MX hosts. Omitted: the virtual server's route.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/remote_domain#smart_host RemoteDomain#smart_host}
  */
  readonly smartHost?: string;
  /**
  * TCP port of `smart_host`. Defaults to `25`.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/remote_domain#smart_host_port RemoteDomain#smart_host_port}
  */
  readonly smartHostPort?: number;
  /**
  * The virtual server this remote domain belongs to. Changing it replaces the remote domain.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/remote_domain#virtual_server_id RemoteDomain#virtual_server_id}
  */
  readonly virtualServerId: string;
}
export interface RemoteDomainOutboundSecurity {
  /**
  * How the relay authenticates to this domain's next hop: `"anonymous"` (default), `"basic"` (AUTH PLAIN/LOGIN with `username`/`password_wo`), `"integrated"` (CRAM-MD5) or `"oauth2"` (XOAUTH2 / OAUTHBEARER with a client-credentials token from `token_url`). Credentials of any kind are only ever sent inside TLS.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/remote_domain#authentication RemoteDomain#authentication}
  */
  readonly authentication?: string;
  /**
  * OAuth2 client (application) id for `authentication = "oauth2"`.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/remote_domain#client_id RemoteDomain#client_id}
  */
  readonly clientId?: string;
  /**
  * OAuth2 client secret (write-only, Terraform 1.11+): never read back or stored in state. Sent on create and whenever `client_secret_wo_version` changes; required on create with `oauth2` authentication.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/remote_domain#client_secret_wo RemoteDomain#client_secret_wo}
  */
  readonly clientSecretWo?: string;
  /**
  * Any whole number you change to make Terraform send `client_secret_wo` again (secret rotation). Omitted: the last version is kept (it is never planned back to null).
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/remote_domain#client_secret_wo_version RemoteDomain#client_secret_wo_version}
  */
  readonly clientSecretWoVersion?: number;
  /**
  * The password (write-only, Terraform 1.11+): never read back or stored in state. Sent on create and whenever `password_wo_version` changes; required on create with `basic` or `integrated` authentication.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/remote_domain#password_wo RemoteDomain#password_wo}
  */
  readonly passwordWo?: string;
  /**
  * Any whole number you change to make Terraform send `password_wo` again (password rotation). Omitted: the last version is kept (it is never planned back to null).
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/remote_domain#password_wo_version RemoteDomain#password_wo_version}
  */
  readonly passwordWoVersion?: number;
  /**
  * OAuth2 scope for `authentication = "oauth2"`, e.g. `https://outlook.office365.com/.default` (Microsoft 365) or `https://mail.google.com/` (Google).
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/remote_domain#scope RemoteDomain#scope}
  */
  readonly scope?: string;
  /**
  * Legacy switch: `true` = at least `tls_policy = "encrypt"` towards this domain's next hop. Defaults to `false`. Use `tls_policy`. **Deprecated**: outbound_security.tls is the legacy switch: use tls_policy = "encrypt" (or "verify", which also checks the certificate).
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/remote_domain#tls RemoteDomain#tls}
  */
  readonly tls?: boolean | cdktn.IResolvable;
  /**
  * PEM certificates trusted besides the system roots when `tls_policy = "verify"` (a private CA, or a self-signed smart host certificate) or `"mta_sts"` (the policy host and the MX hosts); also trusted for the OAuth2 `token_url`.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/remote_domain#tls_ca_pem RemoteDomain#tls_ca_pem}
  */
  readonly tlsCaPem?: string;
  /**
  * With `tls_policy = "verify"`: the certificate must also have one of these SHA-256 fingerprints (`AA:BB:...`, 32 colon-separated hex bytes), e.g. to pin a smart host across CA changes.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/remote_domain#tls_fingerprints_sha256 RemoteDomain#tls_fingerprints_sha256}
  */
  readonly tlsFingerprintsSha256?: string[];
  /**
  * How the session to this domain's next hop is protected (Postfix's `smtp_tls_security_level` in brackets): `"none"` never STARTTLS [none]; `"opportunistic"` STARTTLS when offered, certificate not checked, clear text otherwise [may]; `"encrypt"` STARTTLS required, certificate not checked [encrypt]; `"verify"` STARTTLS required, the certificate must chain to a system root or `tls_ca_pem` and name the smart host (or the MX host) [secure]. For direct MX delivery without credentials the recipient domain decides: `"dane"` the MX host's DNSSEC-validated TLSA records must match its certificate, opportunistic where it publishes none [dane, RFC 7672]; `"mta_sts"` the domain's MTA-STS policy: in `enforce` mode only its MX hosts, verified, in `testing` mode or without a policy opportunistic (RFC 8461). Omitted: `"verify"` when the route authenticates, `"opportunistic"` otherwise. A TLS problem defers the mail (4.7.4 / 4.7.5, "TLS level mismatch") until it expires.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/remote_domain#tls_policy RemoteDomain#tls_policy}
  */
  readonly tlsPolicy?: string;
  /**
  * OAuth2 token endpoint (`https://`) for `authentication = "oauth2"`, e.g. `https://login.microsoftonline.com/<tenant>/oauth2/v2.0/token`.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/remote_domain#token_url RemoteDomain#token_url}
  */
  readonly tokenUrl?: string;
  /**
  * User name for `basic` or `integrated` authentication, or the mailbox an `oauth2` token acts for; required unless `authentication = "anonymous"`.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/remote_domain#username RemoteDomain#username}
  */
  readonly username?: string;
}

export function remoteDomainOutboundSecurityToTerraform(struct?: RemoteDomainOutboundSecurity | cdktn.IResolvable): any {
  if (!cdktn.canInspect(struct) || cdktn.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktn.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdktn.io/docs/concepts/resources#references");
  }
  return {
    authentication: cdktn.stringToTerraform(struct!.authentication),
    client_id: cdktn.stringToTerraform(struct!.clientId),
    client_secret_wo: cdktn.stringToTerraform(struct!.clientSecretWo),
    client_secret_wo_version: cdktn.numberToTerraform(struct!.clientSecretWoVersion),
    password_wo: cdktn.stringToTerraform(struct!.passwordWo),
    password_wo_version: cdktn.numberToTerraform(struct!.passwordWoVersion),
    scope: cdktn.stringToTerraform(struct!.scope),
    tls: cdktn.booleanToTerraform(struct!.tls),
    tls_ca_pem: cdktn.stringToTerraform(struct!.tlsCaPem),
    tls_fingerprints_sha256: cdktn.listMapper(cdktn.stringToTerraform, false)(struct!.tlsFingerprintsSha256),
    tls_policy: cdktn.stringToTerraform(struct!.tlsPolicy),
    token_url: cdktn.stringToTerraform(struct!.tokenUrl),
    username: cdktn.stringToTerraform(struct!.username),
  }
}


export function remoteDomainOutboundSecurityToHclTerraform(struct?: RemoteDomainOutboundSecurity | cdktn.IResolvable): any {
  if (!cdktn.canInspect(struct) || cdktn.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktn.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdktn.io/docs/concepts/resources#references");
  }
  const attrs = {
    authentication: {
      value: cdktn.stringToHclTerraform(struct!.authentication),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    client_id: {
      value: cdktn.stringToHclTerraform(struct!.clientId),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    client_secret_wo: {
      value: cdktn.stringToHclTerraform(struct!.clientSecretWo),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    client_secret_wo_version: {
      value: cdktn.numberToHclTerraform(struct!.clientSecretWoVersion),
      isBlock: false,
      type: "simple",
      storageClassType: "number",
    },
    password_wo: {
      value: cdktn.stringToHclTerraform(struct!.passwordWo),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    password_wo_version: {
      value: cdktn.numberToHclTerraform(struct!.passwordWoVersion),
      isBlock: false,
      type: "simple",
      storageClassType: "number",
    },
    scope: {
      value: cdktn.stringToHclTerraform(struct!.scope),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    tls: {
      value: cdktn.booleanToHclTerraform(struct!.tls),
      isBlock: false,
      type: "simple",
      storageClassType: "boolean",
    },
    tls_ca_pem: {
      value: cdktn.stringToHclTerraform(struct!.tlsCaPem),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    tls_fingerprints_sha256: {
      value: cdktn.listMapperHcl(cdktn.stringToHclTerraform, false)(struct!.tlsFingerprintsSha256),
      isBlock: false,
      type: "set",
      storageClassType: "stringList",
    },
    tls_policy: {
      value: cdktn.stringToHclTerraform(struct!.tlsPolicy),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    token_url: {
      value: cdktn.stringToHclTerraform(struct!.tokenUrl),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    username: {
      value: cdktn.stringToHclTerraform(struct!.username),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

export class RemoteDomainOutboundSecurityOutputReference extends cdktn.ComplexObject {
  private isEmptyObject = false;
  private resolvableValue?: cdktn.IResolvable;

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  */
  public constructor(terraformResource: cdktn.IInterpolatingParent, terraformAttribute: string) {
    super(terraformResource, terraformAttribute, false);
  }

  public get internalValue(): RemoteDomainOutboundSecurity | cdktn.IResolvable | undefined {
    if (this.resolvableValue) {
      return this.resolvableValue;
    }
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    if (this._authentication !== undefined) {
      hasAnyValues = true;
      internalValueResult.authentication = this._authentication;
    }
    if (this._clientId !== undefined) {
      hasAnyValues = true;
      internalValueResult.clientId = this._clientId;
    }
    if (this._clientSecretWo !== undefined) {
      hasAnyValues = true;
      internalValueResult.clientSecretWo = this._clientSecretWo;
    }
    if (this._clientSecretWoVersion !== undefined) {
      hasAnyValues = true;
      internalValueResult.clientSecretWoVersion = this._clientSecretWoVersion;
    }
    if (this._passwordWo !== undefined) {
      hasAnyValues = true;
      internalValueResult.passwordWo = this._passwordWo;
    }
    if (this._passwordWoVersion !== undefined) {
      hasAnyValues = true;
      internalValueResult.passwordWoVersion = this._passwordWoVersion;
    }
    if (this._scope !== undefined) {
      hasAnyValues = true;
      internalValueResult.scope = this._scope;
    }
    if (this._tls !== undefined) {
      hasAnyValues = true;
      internalValueResult.tls = this._tls;
    }
    if (this._tlsCaPem !== undefined) {
      hasAnyValues = true;
      internalValueResult.tlsCaPem = this._tlsCaPem;
    }
    if (this._tlsFingerprintsSha256 !== undefined) {
      hasAnyValues = true;
      internalValueResult.tlsFingerprintsSha256 = this._tlsFingerprintsSha256;
    }
    if (this._tlsPolicy !== undefined) {
      hasAnyValues = true;
      internalValueResult.tlsPolicy = this._tlsPolicy;
    }
    if (this._tokenUrl !== undefined) {
      hasAnyValues = true;
      internalValueResult.tokenUrl = this._tokenUrl;
    }
    if (this._username !== undefined) {
      hasAnyValues = true;
      internalValueResult.username = this._username;
    }
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: RemoteDomainOutboundSecurity | cdktn.IResolvable | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
      this.resolvableValue = undefined;
      this._authentication = undefined;
      this._clientId = undefined;
      this._clientSecretWo = undefined;
      this._clientSecretWoVersion = undefined;
      this._passwordWo = undefined;
      this._passwordWoVersion = undefined;
      this._scope = undefined;
      this._tls = undefined;
      this._tlsCaPem = undefined;
      this._tlsFingerprintsSha256 = undefined;
      this._tlsPolicy = undefined;
      this._tokenUrl = undefined;
      this._username = undefined;
    }
    else if (cdktn.Tokenization.isResolvable(value)) {
      this.isEmptyObject = false;
      this.resolvableValue = value;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
      this.resolvableValue = undefined;
      this._authentication = value.authentication;
      this._clientId = value.clientId;
      this._clientSecretWo = value.clientSecretWo;
      this._clientSecretWoVersion = value.clientSecretWoVersion;
      this._passwordWo = value.passwordWo;
      this._passwordWoVersion = value.passwordWoVersion;
      this._scope = value.scope;
      this._tls = value.tls;
      this._tlsCaPem = value.tlsCaPem;
      this._tlsFingerprintsSha256 = value.tlsFingerprintsSha256;
      this._tlsPolicy = value.tlsPolicy;
      this._tokenUrl = value.tokenUrl;
      this._username = value.username;
    }
  }

  // authentication - computed: true, optional: true, required: false
  private _authentication?: string; 
  public get authentication() {
    return this.getStringAttribute('authentication');
  }
  public set authentication(value: string) {
    this._authentication = value;
  }
  public resetAuthentication() {
    this._authentication = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get authenticationInput() {
    return this._authentication;
  }

  // client_id - computed: false, optional: true, required: false
  private _clientId?: string; 
  public get clientId() {
    return this.getStringAttribute('client_id');
  }
  public set clientId(value: string) {
    this._clientId = value;
  }
  public resetClientId() {
    this._clientId = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get clientIdInput() {
    return this._clientId;
  }

  // client_secret_wo - computed: false, optional: true, required: false
  private _clientSecretWo?: string; 
  /**
  * @deprecated Write-only: the provider never returns this value; reading it always yields null by protocol contract. The getter remains for compatibility and will be removed in a future prebuilt-provider major.
  */
  public get clientSecretWo() {
    return this.getStringAttribute('client_secret_wo');
  }
  public set clientSecretWo(value: string) {
    this._clientSecretWo = value;
  }
  public resetClientSecretWo() {
    this._clientSecretWo = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get clientSecretWoInput() {
    return this._clientSecretWo;
  }

  // client_secret_wo_version - computed: true, optional: true, required: false
  private _clientSecretWoVersion?: number; 
  public get clientSecretWoVersion() {
    return this.getNumberAttribute('client_secret_wo_version');
  }
  public set clientSecretWoVersion(value: number) {
    this._clientSecretWoVersion = value;
  }
  public resetClientSecretWoVersion() {
    this._clientSecretWoVersion = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get clientSecretWoVersionInput() {
    return this._clientSecretWoVersion;
  }

  // password_wo - computed: false, optional: true, required: false
  private _passwordWo?: string; 
  /**
  * @deprecated Write-only: the provider never returns this value; reading it always yields null by protocol contract. The getter remains for compatibility and will be removed in a future prebuilt-provider major.
  */
  public get passwordWo() {
    return this.getStringAttribute('password_wo');
  }
  public set passwordWo(value: string) {
    this._passwordWo = value;
  }
  public resetPasswordWo() {
    this._passwordWo = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get passwordWoInput() {
    return this._passwordWo;
  }

  // password_wo_version - computed: true, optional: true, required: false
  private _passwordWoVersion?: number; 
  public get passwordWoVersion() {
    return this.getNumberAttribute('password_wo_version');
  }
  public set passwordWoVersion(value: number) {
    this._passwordWoVersion = value;
  }
  public resetPasswordWoVersion() {
    this._passwordWoVersion = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get passwordWoVersionInput() {
    return this._passwordWoVersion;
  }

  // scope - computed: false, optional: true, required: false
  private _scope?: string; 
  public get scope() {
    return this.getStringAttribute('scope');
  }
  public set scope(value: string) {
    this._scope = value;
  }
  public resetScope() {
    this._scope = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get scopeInput() {
    return this._scope;
  }

  // tls - computed: true, optional: true, required: false
  private _tls?: boolean | cdktn.IResolvable; 
  public get tls() {
    return this.getBooleanAttribute('tls');
  }
  public set tls(value: boolean | cdktn.IResolvable) {
    this._tls = value;
  }
  public resetTls() {
    this._tls = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get tlsInput() {
    return this._tls;
  }

  // tls_ca_pem - computed: false, optional: true, required: false
  private _tlsCaPem?: string; 
  public get tlsCaPem() {
    return this.getStringAttribute('tls_ca_pem');
  }
  public set tlsCaPem(value: string) {
    this._tlsCaPem = value;
  }
  public resetTlsCaPem() {
    this._tlsCaPem = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get tlsCaPemInput() {
    return this._tlsCaPem;
  }

  // tls_fingerprints_sha256 - computed: false, optional: true, required: false
  private _tlsFingerprintsSha256?: string[]; 
  public get tlsFingerprintsSha256() {
    return cdktn.Fn.tolist(this.getListAttribute('tls_fingerprints_sha256'));
  }
  public set tlsFingerprintsSha256(value: string[]) {
    this._tlsFingerprintsSha256 = value;
  }
  public resetTlsFingerprintsSha256() {
    this._tlsFingerprintsSha256 = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get tlsFingerprintsSha256Input() {
    return this._tlsFingerprintsSha256;
  }

  // tls_policy - computed: false, optional: true, required: false
  private _tlsPolicy?: string; 
  public get tlsPolicy() {
    return this.getStringAttribute('tls_policy');
  }
  public set tlsPolicy(value: string) {
    this._tlsPolicy = value;
  }
  public resetTlsPolicy() {
    this._tlsPolicy = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get tlsPolicyInput() {
    return this._tlsPolicy;
  }

  // token_url - computed: false, optional: true, required: false
  private _tokenUrl?: string; 
  public get tokenUrl() {
    return this.getStringAttribute('token_url');
  }
  public set tokenUrl(value: string) {
    this._tokenUrl = value;
  }
  public resetTokenUrl() {
    this._tokenUrl = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get tokenUrlInput() {
    return this._tokenUrl;
  }

  // username - computed: false, optional: true, required: false
  private _username?: string; 
  public get username() {
    return this.getStringAttribute('username');
  }
  public set username(value: string) {
    this._username = value;
  }
  public resetUsername() {
    this._username = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get usernameInput() {
    return this._username;
  }
}

/**
* Represents a {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/remote_domain smtp_remote_domain}
*/
export class RemoteDomain extends cdktn.TerraformResource {

  // =================
  // STATIC PROPERTIES
  // =================
  public static readonly tfResourceType = "smtp_remote_domain";

  // ==============
  // STATIC Methods
  // ==============
  /**
  * Generates CDKTN code for importing a RemoteDomain resource upon running "cdktn plan <stack-name>"
  * @param scope The scope in which to define this construct
  * @param importToId The construct id used in the generated config for the RemoteDomain to import
  * @param importFromId The id of the existing RemoteDomain that should be imported. Refer to the {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/remote_domain#import import section} in the documentation of this resource for the id to use
  * @param provider? Optional instance of the provider where the RemoteDomain to import is found
  */
  public static generateConfigForImport(scope: Construct, importToId: string, importFromId: string, provider?: cdktn.TerraformProvider) {
        return new cdktn.ImportableResource(scope, importToId, { terraformResourceType: "smtp_remote_domain", importId: importFromId, provider });
      }

  // ===========
  // INITIALIZER
  // ===========

  /**
  * Create a new {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/remote_domain smtp_remote_domain} Resource
  *
  * @param scope The scope in which to define this construct
  * @param id The scoped construct ID. Must be unique amongst siblings in the same scope
  * @param options RemoteDomainConfig
  */
  public constructor(scope: Construct, id: string, config: RemoteDomainConfig) {
    super(scope, id, {
      terraformResourceType: 'smtp_remote_domain',
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
    this._allowIncomingRelay = config.allowIncomingRelay;
    this._name = config.name;
    this._outboundSecurity.internalValue = config.outboundSecurity;
    this._requireTls = config.requireTls;
    this._smartHost = config.smartHost;
    this._smartHostPort = config.smartHostPort;
    this._virtualServerId = config.virtualServerId;
  }

  // ==========
  // ATTRIBUTES
  // ==========

  // allow_incoming_relay - computed: true, optional: true, required: false
  private _allowIncomingRelay?: boolean | cdktn.IResolvable; 
  public get allowIncomingRelay() {
    return this.getBooleanAttribute('allow_incoming_relay');
  }
  public set allowIncomingRelay(value: boolean | cdktn.IResolvable) {
    this._allowIncomingRelay = value;
  }
  public resetAllowIncomingRelay() {
    this._allowIncomingRelay = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get allowIncomingRelayInput() {
    return this._allowIncomingRelay;
  }

  // id - computed: true, optional: false, required: false
  public get id() {
    return this.getStringAttribute('id');
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

  // outbound_security - computed: false, optional: true, required: false
  private _outboundSecurity = new RemoteDomainOutboundSecurityOutputReference(this, "outbound_security");
  public get outboundSecurity() {
    return this._outboundSecurity;
  }
  public putOutboundSecurity(value: RemoteDomainOutboundSecurity) {
    this._outboundSecurity.internalValue = value;
  }
  public resetOutboundSecurity() {
    this._outboundSecurity.internalValue = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get outboundSecurityInput() {
    return this._outboundSecurity.internalValue;
  }

  // require_tls - computed: true, optional: true, required: false
  private _requireTls?: boolean | cdktn.IResolvable; 
  public get requireTls() {
    return this.getBooleanAttribute('require_tls');
  }
  public set requireTls(value: boolean | cdktn.IResolvable) {
    this._requireTls = value;
  }
  public resetRequireTls() {
    this._requireTls = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get requireTlsInput() {
    return this._requireTls;
  }

  // smart_host - computed: false, optional: true, required: false
  private _smartHost?: string; 
  public get smartHost() {
    return this.getStringAttribute('smart_host');
  }
  public set smartHost(value: string) {
    this._smartHost = value;
  }
  public resetSmartHost() {
    this._smartHost = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get smartHostInput() {
    return this._smartHost;
  }

  // smart_host_port - computed: true, optional: true, required: false
  private _smartHostPort?: number; 
  public get smartHostPort() {
    return this.getNumberAttribute('smart_host_port');
  }
  public set smartHostPort(value: number) {
    this._smartHostPort = value;
  }
  public resetSmartHostPort() {
    this._smartHostPort = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get smartHostPortInput() {
    return this._smartHostPort;
  }

  // virtual_server_id - computed: false, optional: false, required: true
  private _virtualServerId?: string; 
  public get virtualServerId() {
    return this.getStringAttribute('virtual_server_id');
  }
  public set virtualServerId(value: string) {
    this._virtualServerId = value;
  }
  // Temporarily expose input value. Use with caution.
  public get virtualServerIdInput() {
    return this._virtualServerId;
  }

  // =========
  // SYNTHESIS
  // =========

  protected synthesizeAttributes(): { [name: string]: any } {
    return {
      allow_incoming_relay: cdktn.booleanToTerraform(this._allowIncomingRelay),
      name: cdktn.stringToTerraform(this._name),
      outbound_security: remoteDomainOutboundSecurityToTerraform(this._outboundSecurity.internalValue),
      require_tls: cdktn.booleanToTerraform(this._requireTls),
      smart_host: cdktn.stringToTerraform(this._smartHost),
      smart_host_port: cdktn.numberToTerraform(this._smartHostPort),
      virtual_server_id: cdktn.stringToTerraform(this._virtualServerId),
    };
  }

  protected synthesizeHclAttributes(): { [name: string]: any } {
    const attrs = {
      allow_incoming_relay: {
        value: cdktn.booleanToHclTerraform(this._allowIncomingRelay),
        isBlock: false,
        type: "simple",
        storageClassType: "boolean",
      },
      name: {
        value: cdktn.stringToHclTerraform(this._name),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      outbound_security: {
        value: remoteDomainOutboundSecurityToHclTerraform(this._outboundSecurity.internalValue),
        isBlock: true,
        type: "struct",
        storageClassType: "RemoteDomainOutboundSecurity",
      },
      require_tls: {
        value: cdktn.booleanToHclTerraform(this._requireTls),
        isBlock: false,
        type: "simple",
        storageClassType: "boolean",
      },
      smart_host: {
        value: cdktn.stringToHclTerraform(this._smartHost),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      smart_host_port: {
        value: cdktn.numberToHclTerraform(this._smartHostPort),
        isBlock: false,
        type: "simple",
        storageClassType: "number",
      },
      virtual_server_id: {
        value: cdktn.stringToHclTerraform(this._virtualServerId),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
    };

    // remove undefined attributes
    return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined ))
  }
}
