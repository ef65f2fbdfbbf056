// https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/virtual_server
// generated from terraform resource schema

import { Construct } from 'constructs';
import * as cdktf from 'cdktf';

// Configuration

export interface VirtualServerConfig extends cdktf.TerraformMetaArguments {
  /**
  * Which SMTP authentication methods the listener offers.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/virtual_server#authentication VirtualServer#authentication}
  */
  readonly authentication?: VirtualServerAuthentication;
  /**
  * The IP address the listener binds to. Defaults to `"127.0.0.1"`.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/virtual_server#bind_address VirtualServer#bind_address}
  */
  readonly bindAddress?: string;
  /**
  * Who may connect.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/virtual_server#connection_control VirtualServer#connection_control}
  */
  readonly connectionControl?: VirtualServerConnectionControl;
  /**
  * The dead-letter store (IIS "Badmail directory"): accepted mail that can be neither delivered nor returned (a report to the null sender that fails, a damaged queue entry) is kept there, listed at `/v1/dead-letters`, instead of being dropped.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/virtual_server#dead_letter VirtualServer#dead_letter}
  */
  readonly deadLetter?: VirtualServerDeadLetter;
  /**
  * Outgoing delivery: next hop, its security, retries and notifications.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/virtual_server#delivery VirtualServer#delivery}
  */
  readonly delivery?: VirtualServerDelivery;
  /**
  * Directory that receives mail for `local_domains`. Unset: the relay uses `<data-dir>/drop/<id>` (kept from then on).
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/virtual_server#drop_directory VirtualServer#drop_directory}
  */
  readonly dropDirectory?: string;
  /**
  * Whether the listener accepts connections. Defaults to `true`.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/virtual_server#enabled VirtualServer#enabled}
  */
  readonly enabled?: boolean | cdktf.IResolvable;
  /**
  * The host name the server announces in its greeting and EHLO. Unset: the relay fills in its host name (kept from then on).
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/virtual_server#fqdn VirtualServer#fqdn}
  */
  readonly fqdn?: string;
  /**
  * Size and connection limits.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/virtual_server#limits VirtualServer#limits}
  */
  readonly limits?: VirtualServerLimits;
  /**
  * Domains delivered locally (to `drop_directory`) rather than relayed; recipients there need no relay permission. Defaults to `[]`.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/virtual_server#local_domains VirtualServer#local_domains}
  */
  readonly localDomains?: string[];
  /**
  * A name for humans (1 to 200 characters).
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/virtual_server#name VirtualServer#name}
  */
  readonly name: string;
  /**
  * Non-delivery reports.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/virtual_server#ndr VirtualServer#ndr}
  */
  readonly ndr?: VirtualServerNdr;
  /**
  * The TCP port the listener binds to (1-65535). `bind_address` + `port` must be unique across virtual servers.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/virtual_server#port VirtualServer#port}
  */
  readonly port: number;
  /**
  * Per-minute rate limits, like Postfix's anvil (`smtpd_client_message_rate_limit`, `smtpd_client_recipient_rate_limit`), per client IP, authenticated account and envelope sender domain. Counted in fixed one-minute windows shared by every worker process and every node on the same store; all unset (the default) costs nothing per message.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/virtual_server#rate_limits VirtualServer#rate_limits}
  */
  readonly rateLimits?: VirtualServerRateLimits;
  /**
  * Who may relay to domains other than `local_domains`.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/virtual_server#relay_control VirtualServer#relay_control}
  */
  readonly relayControl?: VirtualServerRelayControl;
  /**
  * Bounds on how long an operation waits for the relay (not on each API request).
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/virtual_server#timeouts VirtualServer#timeouts}
  */
  readonly timeouts?: VirtualServerTimeouts;
  /**
  * STARTTLS for incoming connections.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/virtual_server#tls VirtualServer#tls}
  */
  readonly tls?: VirtualServerTls;
}
export interface VirtualServerAuthentication {
  /**
  * Accept clients that do not authenticate. Defaults to `true`.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/virtual_server#anonymous VirtualServer#anonymous}
  */
  readonly anonymous?: boolean | cdktf.IResolvable;
  /**
  * Offer AUTH PLAIN/LOGIN with relay accounts (`DOMAIN\name`). Defaults to `false`.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/virtual_server#basic VirtualServer#basic}
  */
  readonly basic?: boolean | cdktf.IResolvable;
  /**
  * Domain assumed when a basic-auth client sends a bare name. Unset: none.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/virtual_server#basic_default_domain VirtualServer#basic_default_domain}
  */
  readonly basicDefaultDomain?: string;
  /**
  * Offer integrated authentication (AUTH CRAM-MD5 and XOAUTH2 with issued tokens; AUTH GSSAPI too when `kerberos_keytab_path` is set). Defaults to `false`.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/virtual_server#integrated VirtualServer#integrated}
  */
  readonly integrated?: boolean | cdktf.IResolvable;
  /**
  * Absolute path, on every relay node, of the keytab with the key of `kerberos_service_principal`: with `integrated = true` the listener offers AUTH GSSAPI (Kerberos V5, RFC 4752), and `alice@REALM` authenticates as the account `REALM\alice`. The file is read at each AUTH, never through the API. Unset: no GSSAPI.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/virtual_server#kerberos_keytab_path VirtualServer#kerberos_keytab_path}
  */
  readonly kerberosKeytabPath?: string;
  /**
  * The Kerberos service principal (`smtp/relay.example.com` or `smtp/relay.example.com@REALM`) whose tickets the listener accepts. Unset: `smtp/<fqdn>`.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/virtual_server#kerberos_service_principal VirtualServer#kerberos_service_principal}
  */
  readonly kerberosServicePrincipal?: string;
}

export function virtualServerAuthenticationToTerraform(struct?: VirtualServerAuthentication | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  return {
    anonymous: cdktf.booleanToTerraform(struct!.anonymous),
    basic: cdktf.booleanToTerraform(struct!.basic),
    basic_default_domain: cdktf.stringToTerraform(struct!.basicDefaultDomain),
    integrated: cdktf.booleanToTerraform(struct!.integrated),
    kerberos_keytab_path: cdktf.stringToTerraform(struct!.kerberosKeytabPath),
    kerberos_service_principal: cdktf.stringToTerraform(struct!.kerberosServicePrincipal),
  }
}


export function virtualServerAuthenticationToHclTerraform(struct?: VirtualServerAuthentication | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  const attrs = {
    anonymous: {
      value: cdktf.booleanToHclTerraform(struct!.anonymous),
      isBlock: false,
      type: "simple",
      storageClassType: "boolean",
    },
    basic: {
      value: cdktf.booleanToHclTerraform(struct!.basic),
      isBlock: false,
      type: "simple",
      storageClassType: "boolean",
    },
    basic_default_domain: {
      value: cdktf.stringToHclTerraform(struct!.basicDefaultDomain),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    integrated: {
      value: cdktf.booleanToHclTerraform(struct!.integrated),
      isBlock: false,
      type: "simple",
      storageClassType: "boolean",
    },
    kerberos_keytab_path: {
      value: cdktf.stringToHclTerraform(struct!.kerberosKeytabPath),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    kerberos_service_principal: {
      value: cdktf.stringToHclTerraform(struct!.kerberosServicePrincipal),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

export class VirtualServerAuthenticationOutputReference extends cdktf.ComplexObject {
  private isEmptyObject = false;
  private resolvableValue?: cdktf.IResolvable;

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  */
  public constructor(terraformResource: cdktf.IInterpolatingParent, terraformAttribute: string) {
    super(terraformResource, terraformAttribute, false);
  }

  public get internalValue(): VirtualServerAuthentication | cdktf.IResolvable | undefined {
    if (this.resolvableValue) {
      return this.resolvableValue;
    }
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    if (this._anonymous !== undefined) {
      hasAnyValues = true;
      internalValueResult.anonymous = this._anonymous;
    }
    if (this._basic !== undefined) {
      hasAnyValues = true;
      internalValueResult.basic = this._basic;
    }
    if (this._basicDefaultDomain !== undefined) {
      hasAnyValues = true;
      internalValueResult.basicDefaultDomain = this._basicDefaultDomain;
    }
    if (this._integrated !== undefined) {
      hasAnyValues = true;
      internalValueResult.integrated = this._integrated;
    }
    if (this._kerberosKeytabPath !== undefined) {
      hasAnyValues = true;
      internalValueResult.kerberosKeytabPath = this._kerberosKeytabPath;
    }
    if (this._kerberosServicePrincipal !== undefined) {
      hasAnyValues = true;
      internalValueResult.kerberosServicePrincipal = this._kerberosServicePrincipal;
    }
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: VirtualServerAuthentication | cdktf.IResolvable | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
      this.resolvableValue = undefined;
      this._anonymous = undefined;
      this._basic = undefined;
      this._basicDefaultDomain = undefined;
      this._integrated = undefined;
      this._kerberosKeytabPath = undefined;
      this._kerberosServicePrincipal = undefined;
    }
    else if (cdktf.Tokenization.isResolvable(value)) {
      this.isEmptyObject = false;
      this.resolvableValue = value;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
      this.resolvableValue = undefined;
      this._anonymous = value.anonymous;
      this._basic = value.basic;
      this._basicDefaultDomain = value.basicDefaultDomain;
      this._integrated = value.integrated;
      this._kerberosKeytabPath = value.kerberosKeytabPath;
      this._kerberosServicePrincipal = value.kerberosServicePrincipal;
    }
  }

  // anonymous - computed: true, optional: true, required: false
  private _anonymous?: boolean | cdktf.IResolvable; 
  public get anonymous() {
    return this.getBooleanAttribute('anonymous');
  }
  public set anonymous(value: boolean | cdktf.IResolvable) {
    this._anonymous = value;
  }
  public resetAnonymous() {
    this._anonymous = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get anonymousInput() {
    return this._anonymous;
  }

  // basic - computed: true, optional: true, required: false
  private _basic?: boolean | cdktf.IResolvable; 
  public get basic() {
    return this.getBooleanAttribute('basic');
  }
  public set basic(value: boolean | cdktf.IResolvable) {
    this._basic = value;
  }
  public resetBasic() {
    this._basic = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get basicInput() {
    return this._basic;
  }

  // basic_default_domain - computed: true, optional: true, required: false
  private _basicDefaultDomain?: string; 
  public get basicDefaultDomain() {
    return this.getStringAttribute('basic_default_domain');
  }
  public set basicDefaultDomain(value: string) {
    this._basicDefaultDomain = value;
  }
  public resetBasicDefaultDomain() {
    this._basicDefaultDomain = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get basicDefaultDomainInput() {
    return this._basicDefaultDomain;
  }

  // integrated - computed: true, optional: true, required: false
  private _integrated?: boolean | cdktf.IResolvable; 
  public get integrated() {
    return this.getBooleanAttribute('integrated');
  }
  public set integrated(value: boolean | cdktf.IResolvable) {
    this._integrated = value;
  }
  public resetIntegrated() {
    this._integrated = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get integratedInput() {
    return this._integrated;
  }

  // kerberos_keytab_path - computed: true, optional: true, required: false
  private _kerberosKeytabPath?: string; 
  public get kerberosKeytabPath() {
    return this.getStringAttribute('kerberos_keytab_path');
  }
  public set kerberosKeytabPath(value: string) {
    this._kerberosKeytabPath = value;
  }
  public resetKerberosKeytabPath() {
    this._kerberosKeytabPath = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get kerberosKeytabPathInput() {
    return this._kerberosKeytabPath;
  }

  // kerberos_service_principal - computed: true, optional: true, required: false
  private _kerberosServicePrincipal?: string; 
  public get kerberosServicePrincipal() {
    return this.getStringAttribute('kerberos_service_principal');
  }
  public set kerberosServicePrincipal(value: string) {
    this._kerberosServicePrincipal = value;
  }
  public resetKerberosServicePrincipal() {
    this._kerberosServicePrincipal = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get kerberosServicePrincipalInput() {
    return this._kerberosServicePrincipal;
  }
}
export interface VirtualServerConnectionControl {
  /**
  * How `smtp_connection_rule`s apply: `"all_except_listed"` (default: listed clients are refused) or `"only_listed"`.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/virtual_server#mode VirtualServer#mode}
  */
  readonly mode?: string;
}

export function virtualServerConnectionControlToTerraform(struct?: VirtualServerConnectionControl | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  return {
    mode: cdktf.stringToTerraform(struct!.mode),
  }
}


export function virtualServerConnectionControlToHclTerraform(struct?: VirtualServerConnectionControl | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  const attrs = {
    mode: {
      value: cdktf.stringToHclTerraform(struct!.mode),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

export class VirtualServerConnectionControlOutputReference extends cdktf.ComplexObject {
  private isEmptyObject = false;
  private resolvableValue?: cdktf.IResolvable;

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  */
  public constructor(terraformResource: cdktf.IInterpolatingParent, terraformAttribute: string) {
    super(terraformResource, terraformAttribute, false);
  }

  public get internalValue(): VirtualServerConnectionControl | cdktf.IResolvable | undefined {
    if (this.resolvableValue) {
      return this.resolvableValue;
    }
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    if (this._mode !== undefined) {
      hasAnyValues = true;
      internalValueResult.mode = this._mode;
    }
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: VirtualServerConnectionControl | cdktf.IResolvable | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
      this.resolvableValue = undefined;
      this._mode = undefined;
    }
    else if (cdktf.Tokenization.isResolvable(value)) {
      this.isEmptyObject = false;
      this.resolvableValue = value;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
      this.resolvableValue = undefined;
      this._mode = value.mode;
    }
  }

  // mode - computed: true, optional: true, required: false
  private _mode?: string; 
  public get mode() {
    return this.getStringAttribute('mode');
  }
  public set mode(value: string) {
    this._mode = value;
  }
  public resetMode() {
    this._mode = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get modeInput() {
    return this._mode;
  }
}
export interface VirtualServerDeadLetter {
  /**
  * Hours a dead letter is kept before it is deleted (> 0, at most 8760, fractions allowed; 168 is a week). Defaults to `168`.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/virtual_server#retention_hours VirtualServer#retention_hours}
  */
  readonly retentionHours?: number;
  /**
  * Address that gets a notice (sent with the null sender) about every dead letter (IIS `SendBadTo`); a notice that cannot be delivered is dropped, never dead-lettered itself. Unset: none.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/virtual_server#send_notice_to VirtualServer#send_notice_to}
  */
  readonly sendNoticeTo?: string;
}

export function virtualServerDeadLetterToTerraform(struct?: VirtualServerDeadLetter | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  return {
    retention_hours: cdktf.numberToTerraform(struct!.retentionHours),
    send_notice_to: cdktf.stringToTerraform(struct!.sendNoticeTo),
  }
}


export function virtualServerDeadLetterToHclTerraform(struct?: VirtualServerDeadLetter | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  const attrs = {
    retention_hours: {
      value: cdktf.numberToHclTerraform(struct!.retentionHours),
      isBlock: false,
      type: "simple",
      storageClassType: "number",
    },
    send_notice_to: {
      value: cdktf.stringToHclTerraform(struct!.sendNoticeTo),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

export class VirtualServerDeadLetterOutputReference extends cdktf.ComplexObject {
  private isEmptyObject = false;
  private resolvableValue?: cdktf.IResolvable;

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  */
  public constructor(terraformResource: cdktf.IInterpolatingParent, terraformAttribute: string) {
    super(terraformResource, terraformAttribute, false);
  }

  public get internalValue(): VirtualServerDeadLetter | cdktf.IResolvable | undefined {
    if (this.resolvableValue) {
      return this.resolvableValue;
    }
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    if (this._retentionHours !== undefined) {
      hasAnyValues = true;
      internalValueResult.retentionHours = this._retentionHours;
    }
    if (this._sendNoticeTo !== undefined) {
      hasAnyValues = true;
      internalValueResult.sendNoticeTo = this._sendNoticeTo;
    }
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: VirtualServerDeadLetter | cdktf.IResolvable | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
      this.resolvableValue = undefined;
      this._retentionHours = undefined;
      this._sendNoticeTo = undefined;
    }
    else if (cdktf.Tokenization.isResolvable(value)) {
      this.isEmptyObject = false;
      this.resolvableValue = value;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
      this.resolvableValue = undefined;
      this._retentionHours = value.retentionHours;
      this._sendNoticeTo = value.sendNoticeTo;
    }
  }

  // retention_hours - computed: true, optional: true, required: false
  private _retentionHours?: number; 
  public get retentionHours() {
    return this.getNumberAttribute('retention_hours');
  }
  public set retentionHours(value: number) {
    this._retentionHours = value;
  }
  public resetRetentionHours() {
    this._retentionHours = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get retentionHoursInput() {
    return this._retentionHours;
  }

  // send_notice_to - computed: true, optional: true, required: false
  private _sendNoticeTo?: string; 
  public get sendNoticeTo() {
    return this.getStringAttribute('send_notice_to');
  }
  public set sendNoticeTo(value: string) {
    this._sendNoticeTo = value;
  }
  public resetSendNoticeTo() {
    this._sendNoticeTo = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get sendNoticeToInput() {
    return this._sendNoticeTo;
  }
}
export interface VirtualServerDeliveryOutboundSecurity {
  /**
  * How the relay authenticates to the smart host or MX hosts: `"anonymous"` (default), `"basic"` (AUTH PLAIN/LOGIN with `username`/`password_wo`), `"integrated"` (CRAM-MD5) or `"oauth2"` (XOAUTH2 / OAUTHBEARER with a client-credentials token from `token_url`). Credentials of any kind are only ever sent inside TLS.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/virtual_server#authentication VirtualServer#authentication}
  */
  readonly authentication?: string;
  /**
  * OAuth2 client (application) id for `authentication = "oauth2"`.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/virtual_server#client_id VirtualServer#client_id}
  */
  readonly clientId?: string;
  /**
  * OAuth2 client secret (write-only, Terraform 1.11+): never read back or stored in state. Sent on create and whenever `client_secret_wo_version` changes; required on create with `oauth2` authentication.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/virtual_server#client_secret_wo VirtualServer#client_secret_wo}
  */
  readonly clientSecretWo?: string;
  /**
  * Any whole number you change to make Terraform send `client_secret_wo` again (secret rotation). Omitted: the last version is kept (it is never planned back to null).
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/virtual_server#client_secret_wo_version VirtualServer#client_secret_wo_version}
  */
  readonly clientSecretWoVersion?: number;
  /**
  * The password (write-only, Terraform 1.11+): never read back or stored in state. Sent on create and whenever `password_wo_version` changes; required on create with `basic` or `integrated` authentication.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/virtual_server#password_wo VirtualServer#password_wo}
  */
  readonly passwordWo?: string;
  /**
  * Any whole number you change to make Terraform send `password_wo` again (password rotation). Omitted: the last version is kept (it is never planned back to null).
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/virtual_server#password_wo_version VirtualServer#password_wo_version}
  */
  readonly passwordWoVersion?: number;
  /**
  * OAuth2 scope for `authentication = "oauth2"`, e.g. `https://outlook.office365.com/.default` (Microsoft 365) or `https://mail.google.com/` (Google).
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/virtual_server#scope VirtualServer#scope}
  */
  readonly scope?: string;
  /**
  * Legacy switch: `true` = at least `tls_policy = "encrypt"` towards the smart host or MX hosts. Defaults to `false`. Use `tls_policy`. **Deprecated**: outbound_security.tls is the legacy switch: use tls_policy = "encrypt" (or "verify", which also checks the certificate).
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/virtual_server#tls VirtualServer#tls}
  */
  readonly tls?: boolean | cdktf.IResolvable;
  /**
  * PEM certificates trusted besides the system roots when `tls_policy = "verify"` (a private CA, or a self-signed smart host certificate) or `"mta_sts"` (the policy host and the MX hosts); also trusted for the OAuth2 `token_url`.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/virtual_server#tls_ca_pem VirtualServer#tls_ca_pem}
  */
  readonly tlsCaPem?: string;
  /**
  * With `tls_policy = "verify"`: the certificate must also have one of these SHA-256 fingerprints (`AA:BB:...`, 32 colon-separated hex bytes), e.g. to pin a smart host across CA changes.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/virtual_server#tls_fingerprints_sha256 VirtualServer#tls_fingerprints_sha256}
  */
  readonly tlsFingerprintsSha256?: string[];
  /**
  * How the session to the smart host or MX hosts is protected (Postfix's `smtp_tls_security_level` in brackets): `"none"` never STARTTLS [none]; `"opportunistic"` STARTTLS when offered, certificate not checked, clear text otherwise [may]; `"encrypt"` STARTTLS required, certificate not checked [encrypt]; `"verify"` STARTTLS required, the certificate must chain to a system root or `tls_ca_pem` and name the smart host (or the MX host) [secure]. For direct MX delivery without credentials the recipient domain decides: `"dane"` the MX host's DNSSEC-validated TLSA records must match its certificate, opportunistic where it publishes none [dane, RFC 7672]; `"mta_sts"` the domain's MTA-STS policy: in `enforce` mode only its MX hosts, verified, in `testing` mode or without a policy opportunistic (RFC 8461). Omitted: `"verify"` when the route authenticates, `"opportunistic"` otherwise. A TLS problem defers the mail (4.7.4 / 4.7.5, "TLS level mismatch") until it expires.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/virtual_server#tls_policy VirtualServer#tls_policy}
  */
  readonly tlsPolicy?: string;
  /**
  * OAuth2 token endpoint (`https://`) for `authentication = "oauth2"`, e.g. `https://login.microsoftonline.com/<tenant>/oauth2/v2.0/token`.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/virtual_server#token_url VirtualServer#token_url}
  */
  readonly tokenUrl?: string;
  /**
  * User name for `basic` or `integrated` authentication, or the mailbox an `oauth2` token acts for; required unless `authentication = "anonymous"`.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/virtual_server#username VirtualServer#username}
  */
  readonly username?: string;
}

export function virtualServerDeliveryOutboundSecurityToTerraform(struct?: VirtualServerDeliveryOutboundSecurity | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  return {
    authentication: cdktf.stringToTerraform(struct!.authentication),
    client_id: cdktf.stringToTerraform(struct!.clientId),
    client_secret_wo: cdktf.stringToTerraform(struct!.clientSecretWo),
    client_secret_wo_version: cdktf.numberToTerraform(struct!.clientSecretWoVersion),
    password_wo: cdktf.stringToTerraform(struct!.passwordWo),
    password_wo_version: cdktf.numberToTerraform(struct!.passwordWoVersion),
    scope: cdktf.stringToTerraform(struct!.scope),
    tls: cdktf.booleanToTerraform(struct!.tls),
    tls_ca_pem: cdktf.stringToTerraform(struct!.tlsCaPem),
    tls_fingerprints_sha256: cdktf.listMapper(cdktf.stringToTerraform, false)(struct!.tlsFingerprintsSha256),
    tls_policy: cdktf.stringToTerraform(struct!.tlsPolicy),
    token_url: cdktf.stringToTerraform(struct!.tokenUrl),
    username: cdktf.stringToTerraform(struct!.username),
  }
}


export function virtualServerDeliveryOutboundSecurityToHclTerraform(struct?: VirtualServerDeliveryOutboundSecurity | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  const attrs = {
    authentication: {
      value: cdktf.stringToHclTerraform(struct!.authentication),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    client_id: {
      value: cdktf.stringToHclTerraform(struct!.clientId),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    client_secret_wo: {
      value: cdktf.stringToHclTerraform(struct!.clientSecretWo),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    client_secret_wo_version: {
      value: cdktf.numberToHclTerraform(struct!.clientSecretWoVersion),
      isBlock: false,
      type: "simple",
      storageClassType: "number",
    },
    password_wo: {
      value: cdktf.stringToHclTerraform(struct!.passwordWo),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    password_wo_version: {
      value: cdktf.numberToHclTerraform(struct!.passwordWoVersion),
      isBlock: false,
      type: "simple",
      storageClassType: "number",
    },
    scope: {
      value: cdktf.stringToHclTerraform(struct!.scope),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    tls: {
      value: cdktf.booleanToHclTerraform(struct!.tls),
      isBlock: false,
      type: "simple",
      storageClassType: "boolean",
    },
    tls_ca_pem: {
      value: cdktf.stringToHclTerraform(struct!.tlsCaPem),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    tls_fingerprints_sha256: {
      value: cdktf.listMapperHcl(cdktf.stringToHclTerraform, false)(struct!.tlsFingerprintsSha256),
      isBlock: false,
      type: "set",
      storageClassType: "stringList",
    },
    tls_policy: {
      value: cdktf.stringToHclTerraform(struct!.tlsPolicy),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    token_url: {
      value: cdktf.stringToHclTerraform(struct!.tokenUrl),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    username: {
      value: cdktf.stringToHclTerraform(struct!.username),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

export class VirtualServerDeliveryOutboundSecurityOutputReference extends cdktf.ComplexObject {
  private isEmptyObject = false;
  private resolvableValue?: cdktf.IResolvable;

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  */
  public constructor(terraformResource: cdktf.IInterpolatingParent, terraformAttribute: string) {
    super(terraformResource, terraformAttribute, false);
  }

  public get internalValue(): VirtualServerDeliveryOutboundSecurity | cdktf.IResolvable | undefined {
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

  public set internalValue(value: VirtualServerDeliveryOutboundSecurity | cdktf.IResolvable | undefined) {
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
    else if (cdktf.Tokenization.isResolvable(value)) {
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
  private _tls?: boolean | cdktf.IResolvable; 
  public get tls() {
    return this.getBooleanAttribute('tls');
  }
  public set tls(value: boolean | cdktf.IResolvable) {
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
    return cdktf.Fn.tolist(this.getListAttribute('tls_fingerprints_sha256'));
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
export interface VirtualServerDelivery {
  /**
  * Hours after which the sender is told that delivery is delayed (> 0, fractions allowed). Defaults to `12`. Set `0` for no delay notifications (the API's `null`: Terraform cannot tell an explicit null from an omitted value).
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/virtual_server#delay_notification_hours VirtualServer#delay_notification_hours}
  */
  readonly delayNotificationHours?: number;
  /**
  * Hours after which an undelivered message is returned to its sender (> 0, fractions allowed). Defaults to `48`.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/virtual_server#expiration_hours VirtualServer#expiration_hours}
  */
  readonly expirationHours?: number;
  /**
  * Domain that replaces the envelope sender's domain (MAIL FROM) of mail relayed to other hosts (IIS "Masquerade domain"); the `From:` header, local delivery and bounces (empty sender) are left as they are. Unset: the sender is sent unchanged.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/virtual_server#masquerade_domain VirtualServer#masquerade_domain}
  */
  readonly masqueradeDomain?: string;
  /**
  * Authentication and TLS towards the smart host or MX hosts. Omitted: anonymous, opportunistic TLS.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/virtual_server#outbound_security VirtualServer#outbound_security}
  */
  readonly outboundSecurity?: VirtualServerDeliveryOutboundSecurity;
  /**
  * Minutes between delivery attempts, 1 to 10 numbers > 0 (fractions allowed: 0.05 = 3 s); the last one repeats. Defaults to `[15, 30, 60, 240]`.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/virtual_server#retry_intervals_minutes VirtualServer#retry_intervals_minutes}
  */
  readonly retryIntervalsMinutes?: number[];
  /**
  * Send all outgoing mail to this host (name or IP) instead of the recipients' MX hosts. Unset: MX delivery.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/virtual_server#smart_host VirtualServer#smart_host}
  */
  readonly smartHost?: string;
  /**
  * TCP port of `smart_host`. Defaults to `25`.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/virtual_server#smart_host_port VirtualServer#smart_host_port}
  */
  readonly smartHostPort?: number;
}

export function virtualServerDeliveryToTerraform(struct?: VirtualServerDelivery | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  return {
    delay_notification_hours: cdktf.numberToTerraform(struct!.delayNotificationHours),
    expiration_hours: cdktf.numberToTerraform(struct!.expirationHours),
    masquerade_domain: cdktf.stringToTerraform(struct!.masqueradeDomain),
    outbound_security: virtualServerDeliveryOutboundSecurityToTerraform(struct!.outboundSecurity),
    retry_intervals_minutes: cdktf.listMapper(cdktf.numberToTerraform, false)(struct!.retryIntervalsMinutes),
    smart_host: cdktf.stringToTerraform(struct!.smartHost),
    smart_host_port: cdktf.numberToTerraform(struct!.smartHostPort),
  }
}


export function virtualServerDeliveryToHclTerraform(struct?: VirtualServerDelivery | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  const attrs = {
    delay_notification_hours: {
      value: cdktf.numberToHclTerraform(struct!.delayNotificationHours),
      isBlock: false,
      type: "simple",
      storageClassType: "number",
    },
    expiration_hours: {
      value: cdktf.numberToHclTerraform(struct!.expirationHours),
      isBlock: false,
      type: "simple",
      storageClassType: "number",
    },
    masquerade_domain: {
      value: cdktf.stringToHclTerraform(struct!.masqueradeDomain),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    outbound_security: {
      value: virtualServerDeliveryOutboundSecurityToHclTerraform(struct!.outboundSecurity),
      isBlock: true,
      type: "struct",
      storageClassType: "VirtualServerDeliveryOutboundSecurity",
    },
    retry_intervals_minutes: {
      value: cdktf.listMapperHcl(cdktf.numberToHclTerraform, false)(struct!.retryIntervalsMinutes),
      isBlock: false,
      type: "list",
      storageClassType: "numberList",
    },
    smart_host: {
      value: cdktf.stringToHclTerraform(struct!.smartHost),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    smart_host_port: {
      value: cdktf.numberToHclTerraform(struct!.smartHostPort),
      isBlock: false,
      type: "simple",
      storageClassType: "number",
    },
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

export class VirtualServerDeliveryOutputReference extends cdktf.ComplexObject {
  private isEmptyObject = false;
  private resolvableValue?: cdktf.IResolvable;

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  */
  public constructor(terraformResource: cdktf.IInterpolatingParent, terraformAttribute: string) {
    super(terraformResource, terraformAttribute, false);
  }

  public get internalValue(): VirtualServerDelivery | cdktf.IResolvable | undefined {
    if (this.resolvableValue) {
      return this.resolvableValue;
    }
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    if (this._delayNotificationHours !== undefined) {
      hasAnyValues = true;
      internalValueResult.delayNotificationHours = this._delayNotificationHours;
    }
    if (this._expirationHours !== undefined) {
      hasAnyValues = true;
      internalValueResult.expirationHours = this._expirationHours;
    }
    if (this._masqueradeDomain !== undefined) {
      hasAnyValues = true;
      internalValueResult.masqueradeDomain = this._masqueradeDomain;
    }
    if (this._outboundSecurity?.internalValue !== undefined) {
      hasAnyValues = true;
      internalValueResult.outboundSecurity = this._outboundSecurity?.internalValue;
    }
    if (this._retryIntervalsMinutes !== undefined) {
      hasAnyValues = true;
      internalValueResult.retryIntervalsMinutes = this._retryIntervalsMinutes;
    }
    if (this._smartHost !== undefined) {
      hasAnyValues = true;
      internalValueResult.smartHost = this._smartHost;
    }
    if (this._smartHostPort !== undefined) {
      hasAnyValues = true;
      internalValueResult.smartHostPort = this._smartHostPort;
    }
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: VirtualServerDelivery | cdktf.IResolvable | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
      this.resolvableValue = undefined;
      this._delayNotificationHours = undefined;
      this._expirationHours = undefined;
      this._masqueradeDomain = undefined;
      this._outboundSecurity.internalValue = undefined;
      this._retryIntervalsMinutes = undefined;
      this._smartHost = undefined;
      this._smartHostPort = undefined;
    }
    else if (cdktf.Tokenization.isResolvable(value)) {
      this.isEmptyObject = false;
      this.resolvableValue = value;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
      this.resolvableValue = undefined;
      this._delayNotificationHours = value.delayNotificationHours;
      this._expirationHours = value.expirationHours;
      this._masqueradeDomain = value.masqueradeDomain;
      this._outboundSecurity.internalValue = value.outboundSecurity;
      this._retryIntervalsMinutes = value.retryIntervalsMinutes;
      this._smartHost = value.smartHost;
      this._smartHostPort = value.smartHostPort;
    }
  }

  // delay_notification_hours - computed: true, optional: true, required: false
  private _delayNotificationHours?: number; 
  public get delayNotificationHours() {
    return this.getNumberAttribute('delay_notification_hours');
  }
  public set delayNotificationHours(value: number) {
    this._delayNotificationHours = value;
  }
  public resetDelayNotificationHours() {
    this._delayNotificationHours = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get delayNotificationHoursInput() {
    return this._delayNotificationHours;
  }

  // expiration_hours - computed: true, optional: true, required: false
  private _expirationHours?: number; 
  public get expirationHours() {
    return this.getNumberAttribute('expiration_hours');
  }
  public set expirationHours(value: number) {
    this._expirationHours = value;
  }
  public resetExpirationHours() {
    this._expirationHours = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get expirationHoursInput() {
    return this._expirationHours;
  }

  // masquerade_domain - computed: false, optional: true, required: false
  private _masqueradeDomain?: string; 
  public get masqueradeDomain() {
    return this.getStringAttribute('masquerade_domain');
  }
  public set masqueradeDomain(value: string) {
    this._masqueradeDomain = value;
  }
  public resetMasqueradeDomain() {
    this._masqueradeDomain = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get masqueradeDomainInput() {
    return this._masqueradeDomain;
  }

  // outbound_security - computed: false, optional: true, required: false
  private _outboundSecurity = new VirtualServerDeliveryOutboundSecurityOutputReference(this, "outbound_security");
  public get outboundSecurity() {
    return this._outboundSecurity;
  }
  public putOutboundSecurity(value: VirtualServerDeliveryOutboundSecurity) {
    this._outboundSecurity.internalValue = value;
  }
  public resetOutboundSecurity() {
    this._outboundSecurity.internalValue = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get outboundSecurityInput() {
    return this._outboundSecurity.internalValue;
  }

  // retry_intervals_minutes - computed: true, optional: true, required: false
  private _retryIntervalsMinutes?: number[]; 
  public get retryIntervalsMinutes() {
    return this.getNumberListAttribute('retry_intervals_minutes');
  }
  public set retryIntervalsMinutes(value: number[]) {
    this._retryIntervalsMinutes = value;
  }
  public resetRetryIntervalsMinutes() {
    this._retryIntervalsMinutes = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get retryIntervalsMinutesInput() {
    return this._retryIntervalsMinutes;
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
}
export interface VirtualServerLimits {
  /**
  * Idle time before the server closes a connection, in seconds. Defaults to `600`.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/virtual_server#connection_timeout_seconds VirtualServer#connection_timeout_seconds}
  */
  readonly connectionTimeoutSeconds?: number;
  /**
  * Most simultaneous SMTP connections. Defaults to `100`.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/virtual_server#max_connections VirtualServer#max_connections}
  */
  readonly maxConnections?: number;
  /**
  * Most simultaneous SMTP connections from one client IP address (Postfix `smtpd_client_connection_count_limit`); the next one gets `421 4.7.0` at connect and is closed. Counted over all worker processes of a relay node; nodes sharing PostgreSQL count each on its own (a client may hold this many on every node). At least 1, at most 100000. Unset: no limit.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/virtual_server#max_connections_per_ip VirtualServer#max_connections_per_ip}
  */
  readonly maxConnectionsPerIp?: number;
  /**
  * Most `Received:` header fields a message may arrive with (IIS "Maximum hop count", Postfix `hopcount_limit`); with more, DATA is refused with `554 5.4.6` (routing loop detected) and nothing is queued. Defaults to `100`.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/virtual_server#max_hop_count VirtualServer#max_hop_count}
  */
  readonly maxHopCount?: number;
  /**
  * Largest message accepted, in KiB (SIZE). Defaults to `10240`.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/virtual_server#max_message_size_kb VirtualServer#max_message_size_kb}
  */
  readonly maxMessageSizeKb?: number;
  /**
  * Most messages per SMTP connection. Defaults to `20`.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/virtual_server#max_messages_per_connection VirtualServer#max_messages_per_connection}
  */
  readonly maxMessagesPerConnection?: number;
  /**
  * Most RCPT TO per message. Defaults to `100`.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/virtual_server#max_recipients_per_message VirtualServer#max_recipients_per_message}
  */
  readonly maxRecipientsPerMessage?: number;
}

export function virtualServerLimitsToTerraform(struct?: VirtualServerLimits | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  return {
    connection_timeout_seconds: cdktf.numberToTerraform(struct!.connectionTimeoutSeconds),
    max_connections: cdktf.numberToTerraform(struct!.maxConnections),
    max_connections_per_ip: cdktf.numberToTerraform(struct!.maxConnectionsPerIp),
    max_hop_count: cdktf.numberToTerraform(struct!.maxHopCount),
    max_message_size_kb: cdktf.numberToTerraform(struct!.maxMessageSizeKb),
    max_messages_per_connection: cdktf.numberToTerraform(struct!.maxMessagesPerConnection),
    max_recipients_per_message: cdktf.numberToTerraform(struct!.maxRecipientsPerMessage),
  }
}


export function virtualServerLimitsToHclTerraform(struct?: VirtualServerLimits | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  const attrs = {
    connection_timeout_seconds: {
      value: cdktf.numberToHclTerraform(struct!.connectionTimeoutSeconds),
      isBlock: false,
      type: "simple",
      storageClassType: "number",
    },
    max_connections: {
      value: cdktf.numberToHclTerraform(struct!.maxConnections),
      isBlock: false,
      type: "simple",
      storageClassType: "number",
    },
    max_connections_per_ip: {
      value: cdktf.numberToHclTerraform(struct!.maxConnectionsPerIp),
      isBlock: false,
      type: "simple",
      storageClassType: "number",
    },
    max_hop_count: {
      value: cdktf.numberToHclTerraform(struct!.maxHopCount),
      isBlock: false,
      type: "simple",
      storageClassType: "number",
    },
    max_message_size_kb: {
      value: cdktf.numberToHclTerraform(struct!.maxMessageSizeKb),
      isBlock: false,
      type: "simple",
      storageClassType: "number",
    },
    max_messages_per_connection: {
      value: cdktf.numberToHclTerraform(struct!.maxMessagesPerConnection),
      isBlock: false,
      type: "simple",
      storageClassType: "number",
    },
    max_recipients_per_message: {
      value: cdktf.numberToHclTerraform(struct!.maxRecipientsPerMessage),
      isBlock: false,
      type: "simple",
      storageClassType: "number",
    },
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

export class VirtualServerLimitsOutputReference extends cdktf.ComplexObject {
  private isEmptyObject = false;
  private resolvableValue?: cdktf.IResolvable;

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  */
  public constructor(terraformResource: cdktf.IInterpolatingParent, terraformAttribute: string) {
    super(terraformResource, terraformAttribute, false);
  }

  public get internalValue(): VirtualServerLimits | cdktf.IResolvable | undefined {
    if (this.resolvableValue) {
      return this.resolvableValue;
    }
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    if (this._connectionTimeoutSeconds !== undefined) {
      hasAnyValues = true;
      internalValueResult.connectionTimeoutSeconds = this._connectionTimeoutSeconds;
    }
    if (this._maxConnections !== undefined) {
      hasAnyValues = true;
      internalValueResult.maxConnections = this._maxConnections;
    }
    if (this._maxConnectionsPerIp !== undefined) {
      hasAnyValues = true;
      internalValueResult.maxConnectionsPerIp = this._maxConnectionsPerIp;
    }
    if (this._maxHopCount !== undefined) {
      hasAnyValues = true;
      internalValueResult.maxHopCount = this._maxHopCount;
    }
    if (this._maxMessageSizeKb !== undefined) {
      hasAnyValues = true;
      internalValueResult.maxMessageSizeKb = this._maxMessageSizeKb;
    }
    if (this._maxMessagesPerConnection !== undefined) {
      hasAnyValues = true;
      internalValueResult.maxMessagesPerConnection = this._maxMessagesPerConnection;
    }
    if (this._maxRecipientsPerMessage !== undefined) {
      hasAnyValues = true;
      internalValueResult.maxRecipientsPerMessage = this._maxRecipientsPerMessage;
    }
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: VirtualServerLimits | cdktf.IResolvable | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
      this.resolvableValue = undefined;
      this._connectionTimeoutSeconds = undefined;
      this._maxConnections = undefined;
      this._maxConnectionsPerIp = undefined;
      this._maxHopCount = undefined;
      this._maxMessageSizeKb = undefined;
      this._maxMessagesPerConnection = undefined;
      this._maxRecipientsPerMessage = undefined;
    }
    else if (cdktf.Tokenization.isResolvable(value)) {
      this.isEmptyObject = false;
      this.resolvableValue = value;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
      this.resolvableValue = undefined;
      this._connectionTimeoutSeconds = value.connectionTimeoutSeconds;
      this._maxConnections = value.maxConnections;
      this._maxConnectionsPerIp = value.maxConnectionsPerIp;
      this._maxHopCount = value.maxHopCount;
      this._maxMessageSizeKb = value.maxMessageSizeKb;
      this._maxMessagesPerConnection = value.maxMessagesPerConnection;
      this._maxRecipientsPerMessage = value.maxRecipientsPerMessage;
    }
  }

  // connection_timeout_seconds - computed: true, optional: true, required: false
  private _connectionTimeoutSeconds?: number; 
  public get connectionTimeoutSeconds() {
    return this.getNumberAttribute('connection_timeout_seconds');
  }
  public set connectionTimeoutSeconds(value: number) {
    this._connectionTimeoutSeconds = value;
  }
  public resetConnectionTimeoutSeconds() {
    this._connectionTimeoutSeconds = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get connectionTimeoutSecondsInput() {
    return this._connectionTimeoutSeconds;
  }

  // max_connections - computed: true, optional: true, required: false
  private _maxConnections?: number; 
  public get maxConnections() {
    return this.getNumberAttribute('max_connections');
  }
  public set maxConnections(value: number) {
    this._maxConnections = value;
  }
  public resetMaxConnections() {
    this._maxConnections = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get maxConnectionsInput() {
    return this._maxConnections;
  }

  // max_connections_per_ip - computed: true, optional: true, required: false
  private _maxConnectionsPerIp?: number; 
  public get maxConnectionsPerIp() {
    return this.getNumberAttribute('max_connections_per_ip');
  }
  public set maxConnectionsPerIp(value: number) {
    this._maxConnectionsPerIp = value;
  }
  public resetMaxConnectionsPerIp() {
    this._maxConnectionsPerIp = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get maxConnectionsPerIpInput() {
    return this._maxConnectionsPerIp;
  }

  // max_hop_count - computed: true, optional: true, required: false
  private _maxHopCount?: number; 
  public get maxHopCount() {
    return this.getNumberAttribute('max_hop_count');
  }
  public set maxHopCount(value: number) {
    this._maxHopCount = value;
  }
  public resetMaxHopCount() {
    this._maxHopCount = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get maxHopCountInput() {
    return this._maxHopCount;
  }

  // max_message_size_kb - computed: true, optional: true, required: false
  private _maxMessageSizeKb?: number; 
  public get maxMessageSizeKb() {
    return this.getNumberAttribute('max_message_size_kb');
  }
  public set maxMessageSizeKb(value: number) {
    this._maxMessageSizeKb = value;
  }
  public resetMaxMessageSizeKb() {
    this._maxMessageSizeKb = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get maxMessageSizeKbInput() {
    return this._maxMessageSizeKb;
  }

  // max_messages_per_connection - computed: true, optional: true, required: false
  private _maxMessagesPerConnection?: number; 
  public get maxMessagesPerConnection() {
    return this.getNumberAttribute('max_messages_per_connection');
  }
  public set maxMessagesPerConnection(value: number) {
    this._maxMessagesPerConnection = value;
  }
  public resetMaxMessagesPerConnection() {
    this._maxMessagesPerConnection = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get maxMessagesPerConnectionInput() {
    return this._maxMessagesPerConnection;
  }

  // max_recipients_per_message - computed: true, optional: true, required: false
  private _maxRecipientsPerMessage?: number; 
  public get maxRecipientsPerMessage() {
    return this.getNumberAttribute('max_recipients_per_message');
  }
  public set maxRecipientsPerMessage(value: number) {
    this._maxRecipientsPerMessage = value;
  }
  public resetMaxRecipientsPerMessage() {
    this._maxRecipientsPerMessage = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get maxRecipientsPerMessageInput() {
    return this._maxRecipientsPerMessage;
  }
}
export interface VirtualServerNdr {
  /**
  * Address that gets a copy of every non-delivery report. Unset: none.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/virtual_server#send_copy_to VirtualServer#send_copy_to}
  */
  readonly sendCopyTo?: string;
}

export function virtualServerNdrToTerraform(struct?: VirtualServerNdr | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  return {
    send_copy_to: cdktf.stringToTerraform(struct!.sendCopyTo),
  }
}


export function virtualServerNdrToHclTerraform(struct?: VirtualServerNdr | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  const attrs = {
    send_copy_to: {
      value: cdktf.stringToHclTerraform(struct!.sendCopyTo),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

export class VirtualServerNdrOutputReference extends cdktf.ComplexObject {
  private isEmptyObject = false;
  private resolvableValue?: cdktf.IResolvable;

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  */
  public constructor(terraformResource: cdktf.IInterpolatingParent, terraformAttribute: string) {
    super(terraformResource, terraformAttribute, false);
  }

  public get internalValue(): VirtualServerNdr | cdktf.IResolvable | undefined {
    if (this.resolvableValue) {
      return this.resolvableValue;
    }
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    if (this._sendCopyTo !== undefined) {
      hasAnyValues = true;
      internalValueResult.sendCopyTo = this._sendCopyTo;
    }
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: VirtualServerNdr | cdktf.IResolvable | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
      this.resolvableValue = undefined;
      this._sendCopyTo = undefined;
    }
    else if (cdktf.Tokenization.isResolvable(value)) {
      this.isEmptyObject = false;
      this.resolvableValue = value;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
      this.resolvableValue = undefined;
      this._sendCopyTo = value.sendCopyTo;
    }
  }

  // send_copy_to - computed: true, optional: true, required: false
  private _sendCopyTo?: string; 
  public get sendCopyTo() {
    return this.getStringAttribute('send_copy_to');
  }
  public set sendCopyTo(value: string) {
    this._sendCopyTo = value;
  }
  public resetSendCopyTo() {
    this._sendCopyTo = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get sendCopyToInput() {
    return this._sendCopyTo;
  }
}
export interface VirtualServerRateLimits {
  /**
  * Most messages (MAIL FROM commands) per minute per authenticated account (anonymous sessions are not counted here); past it MAIL FROM gets `451 4.7.1` saying when to try again. At least 1, at most 1000000. Unset: no limit.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/virtual_server#messages_per_minute_per_account VirtualServer#messages_per_minute_per_account}
  */
  readonly messagesPerMinutePerAccount?: number;
  /**
  * Most messages (MAIL FROM commands) per minute per client IP address (Postfix `smtpd_client_message_rate_limit`); past it MAIL FROM gets `451 4.7.1` saying when to try again. At least 1, at most 1000000. Unset: no limit.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/virtual_server#messages_per_minute_per_client_ip VirtualServer#messages_per_minute_per_client_ip}
  */
  readonly messagesPerMinutePerClientIp?: number;
  /**
  * Most messages (MAIL FROM commands) per minute per envelope sender domain (the null sender is not counted here); past it MAIL FROM gets `451 4.7.1` saying when to try again. At least 1, at most 1000000. Unset: no limit.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/virtual_server#messages_per_minute_per_sender_domain VirtualServer#messages_per_minute_per_sender_domain}
  */
  readonly messagesPerMinutePerSenderDomain?: number;
  /**
  * Most accepted recipients (RCPT TO) per minute per authenticated account; past it RCPT TO gets `451 4.7.1` saying when to try again (a refused recipient is not counted). At least 1, at most 10000000. Unset: no limit.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/virtual_server#recipients_per_minute_per_account VirtualServer#recipients_per_minute_per_account}
  */
  readonly recipientsPerMinutePerAccount?: number;
  /**
  * Most accepted recipients (RCPT TO) per minute per client IP address (Postfix `smtpd_client_recipient_rate_limit`); past it RCPT TO gets `451 4.7.1` saying when to try again (a refused recipient is not counted). At least 1, at most 10000000. Unset: no limit.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/virtual_server#recipients_per_minute_per_client_ip VirtualServer#recipients_per_minute_per_client_ip}
  */
  readonly recipientsPerMinutePerClientIp?: number;
  /**
  * Most accepted recipients (RCPT TO) per minute per envelope sender domain; past it RCPT TO gets `451 4.7.1` saying when to try again (a refused recipient is not counted). At least 1, at most 10000000. Unset: no limit.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/virtual_server#recipients_per_minute_per_sender_domain VirtualServer#recipients_per_minute_per_sender_domain}
  */
  readonly recipientsPerMinutePerSenderDomain?: number;
}

export function virtualServerRateLimitsToTerraform(struct?: VirtualServerRateLimits | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  return {
    messages_per_minute_per_account: cdktf.numberToTerraform(struct!.messagesPerMinutePerAccount),
    messages_per_minute_per_client_ip: cdktf.numberToTerraform(struct!.messagesPerMinutePerClientIp),
    messages_per_minute_per_sender_domain: cdktf.numberToTerraform(struct!.messagesPerMinutePerSenderDomain),
    recipients_per_minute_per_account: cdktf.numberToTerraform(struct!.recipientsPerMinutePerAccount),
    recipients_per_minute_per_client_ip: cdktf.numberToTerraform(struct!.recipientsPerMinutePerClientIp),
    recipients_per_minute_per_sender_domain: cdktf.numberToTerraform(struct!.recipientsPerMinutePerSenderDomain),
  }
}


export function virtualServerRateLimitsToHclTerraform(struct?: VirtualServerRateLimits | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  const attrs = {
    messages_per_minute_per_account: {
      value: cdktf.numberToHclTerraform(struct!.messagesPerMinutePerAccount),
      isBlock: false,
      type: "simple",
      storageClassType: "number",
    },
    messages_per_minute_per_client_ip: {
      value: cdktf.numberToHclTerraform(struct!.messagesPerMinutePerClientIp),
      isBlock: false,
      type: "simple",
      storageClassType: "number",
    },
    messages_per_minute_per_sender_domain: {
      value: cdktf.numberToHclTerraform(struct!.messagesPerMinutePerSenderDomain),
      isBlock: false,
      type: "simple",
      storageClassType: "number",
    },
    recipients_per_minute_per_account: {
      value: cdktf.numberToHclTerraform(struct!.recipientsPerMinutePerAccount),
      isBlock: false,
      type: "simple",
      storageClassType: "number",
    },
    recipients_per_minute_per_client_ip: {
      value: cdktf.numberToHclTerraform(struct!.recipientsPerMinutePerClientIp),
      isBlock: false,
      type: "simple",
      storageClassType: "number",
    },
    recipients_per_minute_per_sender_domain: {
      value: cdktf.numberToHclTerraform(struct!.recipientsPerMinutePerSenderDomain),
      isBlock: false,
      type: "simple",
      storageClassType: "number",
    },
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

export class VirtualServerRateLimitsOutputReference extends cdktf.ComplexObject {
  private isEmptyObject = false;
  private resolvableValue?: cdktf.IResolvable;

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  */
  public constructor(terraformResource: cdktf.IInterpolatingParent, terraformAttribute: string) {
    super(terraformResource, terraformAttribute, false);
  }

  public get internalValue(): VirtualServerRateLimits | cdktf.IResolvable | undefined {
    if (this.resolvableValue) {
      return this.resolvableValue;
    }
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    if (this._messagesPerMinutePerAccount !== undefined) {
      hasAnyValues = true;
      internalValueResult.messagesPerMinutePerAccount = this._messagesPerMinutePerAccount;
    }
    if (this._messagesPerMinutePerClientIp !== undefined) {
      hasAnyValues = true;
      internalValueResult.messagesPerMinutePerClientIp = this._messagesPerMinutePerClientIp;
    }
    if (this._messagesPerMinutePerSenderDomain !== undefined) {
      hasAnyValues = true;
      internalValueResult.messagesPerMinutePerSenderDomain = this._messagesPerMinutePerSenderDomain;
    }
    if (this._recipientsPerMinutePerAccount !== undefined) {
      hasAnyValues = true;
      internalValueResult.recipientsPerMinutePerAccount = this._recipientsPerMinutePerAccount;
    }
    if (this._recipientsPerMinutePerClientIp !== undefined) {
      hasAnyValues = true;
      internalValueResult.recipientsPerMinutePerClientIp = this._recipientsPerMinutePerClientIp;
    }
    if (this._recipientsPerMinutePerSenderDomain !== undefined) {
      hasAnyValues = true;
      internalValueResult.recipientsPerMinutePerSenderDomain = this._recipientsPerMinutePerSenderDomain;
    }
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: VirtualServerRateLimits | cdktf.IResolvable | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
      this.resolvableValue = undefined;
      this._messagesPerMinutePerAccount = undefined;
      this._messagesPerMinutePerClientIp = undefined;
      this._messagesPerMinutePerSenderDomain = undefined;
      this._recipientsPerMinutePerAccount = undefined;
      this._recipientsPerMinutePerClientIp = undefined;
      this._recipientsPerMinutePerSenderDomain = undefined;
    }
    else if (cdktf.Tokenization.isResolvable(value)) {
      this.isEmptyObject = false;
      this.resolvableValue = value;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
      this.resolvableValue = undefined;
      this._messagesPerMinutePerAccount = value.messagesPerMinutePerAccount;
      this._messagesPerMinutePerClientIp = value.messagesPerMinutePerClientIp;
      this._messagesPerMinutePerSenderDomain = value.messagesPerMinutePerSenderDomain;
      this._recipientsPerMinutePerAccount = value.recipientsPerMinutePerAccount;
      this._recipientsPerMinutePerClientIp = value.recipientsPerMinutePerClientIp;
      this._recipientsPerMinutePerSenderDomain = value.recipientsPerMinutePerSenderDomain;
    }
  }

  // messages_per_minute_per_account - computed: true, optional: true, required: false
  private _messagesPerMinutePerAccount?: number; 
  public get messagesPerMinutePerAccount() {
    return this.getNumberAttribute('messages_per_minute_per_account');
  }
  public set messagesPerMinutePerAccount(value: number) {
    this._messagesPerMinutePerAccount = value;
  }
  public resetMessagesPerMinutePerAccount() {
    this._messagesPerMinutePerAccount = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get messagesPerMinutePerAccountInput() {
    return this._messagesPerMinutePerAccount;
  }

  // messages_per_minute_per_client_ip - computed: true, optional: true, required: false
  private _messagesPerMinutePerClientIp?: number; 
  public get messagesPerMinutePerClientIp() {
    return this.getNumberAttribute('messages_per_minute_per_client_ip');
  }
  public set messagesPerMinutePerClientIp(value: number) {
    this._messagesPerMinutePerClientIp = value;
  }
  public resetMessagesPerMinutePerClientIp() {
    this._messagesPerMinutePerClientIp = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get messagesPerMinutePerClientIpInput() {
    return this._messagesPerMinutePerClientIp;
  }

  // messages_per_minute_per_sender_domain - computed: true, optional: true, required: false
  private _messagesPerMinutePerSenderDomain?: number; 
  public get messagesPerMinutePerSenderDomain() {
    return this.getNumberAttribute('messages_per_minute_per_sender_domain');
  }
  public set messagesPerMinutePerSenderDomain(value: number) {
    this._messagesPerMinutePerSenderDomain = value;
  }
  public resetMessagesPerMinutePerSenderDomain() {
    this._messagesPerMinutePerSenderDomain = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get messagesPerMinutePerSenderDomainInput() {
    return this._messagesPerMinutePerSenderDomain;
  }

  // recipients_per_minute_per_account - computed: true, optional: true, required: false
  private _recipientsPerMinutePerAccount?: number; 
  public get recipientsPerMinutePerAccount() {
    return this.getNumberAttribute('recipients_per_minute_per_account');
  }
  public set recipientsPerMinutePerAccount(value: number) {
    this._recipientsPerMinutePerAccount = value;
  }
  public resetRecipientsPerMinutePerAccount() {
    this._recipientsPerMinutePerAccount = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get recipientsPerMinutePerAccountInput() {
    return this._recipientsPerMinutePerAccount;
  }

  // recipients_per_minute_per_client_ip - computed: true, optional: true, required: false
  private _recipientsPerMinutePerClientIp?: number; 
  public get recipientsPerMinutePerClientIp() {
    return this.getNumberAttribute('recipients_per_minute_per_client_ip');
  }
  public set recipientsPerMinutePerClientIp(value: number) {
    this._recipientsPerMinutePerClientIp = value;
  }
  public resetRecipientsPerMinutePerClientIp() {
    this._recipientsPerMinutePerClientIp = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get recipientsPerMinutePerClientIpInput() {
    return this._recipientsPerMinutePerClientIp;
  }

  // recipients_per_minute_per_sender_domain - computed: true, optional: true, required: false
  private _recipientsPerMinutePerSenderDomain?: number; 
  public get recipientsPerMinutePerSenderDomain() {
    return this.getNumberAttribute('recipients_per_minute_per_sender_domain');
  }
  public set recipientsPerMinutePerSenderDomain(value: number) {
    this._recipientsPerMinutePerSenderDomain = value;
  }
  public resetRecipientsPerMinutePerSenderDomain() {
    this._recipientsPerMinutePerSenderDomain = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get recipientsPerMinutePerSenderDomainInput() {
    return this._recipientsPerMinutePerSenderDomain;
  }
}
export interface VirtualServerRelayControl {
  /**
  * Let authenticated clients relay whatever the rules say. Defaults to `true`.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/virtual_server#allow_authenticated VirtualServer#allow_authenticated}
  */
  readonly allowAuthenticated?: boolean | cdktf.IResolvable;
  /**
  * How `smtp_relay_rule`s apply to non-local recipients: `"only_listed"` (default: only listed clients may relay) or `"all_except_listed"` (everyone but the listed clients may relay; with no rules that is an open relay).
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/virtual_server#mode VirtualServer#mode}
  */
  readonly mode?: string;
}

export function virtualServerRelayControlToTerraform(struct?: VirtualServerRelayControl | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  return {
    allow_authenticated: cdktf.booleanToTerraform(struct!.allowAuthenticated),
    mode: cdktf.stringToTerraform(struct!.mode),
  }
}


export function virtualServerRelayControlToHclTerraform(struct?: VirtualServerRelayControl | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  const attrs = {
    allow_authenticated: {
      value: cdktf.booleanToHclTerraform(struct!.allowAuthenticated),
      isBlock: false,
      type: "simple",
      storageClassType: "boolean",
    },
    mode: {
      value: cdktf.stringToHclTerraform(struct!.mode),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

export class VirtualServerRelayControlOutputReference extends cdktf.ComplexObject {
  private isEmptyObject = false;
  private resolvableValue?: cdktf.IResolvable;

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  */
  public constructor(terraformResource: cdktf.IInterpolatingParent, terraformAttribute: string) {
    super(terraformResource, terraformAttribute, false);
  }

  public get internalValue(): VirtualServerRelayControl | cdktf.IResolvable | undefined {
    if (this.resolvableValue) {
      return this.resolvableValue;
    }
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    if (this._allowAuthenticated !== undefined) {
      hasAnyValues = true;
      internalValueResult.allowAuthenticated = this._allowAuthenticated;
    }
    if (this._mode !== undefined) {
      hasAnyValues = true;
      internalValueResult.mode = this._mode;
    }
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: VirtualServerRelayControl | cdktf.IResolvable | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
      this.resolvableValue = undefined;
      this._allowAuthenticated = undefined;
      this._mode = undefined;
    }
    else if (cdktf.Tokenization.isResolvable(value)) {
      this.isEmptyObject = false;
      this.resolvableValue = value;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
      this.resolvableValue = undefined;
      this._allowAuthenticated = value.allowAuthenticated;
      this._mode = value.mode;
    }
  }

  // allow_authenticated - computed: true, optional: true, required: false
  private _allowAuthenticated?: boolean | cdktf.IResolvable; 
  public get allowAuthenticated() {
    return this.getBooleanAttribute('allow_authenticated');
  }
  public set allowAuthenticated(value: boolean | cdktf.IResolvable) {
    this._allowAuthenticated = value;
  }
  public resetAllowAuthenticated() {
    this._allowAuthenticated = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get allowAuthenticatedInput() {
    return this._allowAuthenticated;
  }

  // mode - computed: true, optional: true, required: false
  private _mode?: string; 
  public get mode() {
    return this.getStringAttribute('mode');
  }
  public set mode(value: string) {
    this._mode = value;
  }
  public resetMode() {
    this._mode = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get modeInput() {
    return this._mode;
  }
}
export interface VirtualServerTimeouts {
  /**
  * How long create may wait, as a duration ("30s", "2m", "1m30s"). Defaults to `30s`.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/virtual_server#create VirtualServer#create}
  */
  readonly create?: string;
  /**
  * How long update may wait, as a duration ("30s", "2m", "1m30s"). Defaults to `30s`.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/virtual_server#update VirtualServer#update}
  */
  readonly update?: string;
}

export function virtualServerTimeoutsToTerraform(struct?: VirtualServerTimeouts | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  return {
    create: cdktf.stringToTerraform(struct!.create),
    update: cdktf.stringToTerraform(struct!.update),
  }
}


export function virtualServerTimeoutsToHclTerraform(struct?: VirtualServerTimeouts | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  const attrs = {
    create: {
      value: cdktf.stringToHclTerraform(struct!.create),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    update: {
      value: cdktf.stringToHclTerraform(struct!.update),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

export class VirtualServerTimeoutsOutputReference extends cdktf.ComplexObject {
  private isEmptyObject = false;
  private resolvableValue?: cdktf.IResolvable;

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  */
  public constructor(terraformResource: cdktf.IInterpolatingParent, terraformAttribute: string) {
    super(terraformResource, terraformAttribute, false);
  }

  public get internalValue(): VirtualServerTimeouts | cdktf.IResolvable | undefined {
    if (this.resolvableValue) {
      return this.resolvableValue;
    }
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    if (this._create !== undefined) {
      hasAnyValues = true;
      internalValueResult.create = this._create;
    }
    if (this._update !== undefined) {
      hasAnyValues = true;
      internalValueResult.update = this._update;
    }
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: VirtualServerTimeouts | cdktf.IResolvable | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
      this.resolvableValue = undefined;
      this._create = undefined;
      this._update = undefined;
    }
    else if (cdktf.Tokenization.isResolvable(value)) {
      this.isEmptyObject = false;
      this.resolvableValue = value;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
      this.resolvableValue = undefined;
      this._create = value.create;
      this._update = value.update;
    }
  }

  // create - computed: false, optional: true, required: false
  private _create?: string; 
  public get create() {
    return this.getStringAttribute('create');
  }
  public set create(value: string) {
    this._create = value;
  }
  public resetCreate() {
    this._create = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get createInput() {
    return this._create;
  }

  // update - computed: false, optional: true, required: false
  private _update?: string; 
  public get update() {
    return this.getStringAttribute('update');
  }
  public set update(value: string) {
    this._update = value;
  }
  public resetUpdate() {
    this._update = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get updateInput() {
    return this._update;
  }
}
export interface VirtualServerTls {
  /**
  * The `smtp_certificate` offered with STARTTLS. Unset: no STARTTLS.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/virtual_server#certificate_id VirtualServer#certificate_id}
  */
  readonly certificateId?: string;
  /**
  * Refuse TLS sessions with ciphers weaker than 128 bits. Defaults to `false`.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/virtual_server#require_128_bit VirtualServer#require_128_bit}
  */
  readonly require128Bit?: boolean | cdktf.IResolvable;
  /**
  * Refuse MAIL FROM until the client has started TLS. Defaults to `false`.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/virtual_server#require_tls VirtualServer#require_tls}
  */
  readonly requireTls?: boolean | cdktf.IResolvable;
}

export function virtualServerTlsToTerraform(struct?: VirtualServerTls | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  return {
    certificate_id: cdktf.stringToTerraform(struct!.certificateId),
    require_128_bit: cdktf.booleanToTerraform(struct!.require128Bit),
    require_tls: cdktf.booleanToTerraform(struct!.requireTls),
  }
}


export function virtualServerTlsToHclTerraform(struct?: VirtualServerTls | cdktf.IResolvable): any {
  if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) { return struct; }
  if (cdktf.isComplexElement(struct)) {
    throw new Error("A complex element was used as configuration, this is not supported: https://cdk.tf/complex-object-as-configuration");
  }
  const attrs = {
    certificate_id: {
      value: cdktf.stringToHclTerraform(struct!.certificateId),
      isBlock: false,
      type: "simple",
      storageClassType: "string",
    },
    require_128_bit: {
      value: cdktf.booleanToHclTerraform(struct!.require128Bit),
      isBlock: false,
      type: "simple",
      storageClassType: "boolean",
    },
    require_tls: {
      value: cdktf.booleanToHclTerraform(struct!.requireTls),
      isBlock: false,
      type: "simple",
      storageClassType: "boolean",
    },
  };

  // remove undefined attributes
  return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined));
}

export class VirtualServerTlsOutputReference extends cdktf.ComplexObject {
  private isEmptyObject = false;
  private resolvableValue?: cdktf.IResolvable;

  /**
  * @param terraformResource The parent resource
  * @param terraformAttribute The attribute on the parent resource this class is referencing
  */
  public constructor(terraformResource: cdktf.IInterpolatingParent, terraformAttribute: string) {
    super(terraformResource, terraformAttribute, false);
  }

  public get internalValue(): VirtualServerTls | cdktf.IResolvable | undefined {
    if (this.resolvableValue) {
      return this.resolvableValue;
    }
    let hasAnyValues = this.isEmptyObject;
    const internalValueResult: any = {};
    if (this._certificateId !== undefined) {
      hasAnyValues = true;
      internalValueResult.certificateId = this._certificateId;
    }
    if (this._require128Bit !== undefined) {
      hasAnyValues = true;
      internalValueResult.require128Bit = this._require128Bit;
    }
    if (this._requireTls !== undefined) {
      hasAnyValues = true;
      internalValueResult.requireTls = this._requireTls;
    }
    return hasAnyValues ? internalValueResult : undefined;
  }

  public set internalValue(value: VirtualServerTls | cdktf.IResolvable | undefined) {
    if (value === undefined) {
      this.isEmptyObject = false;
      this.resolvableValue = undefined;
      this._certificateId = undefined;
      this._require128Bit = undefined;
      this._requireTls = undefined;
    }
    else if (cdktf.Tokenization.isResolvable(value)) {
      this.isEmptyObject = false;
      this.resolvableValue = value;
    }
    else {
      this.isEmptyObject = Object.keys(value).length === 0;
      this.resolvableValue = undefined;
      this._certificateId = value.certificateId;
      this._require128Bit = value.require128Bit;
      this._requireTls = value.requireTls;
    }
  }

  // certificate_id - computed: true, optional: true, required: false
  private _certificateId?: string; 
  public get certificateId() {
    return this.getStringAttribute('certificate_id');
  }
  public set certificateId(value: string) {
    this._certificateId = value;
  }
  public resetCertificateId() {
    this._certificateId = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get certificateIdInput() {
    return this._certificateId;
  }

  // require_128_bit - computed: true, optional: true, required: false
  private _require128Bit?: boolean | cdktf.IResolvable; 
  public get require128Bit() {
    return this.getBooleanAttribute('require_128_bit');
  }
  public set require128Bit(value: boolean | cdktf.IResolvable) {
    this._require128Bit = value;
  }
  public resetRequire128Bit() {
    this._require128Bit = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get require128BitInput() {
    return this._require128Bit;
  }

  // require_tls - computed: true, optional: true, required: false
  private _requireTls?: boolean | cdktf.IResolvable; 
  public get requireTls() {
    return this.getBooleanAttribute('require_tls');
  }
  public set requireTls(value: boolean | cdktf.IResolvable) {
    this._requireTls = value;
  }
  public resetRequireTls() {
    this._requireTls = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get requireTlsInput() {
    return this._requireTls;
  }
}

/**
* Represents a {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/virtual_server smtp_virtual_server}
*/
export class VirtualServer extends cdktf.TerraformResource {

  // =================
  // STATIC PROPERTIES
  // =================
  public static readonly tfResourceType = "smtp_virtual_server";

  // ==============
  // STATIC Methods
  // ==============
  /**
  * Generates CDKTF code for importing a VirtualServer resource upon running "cdktf plan <stack-name>"
  * @param scope The scope in which to define this construct
  * @param importToId The construct id used in the generated config for the VirtualServer to import
  * @param importFromId The id of the existing VirtualServer that should be imported. Refer to the {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/virtual_server#import import section} in the documentation of this resource for the id to use
  * @param provider? Optional instance of the provider where the VirtualServer to import is found
  */
  public static generateConfigForImport(scope: Construct, importToId: string, importFromId: string, provider?: cdktf.TerraformProvider) {
        return new cdktf.ImportableResource(scope, importToId, { terraformResourceType: "smtp_virtual_server", importId: importFromId, provider });
      }

  // ===========
  // INITIALIZER
  // ===========

  /**
  * Create a new {@link https://registry.terraform.io/providers/relayform/smtp/latest/docs/resources/virtual_server smtp_virtual_server} Resource
  *
  * @param scope The scope in which to define this construct
  * @param id The scoped construct ID. Must be unique amongst siblings in the same scope
  * @param options VirtualServerConfig
  */
  public constructor(scope: Construct, id: string, config: VirtualServerConfig) {
    super(scope, id, {
      terraformResourceType: 'smtp_virtual_server',
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
    this._authentication.internalValue = config.authentication;
    this._bindAddress = config.bindAddress;
    this._connectionControl.internalValue = config.connectionControl;
    this._deadLetter.internalValue = config.deadLetter;
    this._delivery.internalValue = config.delivery;
    this._dropDirectory = config.dropDirectory;
    this._enabled = config.enabled;
    this._fqdn = config.fqdn;
    this._limits.internalValue = config.limits;
    this._localDomains = config.localDomains;
    this._name = config.name;
    this._ndr.internalValue = config.ndr;
    this._port = config.port;
    this._rateLimits.internalValue = config.rateLimits;
    this._relayControl.internalValue = config.relayControl;
    this._timeouts.internalValue = config.timeouts;
    this._tls.internalValue = config.tls;
  }

  // ==========
  // ATTRIBUTES
  // ==========

  // authentication - computed: true, optional: true, required: false
  private _authentication = new VirtualServerAuthenticationOutputReference(this, "authentication");
  public get authentication() {
    return this._authentication;
  }
  public putAuthentication(value: VirtualServerAuthentication) {
    this._authentication.internalValue = value;
  }
  public resetAuthentication() {
    this._authentication.internalValue = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get authenticationInput() {
    return this._authentication.internalValue;
  }

  // bind_address - computed: true, optional: true, required: false
  private _bindAddress?: string; 
  public get bindAddress() {
    return this.getStringAttribute('bind_address');
  }
  public set bindAddress(value: string) {
    this._bindAddress = value;
  }
  public resetBindAddress() {
    this._bindAddress = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get bindAddressInput() {
    return this._bindAddress;
  }

  // connection_control - computed: true, optional: true, required: false
  private _connectionControl = new VirtualServerConnectionControlOutputReference(this, "connection_control");
  public get connectionControl() {
    return this._connectionControl;
  }
  public putConnectionControl(value: VirtualServerConnectionControl) {
    this._connectionControl.internalValue = value;
  }
  public resetConnectionControl() {
    this._connectionControl.internalValue = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get connectionControlInput() {
    return this._connectionControl.internalValue;
  }

  // dead_letter - computed: true, optional: true, required: false
  private _deadLetter = new VirtualServerDeadLetterOutputReference(this, "dead_letter");
  public get deadLetter() {
    return this._deadLetter;
  }
  public putDeadLetter(value: VirtualServerDeadLetter) {
    this._deadLetter.internalValue = value;
  }
  public resetDeadLetter() {
    this._deadLetter.internalValue = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get deadLetterInput() {
    return this._deadLetter.internalValue;
  }

  // delivery - computed: false, optional: true, required: false
  private _delivery = new VirtualServerDeliveryOutputReference(this, "delivery");
  public get delivery() {
    return this._delivery;
  }
  public putDelivery(value: VirtualServerDelivery) {
    this._delivery.internalValue = value;
  }
  public resetDelivery() {
    this._delivery.internalValue = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get deliveryInput() {
    return this._delivery.internalValue;
  }

  // drop_directory - computed: true, optional: true, required: false
  private _dropDirectory?: string; 
  public get dropDirectory() {
    return this.getStringAttribute('drop_directory');
  }
  public set dropDirectory(value: string) {
    this._dropDirectory = value;
  }
  public resetDropDirectory() {
    this._dropDirectory = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get dropDirectoryInput() {
    return this._dropDirectory;
  }

  // enabled - computed: true, optional: true, required: false
  private _enabled?: boolean | cdktf.IResolvable; 
  public get enabled() {
    return this.getBooleanAttribute('enabled');
  }
  public set enabled(value: boolean | cdktf.IResolvable) {
    this._enabled = value;
  }
  public resetEnabled() {
    this._enabled = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get enabledInput() {
    return this._enabled;
  }

  // fqdn - computed: true, optional: true, required: false
  private _fqdn?: string; 
  public get fqdn() {
    return this.getStringAttribute('fqdn');
  }
  public set fqdn(value: string) {
    this._fqdn = value;
  }
  public resetFqdn() {
    this._fqdn = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get fqdnInput() {
    return this._fqdn;
  }

  // id - computed: true, optional: false, required: false
  public get id() {
    return this.getStringAttribute('id');
  }

  // limits - computed: true, optional: true, required: false
  private _limits = new VirtualServerLimitsOutputReference(this, "limits");
  public get limits() {
    return this._limits;
  }
  public putLimits(value: VirtualServerLimits) {
    this._limits.internalValue = value;
  }
  public resetLimits() {
    this._limits.internalValue = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get limitsInput() {
    return this._limits.internalValue;
  }

  // listener_state - computed: true, optional: false, required: false
  public get listenerState() {
    return this.getStringAttribute('listener_state');
  }

  // local_domains - computed: true, optional: true, required: false
  private _localDomains?: string[]; 
  public get localDomains() {
    return this.getListAttribute('local_domains');
  }
  public set localDomains(value: string[]) {
    this._localDomains = value;
  }
  public resetLocalDomains() {
    this._localDomains = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get localDomainsInput() {
    return this._localDomains;
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

  // ndr - computed: true, optional: true, required: false
  private _ndr = new VirtualServerNdrOutputReference(this, "ndr");
  public get ndr() {
    return this._ndr;
  }
  public putNdr(value: VirtualServerNdr) {
    this._ndr.internalValue = value;
  }
  public resetNdr() {
    this._ndr.internalValue = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get ndrInput() {
    return this._ndr.internalValue;
  }

  // port - computed: false, optional: false, required: true
  private _port?: number; 
  public get port() {
    return this.getNumberAttribute('port');
  }
  public set port(value: number) {
    this._port = value;
  }
  // Temporarily expose input value. Use with caution.
  public get portInput() {
    return this._port;
  }

  // rate_limits - computed: true, optional: true, required: false
  private _rateLimits = new VirtualServerRateLimitsOutputReference(this, "rate_limits");
  public get rateLimits() {
    return this._rateLimits;
  }
  public putRateLimits(value: VirtualServerRateLimits) {
    this._rateLimits.internalValue = value;
  }
  public resetRateLimits() {
    this._rateLimits.internalValue = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get rateLimitsInput() {
    return this._rateLimits.internalValue;
  }

  // relay_control - computed: true, optional: true, required: false
  private _relayControl = new VirtualServerRelayControlOutputReference(this, "relay_control");
  public get relayControl() {
    return this._relayControl;
  }
  public putRelayControl(value: VirtualServerRelayControl) {
    this._relayControl.internalValue = value;
  }
  public resetRelayControl() {
    this._relayControl.internalValue = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get relayControlInput() {
    return this._relayControl.internalValue;
  }

  // timeouts - computed: false, optional: true, required: false
  private _timeouts = new VirtualServerTimeoutsOutputReference(this, "timeouts");
  public get timeouts() {
    return this._timeouts;
  }
  public putTimeouts(value: VirtualServerTimeouts) {
    this._timeouts.internalValue = value;
  }
  public resetTimeouts() {
    this._timeouts.internalValue = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get timeoutsInput() {
    return this._timeouts.internalValue;
  }

  // tls - computed: true, optional: true, required: false
  private _tls = new VirtualServerTlsOutputReference(this, "tls");
  public get tls() {
    return this._tls;
  }
  public putTls(value: VirtualServerTls) {
    this._tls.internalValue = value;
  }
  public resetTls() {
    this._tls.internalValue = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get tlsInput() {
    return this._tls.internalValue;
  }

  // =========
  // SYNTHESIS
  // =========

  protected synthesizeAttributes(): { [name: string]: any } {
    return {
      authentication: virtualServerAuthenticationToTerraform(this._authentication.internalValue),
      bind_address: cdktf.stringToTerraform(this._bindAddress),
      connection_control: virtualServerConnectionControlToTerraform(this._connectionControl.internalValue),
      dead_letter: virtualServerDeadLetterToTerraform(this._deadLetter.internalValue),
      delivery: virtualServerDeliveryToTerraform(this._delivery.internalValue),
      drop_directory: cdktf.stringToTerraform(this._dropDirectory),
      enabled: cdktf.booleanToTerraform(this._enabled),
      fqdn: cdktf.stringToTerraform(this._fqdn),
      limits: virtualServerLimitsToTerraform(this._limits.internalValue),
      local_domains: cdktf.listMapper(cdktf.stringToTerraform, false)(this._localDomains),
      name: cdktf.stringToTerraform(this._name),
      ndr: virtualServerNdrToTerraform(this._ndr.internalValue),
      port: cdktf.numberToTerraform(this._port),
      rate_limits: virtualServerRateLimitsToTerraform(this._rateLimits.internalValue),
      relay_control: virtualServerRelayControlToTerraform(this._relayControl.internalValue),
      timeouts: virtualServerTimeoutsToTerraform(this._timeouts.internalValue),
      tls: virtualServerTlsToTerraform(this._tls.internalValue),
    };
  }

  protected synthesizeHclAttributes(): { [name: string]: any } {
    const attrs = {
      authentication: {
        value: virtualServerAuthenticationToHclTerraform(this._authentication.internalValue),
        isBlock: true,
        type: "struct",
        storageClassType: "VirtualServerAuthentication",
      },
      bind_address: {
        value: cdktf.stringToHclTerraform(this._bindAddress),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      connection_control: {
        value: virtualServerConnectionControlToHclTerraform(this._connectionControl.internalValue),
        isBlock: true,
        type: "struct",
        storageClassType: "VirtualServerConnectionControl",
      },
      dead_letter: {
        value: virtualServerDeadLetterToHclTerraform(this._deadLetter.internalValue),
        isBlock: true,
        type: "struct",
        storageClassType: "VirtualServerDeadLetter",
      },
      delivery: {
        value: virtualServerDeliveryToHclTerraform(this._delivery.internalValue),
        isBlock: true,
        type: "struct",
        storageClassType: "VirtualServerDelivery",
      },
      drop_directory: {
        value: cdktf.stringToHclTerraform(this._dropDirectory),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      enabled: {
        value: cdktf.booleanToHclTerraform(this._enabled),
        isBlock: false,
        type: "simple",
        storageClassType: "boolean",
      },
      fqdn: {
        value: cdktf.stringToHclTerraform(this._fqdn),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      limits: {
        value: virtualServerLimitsToHclTerraform(this._limits.internalValue),
        isBlock: true,
        type: "struct",
        storageClassType: "VirtualServerLimits",
      },
      local_domains: {
        value: cdktf.listMapperHcl(cdktf.stringToHclTerraform, false)(this._localDomains),
        isBlock: false,
        type: "list",
        storageClassType: "stringList",
      },
      name: {
        value: cdktf.stringToHclTerraform(this._name),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      ndr: {
        value: virtualServerNdrToHclTerraform(this._ndr.internalValue),
        isBlock: true,
        type: "struct",
        storageClassType: "VirtualServerNdr",
      },
      port: {
        value: cdktf.numberToHclTerraform(this._port),
        isBlock: false,
        type: "simple",
        storageClassType: "number",
      },
      rate_limits: {
        value: virtualServerRateLimitsToHclTerraform(this._rateLimits.internalValue),
        isBlock: true,
        type: "struct",
        storageClassType: "VirtualServerRateLimits",
      },
      relay_control: {
        value: virtualServerRelayControlToHclTerraform(this._relayControl.internalValue),
        isBlock: true,
        type: "struct",
        storageClassType: "VirtualServerRelayControl",
      },
      timeouts: {
        value: virtualServerTimeoutsToHclTerraform(this._timeouts.internalValue),
        isBlock: true,
        type: "struct",
        storageClassType: "VirtualServerTimeouts",
      },
      tls: {
        value: virtualServerTlsToHclTerraform(this._tls.internalValue),
        isBlock: true,
        type: "struct",
        storageClassType: "VirtualServerTls",
      },
    };

    // remove undefined attributes
    return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined ))
  }
}
